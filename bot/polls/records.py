"""Plain records that storage returns for the voting feature, and their text encodings.

Storage speaks SQL and hands back these frozen dataclasses, so that the service and the
handlers never see database rows. Quorum and threshold are stored as exact fractions
("17/20", "1/2+" for "more than half"), never as floats.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from fractions import Fraction

from bot.polls.purpose import Purpose
from bot.polls.roster_csv import RosterEntry
from bot.polls.rules import Share
from bot.polls.rules import VotingUnit as VotingUnit
from bot.polls.tally import PollKind
from bot.texts import roster as roster_texts


class MemberStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


class StoredKind(StrEnum):
    """Poll kinds as stored: the three tally kinds plus the maturity scan."""

    MANDATE = "mandaat"
    SINGLE = "enkelvoudig"
    MULTIPLE = "meerkeuze"
    SCAN = "scan"

    @property
    def tally_kind(self) -> PollKind:
        if self is StoredKind.SCAN:
            raise ValueError("a scan is not tallied as a poll")
        return PollKind(self.value)


def share_to_text(share: Share | None) -> str | None:
    if share is None:
        return None
    text = f"{share.value.numerator}/{share.value.denominator}"
    return text + "+" if share.strict else text


def share_from_text(text: str | None) -> Share | None:
    if text is None:
        return None
    strict = text.endswith("+")
    numerator, denominator = text.rstrip("+").split("/")
    return Share(Fraction(int(numerator), int(denominator)), strict)


def person_label(name: str | None, username: str | None, fallback: str) -> str:
    """How a person is named in lists and messages: "name (@user)" (not escaped)."""
    if username:
        return f"{name} (@{username})" if name else f"@{username}"
    return name or fallback


def pharmacy_unit(pharmacy_id: int) -> str:
    return f"p{pharmacy_id}"


def member_unit(user_id: int) -> str:
    return f"u{user_id}"


@dataclass(frozen=True)
class Organisation:
    id: int
    name: str
    voting_unit: VotingUnit
    chat_ids: tuple[int, ...] = ()
    proxy_cap: int = 1  # proxies one member may hold per vote (0: none)

    @property
    def main_chat(self) -> int | None:
        return self.chat_ids[0] if self.chat_ids else None


@dataclass(frozen=True)
class Pharmacy:
    id: int
    org_id: int
    name: str
    agb: str | None
    removed: bool = False  # taken off the roster; kept so closed results still name it


@dataclass(frozen=True)
class Member:
    id: int
    org_id: int
    pharmacy_id: int | None
    pharmacy_name: str | None
    user_id: int | None
    username: str | None
    display_name: str | None
    status: MemberStatus
    requested_pharmacy: str | None = None
    requested_agb: str | None = None
    pharmacy_removed: bool = False  # its pharmacy was taken off the roster (status: rejected)

    @property
    def label(self) -> str:
        """How the member is named in lists and exports (not escaped)."""
        return person_label(self.display_name, self.username, roster_texts.member_fallback(self.id))


@dataclass(frozen=True)
class PollRecord:
    id: int
    org_id: int
    kind: StoredKind
    question: str
    options: tuple[str, ...]
    unit: VotingUnit
    quorum: Share | None
    threshold: Share | None
    secret: bool
    chat_id: int
    message_id: int | None
    created_by: int
    created_utc: datetime
    closes_utc: datetime | None
    reminder_leads: tuple[int, ...]  # seconds before closing
    closed_utc: datetime | None
    result: dict[str, object] | None = None
    result_posted: bool = False
    outcome: str | None = None
    electorate_fixed: bool = False  # voting units stored at opening (poll_electorate)
    purpose: Purpose | None = None  # None: a scan, or a poll from before purposes
    review_date: date | None = None
    review_meeting_id: int | None = None
    withdrawn_utc: datetime | None = None  # withdrawn by the board: closed, without a result
    withdrawn_by_label: str | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_utc is None

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_utc is not None

    @property
    def secrecy(self) -> Secrecy:
        """Who sees what of this vote: the one answer every text (vote card, export captions,
        dashboard) is worded from, so they cannot disagree."""
        if not self.secret:
            return Secrecy.OPEN
        if self.kind is StoredKind.MANDATE and (
            self.purpose is None or self.purpose.needs_representation_list
        ):
            return Secrecy.FOR_LIST
        return Secrecy.WHO_VOTED

    def due(self, now: datetime) -> bool:
        return self.is_open and self.closes_utc is not None and self.closes_utc <= now


class Secrecy(StrEnum):
    OPEN = "open"  # everyone sees the interim count; the board sees who voted what
    FOR_LIST = "voorlijst"  # a mandate: the board sees which units voted for, nothing more
    WHO_VOTED = "wie"  # the board sees who voted, not what


@dataclass(frozen=True)
class PollDraft:
    org_id: int
    kind: StoredKind
    question: str
    options: tuple[str, ...]
    unit: VotingUnit
    quorum: Share | None
    threshold: Share | None
    secret: bool
    chat_id: int
    created_by: int
    created_utc: datetime
    closes_utc: datetime | None
    reminder_leads: tuple[int, ...] = ()
    purpose: Purpose | None = None


class CastStatus(StrEnum):
    RECORDED = "recorded"
    CHANGED = "changed"
    DUPLICATE = "duplicate"
    UNKNOWN_POLL = "unknown_poll"
    UNKNOWN_OPTION = "unknown_option"
    CLOSED = "closed"
    NOT_MEMBER = "not_member"
    PENDING = "pending"
    NOT_IN_ELECTORATE = "not_in_electorate"  # joined the roster after the vote opened
    NEEDS_CONFIRM = "needs_confirm"  # would replace the vote another member cast


@dataclass(frozen=True)
class LatestVote:
    """A unit's current vote, with who cast it (to confirm or report a change)."""

    vote_id: int
    choice: tuple[int, ...]
    user_id: int
    by_label: str
    proxy_id: int | None = None  # cast by a proxy holder


