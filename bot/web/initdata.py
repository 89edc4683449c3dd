"""Telegram Mini App `initData`: checked exactly as "Validating data received via the Mini App"
(core.telegram.org/bots/webapps) describes it, and signed the same way for the offline demo.

The data-check-string is every received field except `hash`, as `key=value` with the decoded
value, sorted by key and joined with line feeds; the secret key is HMAC-SHA256 of the bot token
with the key "WebAppData", and the hash is the hex HMAC-SHA256 of the data-check-string with
that secret key. Data older than `MAX_AGE` is refused, so a copied link stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

MAX_AGE = 3600  # seconds an initData stays valid after Telegram signed it
_FUTURE_SLACK = 60  # clocks differ a little


class InitDataError(ValueError):
    """Why an initData was refused (for the log; the user sees only 401)."""


@dataclass(frozen=True)
class WebUser:
    id: int
    first_name: str
    username: str | None
    auth_date: int


def _secret_key(bot_token: str) -> bytes:
    return hmac.new(b"WebAppData", bot_token.encode(), hashlib.sha256).digest()


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "hash")


def sign_fields(fields: dict[str, str], bot_token: str) -> str:
    return hmac.new(
        _secret_key(bot_token), data_check_string(fields).encode(), hashlib.sha256
    ).hexdigest()


def validate(init_data: str, bot_token: str, now: float | None = None) -> WebUser:
    """The user of a genuine, fresh initData; InitDataError for anything else."""
    if not init_data:
        raise InitDataError("missing")
    try:
        pairs = parse_qsl(init_data, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise InitDataError("unparsable") from exc
    fields: dict[str, str] = {}
    for key, value in pairs:
        if key in fields:
            raise InitDataError(f"duplicate field {key}")
        fields[key] = value
    supplied = fields.get("hash", "")
    if not supplied:
        raise InitDataError("no hash")
    if not hmac.compare_digest(sign_fields(fields, bot_token), supplied.lower()):
        raise InitDataError("hash mismatch")
    try:
        auth_date = int(fields["auth_date"])
    except (KeyError, ValueError) as exc:
        raise InitDataError("no auth_date") from exc
    moment = time.time() if now is None else now
    if auth_date < moment - MAX_AGE or auth_date > moment + _FUTURE_SLACK:
        raise InitDataError("expired")
    try:
        user = json.loads(fields["user"])
        return WebUser(
            int(user["id"]), str(user.get("first_name", "")), user.get("username"), auth_date
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise InitDataError("no user") from exc


def sign(
    bot_token: str,
    user_id: int,
    first_name: str,
    username: str | None = None,
    auth_date: int | None = None,
) -> str:
    """An initData as a Telegram client would pass it, for the demo link and tests."""
    user: dict[str, object] = {"id": user_id, "first_name": first_name, "language_code": "nl"}
    if username:
        user["username"] = username
    fields = {
        "auth_date": str(int(time.time()) if auth_date is None else auth_date),
        "query_id": f"AAH{user_id}demo",
        "user": json.dumps(user, separators=(",", ":"), ensure_ascii=False),
    }
    fields["hash"] = sign_fields(fields, bot_token)
    return urlencode(fields)
