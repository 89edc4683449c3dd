"""Runtime configuration from environment variables (and an optional `.env` file).

Errors are turned into one readable line naming the variable, because the operator who sees
them is usually starting the bot by hand on a small server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

ENV_PREFIX = "RAO_BOT_"
TELEGRAM_API_URL = "https://api.telegram.org/bot"
_TOKEN_RE = re.compile(r"^\d+:[A-Za-z0-9_-]+$")
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


class ConfigError(Exception):
    """A configuration problem, already phrased as the one line the operator sees."""


def _split_ids(value: object, variable: str) -> list[int]:
    if value is None:
        return []
    if isinstance(value, list):
        items: list[object] = list(value)
    else:
        items = [p for p in str(value).replace(";", ",").split(",") if p.strip()]
    ids: list[int] = []
    for item in items:
        text = str(item).strip()
        if not re.fullmatch(r"-?\d+", text):
            raise ValueError(f"{ENV_PREFIX}{variable}: '{text}' is not a Telegram id (a number)")
        ids.append(int(text))
    return ids


class Settings(BaseSettings):
    """Everything the bot reads from its environment."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    token: SecretStr | None = None
    api_url: str = TELEGRAM_API_URL
    db: Path = Path("data/rao-bot.sqlite3")
    timezone: str = "Europe/Amsterdam"
    admins: Annotated[list[int], NoDecode] = Field(default_factory=list)
    allowed_chats: Annotated[list[int], NoDecode] = Field(default_factory=list)
    knowledge_dir: Path | None = None
    schedules_dir: Path = Path("schedules")
    # Telegram's own flood limits; 0 disables a limiter (tests and benchmarks on the sandbox).
    # rate_group calls per rate_group_period seconds in one group (Telegram: 20 a minute); a
    # test shortens the period on both sides, the bot's and the sandbox's, to run in seconds.
    rate_overall: float = 30
    rate_group: float = 20
    rate_group_period: float = Field(default=60, gt=0)
    concurrent_updates: int = 16
    # A chat (an operator's private chat or a small group) that receives error reports.
    error_chat: int | None = None
    # Days after a vote closes that its individual votes, reasons and scan answers are kept;
    # the stored result (counts, verdict) stays. 0 keeps them for ever.
    retention_days: int = 1095
    # Days that unanswered questions (kept without the asker) and the compliance log are kept.
    question_retention_days: int = 365
    # Retries of 5xx answers and network errors (bot.delivery.retrying_request): attempts in
    # all, and the first wait in seconds (doubling, at most 8 s, with as much random jitter).
    retry_attempts: int = Field(default=6, ge=1, le=20)
    retry_backoff: float = Field(default=0.5, ge=0, le=10)
    # Webhook mode (`rao-bot run --webhook`): Telegram posts updates to WEBHOOK_URL, which a
    # reverse proxy passes to the bot listening on WEBHOOK_LISTEN:WEBHOOK_PORT; every request
    # must carry WEBHOOK_SECRET in the X-Telegram-Bot-Api-Secret-Token header.
    webhook_url: str | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=0, le=65535)
    webhook_secret: SecretStr | None = None
    # The dashboard (bot.web): in polling mode its own server on WEB_LISTEN:WEB_PORT (0: off);
    # in webhook mode the webhook's server. WEB_URL is its public https address (the menu
    # button and /dashboard open WEB_URL/web/); WEB_TELEGRAM_JS is Telegram's Mini App script.
    web_port: int = Field(default=0, ge=0, le=65535)
    web_listen: str = "127.0.0.1"
    web_url: str | None = None
    web_telegram_js: str = "https://telegram.org/js/telegram-web-app.js"

    @field_validator("admins", mode="before")
    @classmethod
    def _parse_admins(cls, value: object) -> list[int]:
        return _split_ids(value, "ADMINS")

    @field_validator("allowed_chats", mode="before")
    @classmethod
    def _parse_chats(cls, value: object) -> list[int]:
        return _split_ids(value, "ALLOWED_CHATS")

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"{ENV_PREFIX}TIMEZONE: unknown time zone '{value}'") from exc
        return value

    @field_validator("api_url")
    @classmethod
    def _check_api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"{ENV_PREFIX}API_URL: '{value}' is not an http(s) URL")
        return value

    @field_validator("token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value()):
            raise ValueError(f"{ENV_PREFIX}TOKEN is malformed (expected '<digits>:<letters>')")
        return value

    @field_validator("webhook_url")
    @classmethod
    def _check_webhook_url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"{ENV_PREFIX}WEBHOOK_URL: '{value}' is not an http(s) URL")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram's rule for secret_token: 1-256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not _SECRET_RE.match(value.get_secret_value()):
            raise ValueError(
                f"{ENV_PREFIX}WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ or -"
            )
        return value

    def webhook_values(self) -> tuple[str, str]:
        """(URL, secret) for webhook mode; a one-line ConfigError naming what is missing."""
        if not self.webhook_url:
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_URL is not set: webhook mode needs the public https URL "
                "that Telegram posts updates to."
            )
        if self.webhook_secret is None:
            raise ConfigError(
                f"{ENV_PREFIX}WEBHOOK_SECRET is not set: webhook mode refuses requests without "
                "the secret (1-256 letters, digits, _ or -)."
            )
        return self.webhook_url, self.webhook_secret.get_secret_value()

    def web_base(self, port: int | None = None) -> str | None:
        """The dashboard's public address without a trailing slash; None when it is off."""
        if self.web_url:
            return self.web_url.rstrip("/")
        if port:
            return f"http://{self.web_listen}:{port}"
        return None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def token_value(self) -> str:
        if self.token is None:
            raise ConfigError(
                f"{ENV_PREFIX}TOKEN is not set: set it to your bot token from BotFather, "
                "or try the bot offline with `rao-bot demo`."
            )
        return self.token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read settings, turning pydantic's multi-line report into one line per variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        message = str(first.get("msg", "invalid value"))
        message = message.removeprefix("Value error, ")
        if not message.startswith(ENV_PREFIX):
            field = ".".join(str(p) for p in first.get("loc", ()))
            message = f"{ENV_PREFIX}{field.upper()}: {message}"
        raise ConfigError(message) from None
