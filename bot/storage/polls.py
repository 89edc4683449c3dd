"""Polls and their life cycle: closing, results, reminders, private conversations (tables
`polls`, `poll_closing_changes`, `poll_reminders`, `poll_conversations`)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime

import aiosqlite

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso, utc_now_iso
from bot.storage.electorate import insert_electorate
from bot.storage.poll_rows import poll_from_row as poll_from_row
from bot.storage.roster import RosterTx


async def insert_poll(db: aiosqlite.Connection, draft: pr.PollDraft) -> int:
    cursor = await db.execute(
        "INSERT INTO polls(org_id, kind, question, options_json, unit, quorum, "
        "threshold, secret, chat_id, created_by, created_utc, closes_utc, "
        "reminder_leads_json, purpose) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            draft.org_id,
            draft.kind.value,
            draft.question,
            pr.dump_json(list(draft.options)),
            draft.unit.value,
            pr.share_to_text(draft.quorum),
            pr.share_to_text(draft.threshold),
            int(draft.secret),
            draft.chat_id,
            draft.created_by,
            to_iso(draft.created_utc),
            to_iso(draft.closes_utc) if draft.closes_utc else None,
            pr.dump_json(list(draft.reminder_leads)),
            draft.purpose.value if draft.purpose else None,
        ),
    )
    return int(cursor.lastrowid or 0)


class PollsTx:
    """Loads and saves of a change to one poll that must see the poll as it is now."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self.roster = RosterTx(db)  # the roster as this transaction sees it

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        async with self.db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
            row = await cursor.fetchone()
        return poll_from_row(row) if row else None

    async def insert_poll(
        self, draft: pr.PollDraft, electorate: Sequence[pr.VotingUnitInfo] | None
    ) -> int:
        """A new poll; with `electorate`, its voting units fixed as they are now."""
        poll_id = await insert_poll(self.db, draft)
        if electorate is not None:
            await insert_electorate(self.db, poll_id, electorate)
        return poll_id

    async def answer_count(self, poll_id: int) -> int:
        """Votes and scan answers stored for the poll."""
        async with self.db.execute(
            "SELECT (SELECT COUNT(*) FROM votes WHERE poll_id = ?) + "
            "(SELECT COUNT(*) FROM scan_answers WHERE poll_id = ?)",
            (poll_id, poll_id),
        ) as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def set_text(self, poll_id: int, question: str, options: Sequence[str] | None) -> None:
        """New question (and options, when given) of a poll that is still open."""
        if options is None:
            await self.db.execute(
                "UPDATE polls SET question = ? WHERE id = ? AND closed_utc IS NULL",
                (question, poll_id),
            )
        else:
            await self.db.execute(
                "UPDATE polls SET question = ?, options_json = ? "
                "WHERE id = ? AND closed_utc IS NULL",
                (question, pr.dump_json(list(options)), poll_id),
            )

    async def move_closing(
        self,
        poll: pr.PollRecord,
        closes: datetime,
        reminder_leads: Sequence[int],
        reopen_leads: Sequence[int],
        by: int,
        by_name: str,
        now: datetime,
    ) -> None:
        """Stores the new closing time with the record of who moved it.

        `reopen_leads` are reminders skipped earlier (never sent) whose claim is released, so
        they go out once after all; sent reminders stay claimed. `by_name` is kept as the board
        member was named then, for the export.
        """
        await self.db.execute(
            "UPDATE polls SET closes_utc = ?, reminder_leads_json = ? WHERE id = ?",
            (to_iso(closes), pr.dump_json(list(reminder_leads)), poll.id),
        )
        await self.db.execute(
            "INSERT INTO poll_closing_changes(poll_id, old_closes_utc, new_closes_utc, "
            "changed_by, changed_by_name, changed_utc) VALUES (?, ?, ?, ?, ?, ?)",
            (
                poll.id,
                to_iso(poll.closes_utc) if poll.closes_utc else None,
                to_iso(closes),
                by,
                by_name,
                to_iso(now),
            ),
        )
        for lead in reopen_leads:
            await self.db.execute(
                "DELETE FROM poll_reminders WHERE poll_id = ? AND lead_seconds = ? "
                "AND outcome = 'skipped'",
                (poll.id, lead),
            )

    async def skip_reminders(self, poll_id: int, leads: Sequence[int], now: datetime) -> None:
        """Reminders that will never go out (their moment passed unsent), claimed as skipped."""
        for lead in leads:
            await self.db.execute(
                "INSERT OR IGNORE INTO poll_reminders(poll_id, lead_seconds, done_utc, outcome) "
                "VALUES (?, ?, ?, 'skipped')",
                (poll_id, lead, to_iso(now)),
            )


