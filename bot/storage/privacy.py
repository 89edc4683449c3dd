"""Everything stored about one Telegram user: read it out, or remove and unlink it.

Each (table, column) that holds a user id is listed once here, so an export and a removal can
never disagree about what "everything" is. Counts that others rely on (votes of a pharmacy,
scan answers per respondent) stay, re-keyed to a random pseudonym that links to nobody.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from typing import Any

from bot.storage.db import Repository, to_iso

# Rows a user can ask for. Board audit columns (created_by, decided_by, ...) are not listed:
# they record board actions, kept for accountability (see README, privacy).
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


def _plain(row: sqlite3.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (sqlite3.Row has no items())


class PrivacyRepository(Repository):
    async def personal_data(self, user_id: int) -> dict[str, list[dict[str, Any]]]:
        found: dict[str, list[dict[str, Any]]] = {}
        for table, column in PERSONAL:
            rows = await self.db.fetchall(f"SELECT * FROM {table} WHERE {column} = ?", (user_id,))
            if rows:
                found[table] = [_plain(r) for r in rows]
        return found

    async def forget(self, user_id: int, pseudonym: int, now: datetime) -> dict[str, int]:
        """One transaction: personal rows go; what counts for others is re-keyed."""
        changed: dict[str, int] = {}
        async with self.db.transaction() as db:
            # Proxies they hold on open votes end: nobody can use them any more, and lists
            # would show a holder without a name. Proxies they gave stay: the pharmacy's
            # choice of who votes for it does not depend on the giver's stored name.
            cursor = await db.execute(
                "UPDATE poll_proxies SET revoked_utc = ?, revoked_reason = 'verwijderd' "
                "WHERE revoked_utc IS NULL AND holder_member_id IN "
                "(SELECT id FROM members WHERE user_id = ?) "
                "AND poll_id IN (SELECT id FROM polls WHERE closed_utc IS NULL)",
                (to_iso(now), user_id),
            )
            changed["poll_proxies"] = cursor.rowcount
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
