"""What the knowledge feature keeps in the database, as the repository hands it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Vote = Literal[-1, 1]


@dataclass(frozen=True)
class GuardSettings:
    enabled: bool = True  # warn about risky messages (default on)
    log_text: bool = False  # keep the text of risky messages in the compliance log
    reminder_line: bool = False  # a competition-law line under meeting reminders


@dataclass(frozen=True)
class UnansweredQuestion:
    """One question the bot could not answer; nothing in it says who asked."""

    id: int
    asked_utc: datetime
    text: str
    normalized: str
    chat_id: int | None  # the group it was asked in; None in a private chat
    org_id: int | None  # the organisation of the group or of the asker, when known
    outcome: Literal["none", "suggest"]


@dataclass(frozen=True)
class UnansweredGroup:
    """Questions that read the same after normalisation, most frequent first."""

    normalized: str
    count: int
    text: str  # the latest wording
    last_utc: datetime


@dataclass(frozen=True)
class RatingCount:
    entry_id: str
    down: int
    up: int


@dataclass(frozen=True)
class GuardLogRow:
    logged_utc: datetime
    signal: str
    rule: str | None
    text: str | None  # only where the group turned the text log on
    warned: bool
