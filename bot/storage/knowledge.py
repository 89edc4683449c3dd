"""The knowledge feature's rows: guard settings (`chat_settings`), who the guard warned lately
(`guard_warnings`), the compliance log (`guard_log`), unanswered questions
(`knowledge_questions`) and ratings (`knowledge_ratings`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.knowledge.records import (
    GuardLogRow,
    GuardSettings,
    RatingCount,
    UnansweredGroup,
    UnansweredQuestion,
    Vote,
)
from bot.storage.db import Repository, from_iso, to_iso

_SETTING_COLUMNS = {
    "enabled": "guard_enabled",
    "log_text": "guard_log_text",
    "reminder_line": "reminder_line",
}


class KnowledgeRepository(Repository):
    # --- guard settings ------------------------------------------------------------------

    async def guard_settings(self, chat_id: int) -> GuardSettings:
        row = await self.db.fetchone(
            "SELECT guard_enabled, guard_log_text, reminder_line FROM chat_settings "
            "WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return GuardSettings()
        return GuardSettings(bool(row[0]), bool(row[1]), bool(row[2]))

    async def set_guard_setting(self, chat_id: int, name: str, on: bool) -> None:
        column = _SETTING_COLUMNS[name]
        await self.db.execute(
            f"INSERT INTO chat_settings(chat_id, {column}) VALUES (?, ?) "
            f"ON CONFLICT(chat_id) DO UPDATE SET {column} = excluded.{column}",
            (chat_id, int(on)),
        )

    async def claim_guard_warning(
        self, chat_id: int, user_id: int, now: datetime, quiet: timedelta
    ) -> bool:
        """Atomically reserves the right to warn this member: at most once per `quiet`."""
        since = to_iso(now - quiet)
        async with self.db.transaction() as db:
            # Who was warned is kept only as long as it matters.
            await db.execute(
                "DELETE FROM guard_warnings WHERE chat_id = ? AND warned_utc <= ?",
                (chat_id, since),
            )
            cursor = await db.execute(
                "INSERT OR IGNORE INTO guard_warnings(chat_id, user_id, warned_utc) "
                "VALUES (?, ?, ?)",
                (chat_id, user_id, to_iso(now)),
            )
            return cursor.rowcount == 1

    async def log_guard_signal(
        self,
        chat_id: int,
        now: datetime,
        signal: str,
        rule: str | None,
        text: str | None,
        warned: bool,
    ) -> None:
        await self.db.execute(
            "INSERT INTO guard_log(chat_id, logged_utc, signal, rule, text, warned) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (chat_id, to_iso(now), signal, rule, text, int(warned)),
        )

    async def guard_log(self, chat_id: int) -> list[GuardLogRow]:
        rows = await self.db.fetchall(
            "SELECT logged_utc, signal, rule, text, warned FROM guard_log WHERE chat_id = ? "
            "ORDER BY logged_utc, id",
            (chat_id,),
        )
        return [GuardLogRow(from_iso(r[0]), r[1], r[2], r[3], bool(r[4])) for r in rows]

    # --- unanswered questions --------------------------------------------------------------

    async def record_question(
        self,
        now: datetime,
        text: str,
        normalized: str,
        chat_id: int | None,
        org_id: int | None,
        outcome: str,
        suggested: Sequence[str],
    ) -> int:
        async with self.db.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO knowledge_questions(asked_utc, text, normalized, chat_id, org_id, "
                "outcome, suggested) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (to_iso(now), text, normalized, chat_id, org_id, outcome, " ".join(suggested)),
            )
            assert cursor.lastrowid is not None
            return cursor.lastrowid

    async def suggestions(self, question_id: int) -> tuple[list[str], datetime] | None:
        row = await self.db.fetchone(
            "SELECT suggested, asked_utc FROM knowledge_questions WHERE id = ?", (question_id,)
        )
        return (row[0].split(), from_iso(row[1])) if row else None

    async def mark_tapped(self, question_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE knowledge_questions SET tapped_utc = ? WHERE id = ? AND tapped_utc IS NULL",
            (to_iso(now), question_id),
        )

    def _unanswered_where(
        self, settled: datetime, chat_id: int | None, org_id: int | None, everywhere: bool
    ) -> tuple[str, list[object]]:
        where = "tapped_utc IS NULL AND (outcome = 'none' OR asked_utc <= ?)"
        params: list[object] = [to_iso(settled)]
        if not everywhere:
            where += " AND (chat_id = ? OR (org_id IS NOT NULL AND org_id = ?))"
            params += [chat_id, org_id]
        return where, params

    async def unanswered_groups(
        self,
        settled: datetime,
        chat_id: int | None,
        org_id: int | None,
        everywhere: bool,
        limit: int,
    ) -> list[UnansweredGroup]:
        """Questions not answered (a suggestion counts once no tap came before `settled`)."""
        where, params = self._unanswered_where(settled, chat_id, org_id, everywhere)
        rows = await self.db.fetchall(
            f"SELECT normalized, COUNT(*), MAX(asked_utc) FROM knowledge_questions WHERE {where} "
            "GROUP BY normalized ORDER BY COUNT(*) DESC, MAX(asked_utc) DESC LIMIT ?",
            (*params, limit),
        )
        groups = []
        for normalized, count, last in rows:
            latest = await self.db.fetchone(
                "SELECT text FROM knowledge_questions WHERE normalized = ? AND asked_utc = ? "
                "ORDER BY id DESC LIMIT 1",
                (normalized, last),
            )
            groups.append(
                UnansweredGroup(normalized, count, latest[0] if latest else "", from_iso(last))
            )
        return groups

    async def unanswered(self, settled: datetime) -> list[UnansweredQuestion]:
        where, params = self._unanswered_where(settled, None, None, everywhere=True)
        rows = await self.db.fetchall(
            "SELECT id, asked_utc, text, normalized, chat_id, org_id, outcome "
            f"FROM knowledge_questions WHERE {where} ORDER BY asked_utc, id",
            params,
        )
        return [
            UnansweredQuestion(r[0], from_iso(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows
        ]

    # --- ratings ---------------------------------------------------------------------------

    async def rate(self, entry_id: str, user_id: int, vote: Vote, now: datetime) -> Vote | None:
        """Stores a member's rating of an entry; returns the rating it replaced, if any."""
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT vote FROM knowledge_ratings WHERE entry_id = ? AND user_id = ?",
                (entry_id, user_id),
            ) as cursor:
                row = await cursor.fetchone()
            await db.execute(
                "INSERT INTO knowledge_ratings(entry_id, user_id, vote, rated_utc) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(entry_id, user_id) DO UPDATE SET "
                "vote = excluded.vote, rated_utc = excluded.rated_utc",
                (entry_id, user_id, vote, to_iso(now)),
            )
        previous: Vote | None = None if row is None else (1 if row[0] > 0 else -1)
        return previous

    async def rating_counts(self, limit: int) -> list[RatingCount]:
        """Entries with at least one 👎, most 👎 first."""
        rows = await self.db.fetchall(
            "SELECT entry_id, SUM(vote < 0), SUM(vote > 0) FROM knowledge_ratings "
            "GROUP BY entry_id HAVING SUM(vote < 0) > 0 "
            "ORDER BY SUM(vote < 0) DESC, SUM(vote > 0) ASC, entry_id LIMIT ?",
            (limit,),
        )
        return [RatingCount(r[0], int(r[1]), int(r[2])) for r in rows]
