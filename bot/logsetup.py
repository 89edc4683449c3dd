"""Logging set-up that never lets the bot token reach a log line.

httpx logs every request URL at INFO, and the Bot API puts the token in the URL, so a filter
redacts anything that looks like a token, whatever logger or level produced it.
"""

from __future__ import annotations

import logging
import re
import sys
from types import TracebackType
from urllib.parse import quote

# A bot token is "<digits>:<secret>"; in a URL-encoded query (file downloads at DEBUG) the colon
# becomes %3A, so both spellings are redacted.
_TOKEN_PATTERN = re.compile(r"\d{3,}(?::|%3[Aa])[A-Za-z0-9_-]{3,}")
REDACTED = "<token>"


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    for secret in secrets:
        if secret:
            for spelling in {secret, quote(secret, safe=""), quote(secret)}:
                text = text.replace(spelling, REDACTED)
    return _TOKEN_PATTERN.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites the formatted message so args and exceptions are covered too."""

    def __init__(self, secrets: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message, self.secrets)
        if cleaned != message:
            record.msg = cleaned
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            if _TOKEN_PATTERN.search(str(exc)):
                record.exc_text = redact(
                    logging.Formatter().formatException(record.exc_info), self.secrets
                )
        return True


def install_redaction(secrets: tuple[str, ...] = ()) -> None:
    """Filter every root handler: filters set on loggers do not apply to child loggers. An
    uncaught exception (PTB's InvalidToken names the rejected token) is printed redacted too."""
    root = logging.getLogger()
    for handler in root.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter(secrets))

    def excepthook(
        kind: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        text = "".join(logging.Formatter().formatException((kind, value, tb)))
        print(redact(text, secrets), file=sys.stderr)

    sys.excepthook = excepthook


def setup_logging(level: int = logging.INFO, secrets: tuple[str, ...] = ()) -> None:
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True
    )
    for handler in logging.getLogger().handlers:
        handler.setLevel(level)  # also for libraries that set DEBUG on their own logger (bm25s)
    # httpx's per-request lines are noise at INFO; they stay available (redacted) at DEBUG.
    if level > logging.DEBUG:
        logging.getLogger("httpx").setLevel(logging.WARNING)
        # APScheduler logs every timer run at INFO; reminders log their own sends.
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
    install_redaction(secrets)
