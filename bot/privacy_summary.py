"""The readable side of /mijngegevens: per category, in Dutch, what is stored about a member.

The JSON file is complete but made for computers (ids, option numbers, UTC); a pharmacist reads
this instead: "Je stem bij stemming #1 (Mandaat …?): Tegen", names for ids, Amsterdam times.
"""

from __future__ import annotations

import json
from collections import Counter
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from bot.dutch_words import format_moment
from bot.polls import records as pr
from bot.storage.db import from_iso
from bot.storage.privacy import Names
from bot.texts import privacy as texts

Rows = dict[str, list[dict[str, Any]]]


def wanted_ids(personal: Rows) -> tuple[set[int], set[int], set[int], set[int]]:
    """Poll, pharmacy, member and chat ids the summary names."""
    polls: set[int] = set()
    pharmacies: set[int] = set()
    members: set[int] = set()
    chats: set[int] = set()
    for table, rows in personal.items():
        for row in rows:
            if "poll_id" in row:
                polls.add(int(row["poll_id"]))
            if table == "members" and row["pharmacy_id"] is not None:
                pharmacies.add(int(row["pharmacy_id"]))
            if str(row.get("unit_key", "")).startswith("p"):
                pharmacies.add(int(row["unit_key"][1:]))
            if table.startswith("poll_proxies"):
                members.update((int(row["grantor_member_id"]), int(row["holder_member_id"])))
            if table == "agenda_followers":
                chats.add(int(row["chat_id"]))
    return polls, pharmacies, members, chats


def person(names: Names, member_id: int) -> str:
    """A roster row named as everywhere else ("name (@user)", else its pharmacy)."""
    found = names.members.get(member_id)
    return pr.person_label(*found) if found else texts.UNKNOWN


def summary_lines(
    user_id: int, personal: Rows, board: Rows, names: Names, tz: ZoneInfo
) -> list[str]:
    def when(value: str | None) -> str:
        return format_moment(from_iso(value), tz) if value else ""

    named: set[int] = set()

    def poll(poll_id: int) -> str:
        """The question the first time a poll is named; later just its number."""
        question = names.polls.get(poll_id, ("", []))[0]
        if not question or poll_id in named:
            return texts.poll_label(poll_id, None)
        named.add(poll_id)
        return texts.poll_label(poll_id, escape(question))

    def unit(key: str) -> str:
        if key.startswith("p") and key[1:].isdigit():
            return escape(names.pharmacies.get(int(key[1:]), key))
        return texts.UNIT_SELF

    lines: list[str] = []
    for row in personal.get("users", []):
        label = escape(row["first_name"] or "") + (
            f" (@{escape(row['username'])})" if row["username"] else ""
        )
        lines.append(texts.account(label, bool(row["started_private"])))
    for row in personal.get("members", []):
        pharmacy = (
            names.pharmacies.get(row["pharmacy_id"]) or row["requested_pharmacy"] or texts.UNKNOWN
        )
        lines.append(
            texts.membership(
                escape(names.organisations.get(row["org_id"], "")),
                escape(pharmacy),
                texts.MEMBER_STATUS.get(row["status"], str(row["status"])),
                when(row["created_utc"]),
            )
        )
    for row in personal.get("votes", []):
        options = names.polls.get(row["poll_id"], ("", []))[1]
        chosen = [
            options[i] if 0 <= i < len(options) else str(i) for i in json.loads(row["choice_json"])
        ]
        lines.append(
            texts.vote(
                poll(row["poll_id"]),
                escape(", ".join(chosen)),
                unit(row["unit_key"]),
                when(row["cast_utc"]),
                row["proxy_id"] is not None,
            )
        )
    for row in personal.get("vote_reasons", []):
        lines.append(texts.reason(poll(row["poll_id"]), escape(row["reason"])))
    for poll_id, count in sorted(
        Counter(r["poll_id"] for r in personal.get("scan_answers", [])).items()
    ):
        lines.append(texts.scan(poll(poll_id), count))
    for row in personal.get("poll_proxies_given", []):
        holder = escape(person(names, row["holder_member_id"]))
        lines.append(texts.proxy_given(poll(row["poll_id"]), holder, when(row["revoked_utc"])))
    for row in personal.get("poll_proxies_held", []):
        grantor = escape(person(names, row["grantor_member_id"]))
        lines.append(texts.proxy_held(poll(row["poll_id"]), grantor, when(row["revoked_utc"])))
    seats = personal.get("poll_electorate_members", []) + personal.get("poll_electorate", [])
    for poll_id, label in sorted({(r["poll_id"], r["label"]) for r in seats if r["label"]}):
        lines.append(texts.electorate(poll(poll_id), escape(label)))
    for table, line in (
        ("poll_conversations", texts.conversations),
        ("poll_reminder_messages", texts.reminders),
        ("knowledge_ratings", texts.ratings),
        ("guard_warnings", texts.warnings),
    ):
        if personal.get(table):
            lines.append(line(len(personal[table])))
    for row in personal.get("agenda_followers", []):
        lines.append(texts.follows(escape(names.chats.get(row["chat_id"]) or str(row["chat_id"]))))
    actions = _board_counts(user_id, board)
    if actions:
        lines += ["", texts.BOARD_TITLE, *actions]
    if not lines:
        return [texts.SUMMARY_NOTHING]
    return [texts.SUMMARY_TITLE, "", *lines, "", texts.SUMMARY_FOOTER]


def _board_counts(user_id: int, board: Rows) -> list[str]:
    lines = []
    for (table, column), label in texts.BOARD_ACTIONS.items():
        count = sum(1 for row in board.get(table, []) if row.get(column) == user_id)
        if count:
            lines.append(texts.board_action(label, count))
    return lines
