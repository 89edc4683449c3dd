"""Everything stored about one Telegram user: read it out, or remove and unlink it.

Each (table, column) that holds a user id is listed once here, so an export and a removal can
never disagree about what "everything" is. Counts that others rely on (votes of a pharmacy,
scan answers per respondent) stay, re-keyed to a random pseudonym that links to nobody.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.storage.db import Repository, to_iso

# Rows a user can ask for, by the column holding their Telegram user id.
PERSONAL: tuple[tuple[str, str], ...] = (
    ("users", "id"),
    ("members", "user_id"),
    ("votes", "user_id"),
    ("vote_reasons", "user_id"),
    ("scan_answers", "user_id"),
    ("poll_conversations", "user_id"),
    ("poll_reminder_messages", "user_id"),
    ("agenda_followers", "user_id"),
    ("knowledge_ratings", "user_id"),
    ("guard_warnings", "user_id"),
)
# Rows that name them through their roster row (members.id), under the export's key.
VIA_MEMBER: tuple[tuple[str, str, str], ...] = (
    ("poll_proxies_given", "poll_proxies", "grantor_member_id"),
    ("poll_proxies_held", "poll_proxies", "holder_member_id"),
    ("poll_electorate_members", "poll_electorate_members", "member_id"),
)
# Board actions: who created, closed, approved, moved... Exported (the person may see them) but
# kept by a removal: the board answers to the members for what it did (README, privacy).
# (table, columns holding the user id, columns exported: a feed's secret stays out).
BOARD_ACTIONS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("polls", ("created_by", "closed_by", "outcome_by", "withdrawn_by"), "*"),
    ("poll_closing_changes", ("changed_by",), "*"),
    ("members", ("decided_by",), "id, org_id, pharmacy_id, status, decided_utc, decided_by"),
    ("pharmacies", ("removed_by",), "*"),
    ("roster_replacements", ("user_id",), "*"),
    ("agenda_meetings", ("created_by",), "*"),
    ("agenda_occurrence_changes", ("created_by",), "*"),
    ("agenda_subscriptions", ("created_by",), "*"),
    ("organisation_link_codes", ("created_by", "used_by"), "*"),
    ("web_feeds", ("created_by",), "org_id, created_utc, created_by"),
)


@dataclass(frozen=True)
class Names:
    """What the readable summary needs to say "stemming #1 (vraag)" instead of ids."""

    polls: dict[int, tuple[str, list[str]]]  # id -> question, options
    pharmacies: dict[int, str]
    organisations: dict[int, str]
    members: dict[int, tuple[str | None, str | None, str]]  # id -> name, username, pharmacy
    chats: dict[int, str]


def _plain(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row has no items())


class PrivacyRepository(Repository):
    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for table, column in PERSONAL:
            rows = await self.db.fetchall(f"SELECT * FROM {table} WHERE {column} = ?", (user_id,))
            if rows:
                found[table] = [_plain(r) for r in rows]
        for key, table, column in VIA_MEMBER:
            rows = await self.db.fetchall(
                f"SELECT * FROM {table} WHERE {column} IN "
                "(SELECT id FROM members WHERE user_id = ?)",
                (user_id,),
            )
            if rows:
                found[key] = [_plain(r) for r in rows]
        rows = await self.db.fetchall(
            "SELECT * FROM poll_electorate WHERE unit_key = 'u' || ?", (user_id,)
        )
        if rows:
            found["poll_electorate"] = [_plain(r) for r in rows]
        return found

    async def board_actions(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for table, columns, selected in BOARD_ACTIONS:
            where = " OR ".join(f"{column} = ?" for column in columns)
            rows = await self.db.fetchall(
                f"SELECT {selected} FROM {table} WHERE {where}", (user_id,) * len(columns)
            )
            if rows:
                found[table] = [_plain(r) for r in rows]
        return found

    async def names(
        self,
        poll_ids: Iterable[int],
        pharmacy_ids: Iterable[int],
        member_ids: Iterable[int],
        chat_ids: Iterable[int],
    ) -> Names:
        async def pairs(sql: str, ids: Iterable[int]) -> list[sqlite3.Row]:
            wanted = sorted(set(ids))
            marks = ",".join("?" * len(wanted))
            return await self.db.fetchall(sql.format(marks=marks), tuple(wanted)) if wanted else []

        polls = await pairs(
            "SELECT id, question, options_json FROM polls WHERE id IN ({marks})", poll_ids
        )
        pharmacies = await pairs(
            "SELECT id, name FROM pharmacies WHERE id IN ({marks})", pharmacy_ids
        )
        members = await pairs(
            "SELECT m.id, COALESCE(NULLIF(m.display_name, ''), u.first_name) AS display_name, "
            "COALESCE(NULLIF(m.username_key, ''), u.username) AS username_key, p.name AS pharmacy "
            "FROM members m LEFT JOIN users u ON u.id = m.user_id "
            "OR (m.user_id IS NULL AND lower(u.username) = m.username_key) "
            "LEFT JOIN pharmacies p ON p.id = m.pharmacy_id WHERE m.id IN ({marks})",
            member_ids,
        )
        chats = await pairs("SELECT id, title FROM chats WHERE id IN ({marks})", chat_ids)
        orgs = await self.db.fetchall("SELECT id, name FROM organisations")
        return Names(
            polls={r["id"]: (r["question"], list(json.loads(r["options_json"]))) for r in polls},
            pharmacies={r["id"]: r["name"] for r in pharmacies},
            organisations={r["id"]: r["name"] for r in orgs},
            members={
                r["id"]: (r["display_name"], r["username_key"], r["pharmacy"] or "")
                for r in members
            },
            chats={r["id"]: r["title"] or "" for r in chats},
        )

    async def forget(
        self,
        user_id: int,
        pseudonym: int,
        now: datetime,
        end_proxies: Sequence[int] = (),
        reason: str = "",
    ) -> dict[str, int]:
        """One transaction: personal rows go; what counts for others is re-keyed; the proxies
        `end_proxies` (the service chose them) are revoked with `reason`."""
        changed: dict[str, int] = {}
        async with self.db.transaction() as db:
            changed["poll_proxies"] = 0
            for proxy_id in end_proxies:
                cursor = await db.execute(
                    "UPDATE poll_proxies SET revoked_utc = ?, revoked_reason = ? "
                    "WHERE id = ? AND revoked_utc IS NULL",
                    (to_iso(now), reason, proxy_id),
                )
                changed["poll_proxies"] += cursor.rowcount
            # Names kept with a poll's electorate (who could vote at its opening) go too; the
            # seats stay, so the electorate's size never changes.
            for sql, table in (
                (
                    "UPDATE poll_electorate_members SET label = '' WHERE member_id IN "
                    "(SELECT id FROM members WHERE user_id = ?)",
                    "poll_electorate_members",
                ),
                (
                    "UPDATE poll_electorate SET label = '', pharmacy_names_json = '[]' "
                    "WHERE unit_key = 'u' || ?",
                    "poll_electorate",
                ),
            ):
                cursor = await db.execute(sql, (user_id,))
                changed[table] = cursor.rowcount
            # What still waits for someone else's action goes, so it cannot be acted on
            # without them: a registration the board would approve into a pharmacy nobody
            # votes for, a roster replacement (a board member's) waiting for its file or its
            # confirmation, reminders not yet sent to their private chat.
            for sql, table in (
                (
                    "DELETE FROM members WHERE user_id = ? AND status = 'pending'",
                    "members_pending",
                ),
                (
                    "DELETE FROM roster_replacements WHERE user_id = ? AND done_utc IS NULL",
                    "roster_replacements",
                ),
                (
                    "DELETE FROM agenda_reminders WHERE target_chat = ? AND state = 'pending'",
                    "agenda_reminders",
                ),
            ):
                cursor = await db.execute(sql, (user_id,))
                changed[table] = cursor.rowcount
            for sql, table in (
                ("DELETE FROM users WHERE id = ?", "users"),
                ("DELETE FROM vote_reasons WHERE user_id = ?", "vote_reasons"),
                ("DELETE FROM poll_conversations WHERE user_id = ?", "poll_conversations"),
                (
                    "DELETE FROM poll_reminder_messages WHERE user_id = ?",
                    "poll_reminder_messages",
                ),
                ("DELETE FROM agenda_followers WHERE user_id = ?", "agenda_followers"),
                ("DELETE FROM guard_warnings WHERE user_id = ?", "guard_warnings"),
                (
                    "UPDATE members SET user_id = NULL, username_key = NULL, display_name = NULL "
                    "WHERE user_id = ?",
                    "members",
                ),
            ):
                cursor = await db.execute(sql, (user_id,))
                changed[table] = cursor.rowcount
            for table in ("votes", "scan_answers", "knowledge_ratings"):
                cursor = await db.execute(
                    f"UPDATE {table} SET user_id = ? WHERE user_id = ?", (pseudonym, user_id)
                )
                changed[table] = cursor.rowcount
        return {table: count for table, count in changed.items() if count}

    async def prune_questions(self, asked_before: datetime) -> int:
        """Unanswered-question logs and compliance-log texts older than the moment."""
        async with self.db.transaction() as db:
            cursor = await db.execute(
                "DELETE FROM knowledge_questions WHERE asked_utc < ?", (to_iso(asked_before),)
            )
            removed = cursor.rowcount
            cursor = await db.execute(
                "DELETE FROM guard_log WHERE logged_utc < ?", (to_iso(asked_before),)
            )
            return removed + cursor.rowcount

    async def prune_vote_records(self, closed_before: datetime) -> int:
        """Individual votes, reasons, scan answers and private reminders of polls closed (or
        withdrawn) before the moment; the stored result of each poll (counts, verdict) stays."""
        total = 0
        async with self.db.transaction() as db:
            for table in ("votes", "vote_reasons", "scan_answers", "poll_reminder_messages"):
                cursor = await db.execute(
                    f"DELETE FROM {table} WHERE poll_id IN (SELECT id FROM polls "
                    "WHERE closed_utc IS NOT NULL AND closed_utc < ? "
                    "AND (result_json IS NOT NULL OR withdrawn_utc IS NOT NULL))",
                    (to_iso(closed_before),),
                )
                total += cursor.rowcount
        return total
