"""The bot's clock, one for handlers, jobs and delivery alike."""

from __future__ import annotations

from datetime import UTC, datetime


def now_utc() -> datetime:
    """Always aware UTC, so storage and scheduling never see naive times."""
    return datetime.now(UTC)
