"""What a vote is, legally: a consultation, a mandate to the board, or an electronic vote
before a general meeting (ALV). The bot labels every vote with its purpose so that nobody
mistakes an advisory poll for a decision of the members.

A vote in the bot is a consultation or a mandate, not an ALV decision, unless the statutes
allow electronic voting before a meeting (Burgerlijk Wetboek 2:38 and, for a cooperative,
2:53a); the ALV kind says so wherever it is shown.
"""

from __future__ import annotations

from enum import StrEnum
from html import escape

from bot.polls.rules import PollInputError
from bot.texts import vote_kinds as texts


class Purpose(StrEnum):
    CONSULTATION = "raadpleging"
    MANDATE = "bestuursmandaat"
    GENERAL_MEETING = "alv-voorstemming"

    @property
    def label(self) -> str:
        return texts.PURPOSE_TITLES[self.value]

    @property
    def meaning(self) -> str:
        """The plain Dutch meaning, for the vote message and the result."""
        return texts.PURPOSE_MEANINGS[self.value]

    @property
    def needs_representation_list(self) -> bool:
        """Only a mandate to the board needs the list of pharmacies that gave it."""
        return self is Purpose.MANDATE


_WORDS = {
    "raadpleging": Purpose.CONSULTATION,
    "advies": Purpose.CONSULTATION,
    "adviserend": Purpose.CONSULTATION,
    "peiling": Purpose.CONSULTATION,
    "bestuursmandaat": Purpose.MANDATE,
    "mandaat": Purpose.MANDATE,
    "alv-voorstemming": Purpose.GENERAL_MEETING,
    "alv voorstemming": Purpose.GENERAL_MEETING,
    "alv": Purpose.GENERAL_MEETING,
    "voorstemming": Purpose.GENERAL_MEETING,
}


def parse_purpose(text: str) -> Purpose:
    """`raadpleging`, `bestuursmandaat` or `alv-voorstemming` (and a few synonyms)."""
    normal = " ".join(text.lower().split()).strip(" .")
    found = _WORDS.get(normal)
    if found is None:
        raise PollInputError(texts.purpose_unknown(escape(text.strip(), quote=False)))
    return found


def purpose_of(stored: str | None) -> Purpose | None:
    """A stored purpose; None for polls from before purposes existed (and for scans)."""
    try:
        return Purpose(stored) if stored else None
    except ValueError:
        return None
