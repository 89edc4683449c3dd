"""Rows of the delivery ledger: one per message the database tracks (see bot.delivery.ledger)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class DeliveryState(StrEnum):
    """sending -> sent | unknown (no answer came) | failed (not sent) | refused (Telegram said
    no: blocked, chat gone, bad request). A `sending` row whose process died is `unknown`."""

    SENDING = "sending"
    SENT = "sent"
    UNKNOWN = "unknown"
    FAILED = "failed"
    REFUSED = "refused"


@dataclass(frozen=True)
class DeliveryEntry:
    ref: str  # what is sent: 'agenda-reminder:42', 'poll-result:7:text'
    chat_id: int
    method: str
    state: DeliveryState
    attempts: int
    at_utc: datetime  # when `state` was set
    reason: str | None