@dataclass(frozen=True)
class Conflict:
    """A unit whose vote, cast by another member, a press would change."""

    unit_key: str
    unit_label: str
    previous: LatestVote


@dataclass(frozen=True)
class Notice:
    """Someone to tell privately after a press: their vote for a unit was replaced, or their
    proxy for it ended because the unit voted itself."""

    user_id: int
    unit_label: str
    old_choice: tuple[int, ...]
    proxy_ended: bool = False


@dataclass(frozen=True)
class CastOutcome:
    status: CastStatus
    poll: PollRecord | None = None
    choice: tuple[int, ...] = ()
    units: int = 0  # voting units this press counted for
    conflicts: tuple[Conflict, ...] = ()  # NEEDS_CONFIRM: what the voter must confirm
    confirm_base: int = 0  # NEEDS_CONFIRM: the latest vote id the confirmation is about
    notices: tuple[Notice, ...] = ()
    proxy_units: tuple[str, ...] = ()  # labels of the units the press counted for by proxy


@dataclass(frozen=True)
class VoteRow:
    """One stored vote event, with what is known of the voter's name (for exports)."""

    unit_key: str
    user_id: int
    choice: tuple[int, ...]
    cast_utc: datetime
    member_name: str | None = None  # as on the roster
    member_username: str | None = None
    user_first_name: str | None = None  # as Telegram last showed the user
    user_username: str | None = None
    via_proxy: bool = False  # cast by a proxy holder for the unit


@dataclass(frozen=True)
class ClosingChange:
    """One move of a poll's closing time by the board (/verleng), kept for the record."""

    old_closes_utc: datetime | None
    new_closes_utc: datetime
    changed_by: int
    changed_by_label: str
    changed_utc: datetime


@dataclass(frozen=True)
class ReminderMessage:
    """A private reminder as sent, and the state its text last showed (see `nudges`)."""

    poll_id: int
    user_id: int
    message_id: int
    unit_keys: tuple[str, ...]
    unit_label: str
    shown: str


@dataclass(frozen=True)
class Recipient:
    user_id: int | None
    label: str


@dataclass(frozen=True)
class VotingUnitInfo:
    """An eligible voting unit and who can vote for it."""

    key: str
    label: str
    agb: str | None
    pharmacy_names: tuple[str, ...]
    recipients: tuple[Recipient, ...] = field(default=())
    member_ids: tuple[int, ...] = ()  # the roster rows that vote for this unit


@dataclass(frozen=True)
class RosterImportResult:
    added: int
    updated: int
    unchanged: int
    members_added: int
    conflicts: tuple[tuple[int, str, str], ...] = ()  # (line, agb, existing pharmacy name)
    removed: tuple[Pharmacy, ...] = ()  # "vervang": pharmacies not in the file


@dataclass(frozen=True)
class RosterReplacement:
    """An import in "vervang" mode waiting for the board's confirmation, or (no entries yet)
    a /leden vervang waiting for its file."""

    id: int
    org_id: int
    user_id: int
    entries: tuple[RosterEntry, ...] | None
    removals: tuple[int, ...]  # pharmacy ids the preview showed
    created_utc: datetime
    done: bool


@dataclass(frozen=True)
class LinkCode:
    """A one-time code of /koppelcode as stored."""

    code: str
    org_id: int
    created_chat: int
    expires_utc: datetime
    used: bool


class LinkStatus(StrEnum):
    """What became of `/koppel <code>` in a group."""

    LINKED = "linked"
    UNKNOWN_CODE = "unknown_code"
    EXPIRED = "expired"
    USED = "used"
    ALREADY_LINKED = "already_linked"
    HAS_DATA = "has_data"  # the group's own organisation has a roster or polls


@dataclass(frozen=True)
class LinkOutcome:
    status: LinkStatus
    org: Organisation | None = None  # the organisation the code belongs to
    current: Organisation | None = None  # the group's organisation before (for HAS_DATA)
    code_chat: int | None = None  # the group in which the code was made
    merged_away: bool = False  # an empty organisation of the group was removed


class UnlinkStatus(StrEnum):
    ALLOWED = "allowed"  # the check before asking: this group may be unlinked
    UNLINKED = "unlinked"
    NOT_LINKED = "not_linked"
    LAST_GROUP = "last_group"


@dataclass(frozen=True)
class UnlinkOutcome:
    status: UnlinkStatus
    org: Organisation | None = None  # as it was before unlinking


@dataclass(frozen=True)
class Conversation:
    user_id: int
    kind: str
    state: dict[str, object]


def dump_json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Proxy:
    """A volmacht: the vote of unit `unit_key` on one poll entrusted to another member."""

    id: int
    poll_id: int
    unit_key: str
    grantor_member_id: int
    holder_member_id: int
    created_utc: datetime
    revoked_utc: datetime | None = None
    used: bool = False  # the holder voted with it
    unit_label: str = ""
    grantor_label: str = ""
    holder_label: str = ""
    grantor_user_id: int | None = None
    holder_user_id: int | None = None

    @property
    def active(self) -> bool:
        return self.revoked_utc is None


@dataclass(frozen=True)
class Seat:
    """One roster row that may vote for a unit of a poll, as stored when the poll opened."""

    unit_key: str
    member_id: int
    unit_label: str