class PollsRepository(Repository):
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[PollsTx]:
        """All or nothing: committed when the block ends, rolled back when it raises."""
        async with self.db.transaction() as db:
            yield PollsTx(db)

    async def create_poll(self, draft: pr.PollDraft) -> pr.PollRecord:
        async with self.db.transaction() as db:
            poll_id = await insert_poll(db, draft)
        poll = await self.poll(poll_id)
        assert poll is not None
        return poll

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        row = await self.db.fetchone("SELECT * FROM polls WHERE id = ?", (poll_id,))
        return poll_from_row(row) if row else None

    async def org_polls(
        self, org_id: int, limit: int = 10, *, open_only: bool = False
    ) -> list[pr.PollRecord]:
        """The organisation's latest polls, newest first; withdrawn ones left out."""
        state = "AND closed_utc IS NULL " if open_only else ""
        rows = await self.db.fetchall(
            "SELECT * FROM polls WHERE org_id = ? AND withdrawn_utc IS NULL "
            f"{state}ORDER BY id DESC LIMIT ?",
            (org_id, limit),
        )
        return [poll_from_row(r) for r in rows]

    async def withdraw(self, poll_id: int, by: int, by_name: str, now: datetime) -> bool:
        """Withdraws the poll (closing it without a result when open); true only for the one
        caller that withdrew it. Its votes stay, for the export."""
        stamp = to_iso(now)
        changed = await self.db.execute(
            "UPDATE polls SET withdrawn_utc = ?, withdrawn_by = ?, withdrawn_by_name = ?, "
            "closed_utc = COALESCE(closed_utc, ?), closed_by = COALESCE(closed_by, ?), "
            "result_posted_utc = COALESCE(result_posted_utc, ?) "
            "WHERE id = ? AND withdrawn_utc IS NULL",
            (stamp, by, by_name, stamp, by, stamp, poll_id),
        )
        return changed == 1

    async def open_polls(self, org_id: int | None = None) -> list[pr.PollRecord]:
        if org_id is None:
            rows = await self.db.fetchall(
                "SELECT * FROM polls WHERE closed_utc IS NULL ORDER BY id"
            )
        else:
            rows = await self.db.fetchall(
                "SELECT * FROM polls WHERE closed_utc IS NULL AND org_id = ? ORDER BY id",
                (org_id,),
            )
        return [poll_from_row(r) for r in rows]

    async def unposted_results(self) -> list[pr.PollRecord]:
        rows = await self.db.fetchall(
            "SELECT * FROM polls WHERE closed_utc IS NOT NULL AND result_posted_utc IS NULL "
            "ORDER BY id"
        )
        return [poll_from_row(r) for r in rows]

    async def previous_scan(self, org_id: int, before_poll_id: int) -> pr.PollRecord | None:
        row = await self.db.fetchone(
            "SELECT * FROM polls WHERE org_id = ? AND kind = 'scan' AND id < ? "
            "AND closed_utc IS NOT NULL AND withdrawn_utc IS NULL ORDER BY id DESC LIMIT 1",
            (org_id, before_poll_id),
        )
        return poll_from_row(row) if row else None

    async def set_poll_message(self, poll_id: int, chat_id: int, message_id: int) -> None:
        await self.db.execute(
            "UPDATE polls SET chat_id = ?, message_id = ? WHERE id = ?",
            (chat_id, message_id, poll_id),
        )

    async def set_poll_closes(self, poll_id: int, closes: datetime) -> None:
        await self.db.execute(
            "UPDATE polls SET closes_utc = ? WHERE id = ? AND closed_utc IS NULL",
            (to_iso(closes), poll_id),
        )

    async def closing_changes(self, poll_id: int) -> list[pr.ClosingChange]:
        rows = await self.db.fetchall(
            "SELECT * FROM poll_closing_changes WHERE poll_id = ? ORDER BY id", (poll_id,)
        )
        return [
            pr.ClosingChange(
                old_closes_utc=from_iso(r["old_closes_utc"]) if r["old_closes_utc"] else None,
                new_closes_utc=from_iso(r["new_closes_utc"]),
                changed_by=r["changed_by"],
                changed_by_label=r["changed_by_name"],
                changed_utc=from_iso(r["changed_utc"]),
            )
            for r in rows
        ]

    async def close_poll(self, poll_id: int, now: datetime, by: int | None) -> bool:
        """Marks the poll closed; true only for the one caller that actually closed it."""
        changed = await self.db.execute(
            "UPDATE polls SET closed_utc = ?, closed_by = ? WHERE id = ? AND closed_utc IS NULL",
            (to_iso(now), by, poll_id),
        )
        return changed == 1

    async def store_result(self, poll_id: int, result: dict[str, object]) -> None:
        await self.db.execute(
            "UPDATE polls SET result_json = ? WHERE id = ?", (pr.dump_json(result), poll_id)
        )

    async def mark_result_posted(self, poll_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE polls SET result_posted_utc = ? WHERE id = ?", (to_iso(now), poll_id)
        )

    async def set_outcome(self, poll_id: int, text: str, by: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE polls SET outcome = ?, outcome_by = ?, outcome_utc = ? WHERE id = ?",
            (text, by, to_iso(now), poll_id),
        )

    async def set_review(self, poll_id: int, day: date | None, meeting_id: int | None) -> None:
        await self.db.execute(
            "UPDATE polls SET review_date = ?, review_meeting_id = ? WHERE id = ?",
            (day.isoformat() if day else None, meeting_id, poll_id),
        )

    async def closed_polls(self, org_id: int, limit: int = 50) -> list[pr.PollRecord]:
        """Closed votes (not scans), newest first: the decision register."""
        rows = await self.db.fetchall(
            "SELECT * FROM polls WHERE org_id = ? AND closed_utc IS NOT NULL "
            "AND kind != 'scan' ORDER BY closed_utc DESC, id DESC LIMIT ?",
            (org_id, limit),
        )
        return [poll_from_row(r) for r in rows]

    async def claim_reminder(
        self, poll_id: int, lead_seconds: int, now: datetime, outcome: str = "sent"
    ) -> bool:
        """Reserves one (poll, lead) reminder; true only the first time."""
        changed = await self.db.execute(
            "INSERT OR IGNORE INTO poll_reminders(poll_id, lead_seconds, done_utc, outcome) "
            "VALUES (?, ?, ?, ?)",
            (poll_id, lead_seconds, to_iso(now), outcome),
        )
        return changed == 1

    async def reminders_done(self, poll_id: int) -> dict[int, str]:
        rows = await self.db.fetchall(
            "SELECT lead_seconds, outcome FROM poll_reminders WHERE poll_id = ?", (poll_id,)
        )
        return {r[0]: r[1] for r in rows}

    # private reminders as sent (edited when they stop being true)

    async def add_reminder_message(
        self,
        poll_id: int,
        user_id: int,
        message_id: int,
        unit_keys: Sequence[str],
        unit_label: str,
        shown: str,
        now: datetime,
    ) -> None:
        await self.db.execute(
            "INSERT OR REPLACE INTO poll_reminder_messages(poll_id, user_id, message_id, "
            "unit_keys_json, unit_label, shown, sent_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                poll_id,
                user_id,
                message_id,
                pr.dump_json(list(unit_keys)),
                unit_label,
                shown,
                to_iso(now),
            ),
        )

    async def reminder_messages(self, poll_id: int) -> list[pr.ReminderMessage]:
        rows = await self.db.fetchall(
            "SELECT * FROM poll_reminder_messages WHERE poll_id = ? ORDER BY sent_utc", (poll_id,)
        )
        return [
            pr.ReminderMessage(
                poll_id=r["poll_id"],
                user_id=r["user_id"],
                message_id=r["message_id"],
                unit_keys=tuple(json.loads(r["unit_keys_json"])),
                unit_label=r["unit_label"],
                shown=r["shown"],
            )
            for r in rows
        ]

    async def set_reminder_shown(
        self, poll_id: int, user_id: int, message_id: int, shown: str
    ) -> None:
        await self.db.execute(
            "UPDATE poll_reminder_messages SET shown = ? "
            "WHERE poll_id = ? AND user_id = ? AND message_id = ?",
            (shown, poll_id, user_id, message_id),
        )

    # private conversations (state survives a restart)

    async def conversation(self, user_id: int) -> pr.Conversation | None:
        row = await self.db.fetchone(
            "SELECT kind, state_json FROM poll_conversations WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return pr.Conversation(user_id, row[0], json.loads(row[1]))

    async def set_conversation(self, user_id: int, kind: str, state: dict[str, object]) -> None:
        await self.db.execute(
            "INSERT INTO poll_conversations(user_id, kind, state_json, updated_utc) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET kind = excluded.kind, "
            "state_json = excluded.state_json, updated_utc = excluded.updated_utc",
            (user_id, kind, pr.dump_json(state), utc_now_iso()),
        )

    async def clear_conversation(self, user_id: int) -> bool:
        changed = await self.db.execute(
            "DELETE FROM poll_conversations WHERE user_id = ?", (user_id,)
        )
        return changed > 0

    async def conversation_user_ids(self) -> set[int]:
        rows = await self.db.fetchall("SELECT user_id FROM poll_conversations")
        return {r[0] for r in rows}
