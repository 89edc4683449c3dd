"""One-time codes that link another group chat to an organisation (/koppelcode, /koppel),
and the rules for linking and unlinking groups.

Short enough to type over, from an alphabet without look-alikes (no 0/O, 1/I/L), and only
valid for a day: whoever holds a code can attach a group they administer to the organisation.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.polls.records import LinkCode, LinkStatus

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_VALIDITY = timedelta(hours=24)

_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_link_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The code as stored, forgiving case and separators; None when it cannot be a code."""
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code


@dataclass(frozen=True)
class LinkPlan:
    """What `/koppel <code>` does: refused (a status), or link, leaving the group's own
    organisation, which is removed when the group was its last one."""

    status: LinkStatus
    remove_current: bool = False


def plan_link(
    code: LinkCode | None,
    code_org_exists: bool,
    current_org: int | None,
    current_has_data: bool,
    current_other_groups: int,
    now: datetime,
) -> LinkPlan:
    """A group may leave its own organisation only while that one is empty (no pharmacies,
    members or polls); one with data refuses, so nothing is ever merged by accident."""
    if code is None or not code_org_exists:
        return LinkPlan(LinkStatus.UNKNOWN_CODE)
    if code.used:
        return LinkPlan(LinkStatus.USED)
    if code.expires_utc <= now:
        return LinkPlan(LinkStatus.EXPIRED)
    if current_org == code.org_id:
        return LinkPlan(LinkStatus.ALREADY_LINKED)
    if current_org is None:
        return LinkPlan(LinkStatus.LINKED)
    if current_has_data:
        return LinkPlan(LinkStatus.HAS_DATA)
    return LinkPlan(LinkStatus.LINKED, remove_current=current_other_groups == 0)


def may_unlink(other_groups: int) -> bool:
    """An organisation keeps at least one group."""
    return other_groups > 0
