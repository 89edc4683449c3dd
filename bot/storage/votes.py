"""Votes, their reasons and maturity-scan answers (tables `votes`, `vote_reasons`,
`scan_answers`)."""

from __future__ import annotations

import json
from datetime import datetime

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso
from bot.storage.polls import poll_from_row


class VotesRepository(Repository):
    async def cast_vote(
        self,
        poll_id: int,
        user_id: int,
        username: str | None,
        display_name: str,
        option: int,
        now: datetime,
    ) -> pr.CastOutcome:
        """Checks and stores one button press in a single transaction.

        Single choice replaces the unit's choice; multiple choice toggles the option. A press
        that changes nothing stores nothing. The press counts for every unit the user votes
        for (one per pharmacy, or the member themself).
        """
        # DECISION: this whole method is vote policy that belongs in the polls service: the
        # poll must be open and not due, the option must exist, eligibility (approved member
        # with a pharmacy; pending vs. not a member; tying a CSV username to the user on the
        # fly), the voting units (per pharmacy or per member), toggling for multiple choice
        # and "a press that changes nothing stores nothing". Storage should keep only the
        # loads and the conditional insert, in one transaction.
        async with self.db.transaction() as db:
            async with db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None or row["kind"] == "scan":
                return pr.CastOutcome(pr.CastStatus.UNKNOWN_POLL)
            poll = poll_from_row(row)
            if not poll.is_open or poll.due(now):
                return pr.CastOutcome(pr.CastStatus.CLOSED, poll)
            if not 0 <= option < len(poll.options):
                return pr.CastOutcome(pr.CastStatus.UNKNOWN_OPTION, poll)
            sql = "SELECT id, pharmacy_id, status FROM members WHERE org_id = ? AND user_id = ?"
            async with db.execute(sql, (poll.org_id, user_id)) as cursor:
                rows = list(await cursor.fetchall())
            if not any(r["status"] == "approved" for r in rows) and username:
                await db.execute(
                    "UPDATE OR IGNORE members SET user_id = ?, "
                    "display_name = COALESCE(display_name, ?) "
                    "WHERE org_id = ? AND user_id IS NULL AND username_key = ?",
                    (user_id, display_name, poll.org_id, username.lower()),
                )
                async with db.execute(sql, (poll.org_id, user_id)) as cursor:
                    rows = list(await cursor.fetchall())
            approved = [r for r in rows if r["status"] == "approved" and r["pharmacy_id"]]
            if not approved:
                if any(r["status"] == "pending" for r in rows):
                    return pr.CastOutcome(pr.CastStatus.PENDING, poll)
                return pr.CastOutcome(pr.CastStatus.NOT_MEMBER, poll)
            if poll.unit is pr.VotingUnit.PHARMACY:
                units = sorted({(pr.pharmacy_unit(r["pharmacy_id"]), r["id"]) for r in approved})
            else:
                units = [(pr.member_unit(user_id), approved[0]["id"])]
            latest: dict[str, tuple[int, ...]] = {}
            for unit_key, _member_id in units:
                async with db.execute(
                    "SELECT choice_json FROM votes WHERE poll_id = ? AND unit_key = ? "
                    "ORDER BY id DESC LIMIT 1",
                    (poll_id, unit_key),
                ) as cursor:
                    found = await cursor.fetchone()
                if found is not None:
                    latest[unit_key] = tuple(json.loads(found[0]))
            if poll.kind is pr.StoredKind.MULTIPLE:
                base = set(latest.get(units[0][0], ()))
                base ^= {option}
                choice = tuple(sorted(base))
            else:
                choice = (option,)
            stamp = to_iso(now)
            written = 0
            for unit_key, member_id in units:
                if latest.get(unit_key) == choice:
                    continue
                await db.execute(
                    "INSERT INTO votes(poll_id, unit_key, member_id, user_id, choice_json, "
                    "cast_utc) VALUES (?, ?, ?, ?, ?, ?)",
                    (poll_id, unit_key, member_id, user_id, pr.dump_json(list(choice)), stamp),
                )
                written += 1
            if written == 0:
                return pr.CastOutcome(pr.CastStatus.DUPLICATE, poll, choice, len(units))
            status = pr.CastStatus.CHANGED if latest else pr.CastStatus.RECORDED
            return pr.CastOutcome(status, poll, choice, len(units))

    async def current_votes(self, poll_id: int) -> dict[str, tuple[int, ...]]:
        """Each unit's latest choice (possibly empty: all choices withdrawn)."""
        rows = await self.db.fetchall(
            "SELECT v.unit_key, v.choice_json FROM votes v JOIN ("
            "SELECT unit_key, MAX(id) AS last_id FROM votes WHERE poll_id = ? GROUP BY unit_key"
            ") latest ON v.id = latest.last_id",
            (poll_id,),
        )
        return {r["unit_key"]: tuple(json.loads(r["choice_json"])) for r in rows}

    async def vote_events(self, poll_id: int) -> list[pr.VoteRow]:
        rows = await self.db.fetchall(
            "SELECT v.unit_key, v.user_id, v.choice_json, v.cast_utc, m.display_name, "
            "m.username_key, u.first_name, u.username FROM votes v "
            "LEFT JOIN members m ON m.id = v.member_id LEFT JOIN users u ON u.id = v.user_id "
            "WHERE v.poll_id = ? ORDER BY v.id",
            (poll_id,),
        )
        events = []
        for r in rows:
            # DECISION: how a voter is labelled in the export ("name (@user)") is presentation.
            name = r["display_name"] or r["first_name"] or ""
            username = r["username_key"] or r["username"]
            if username:
                label = f"{name} (@{username})" if name else f"@{username}"
            else:
                label = name or str(r["user_id"])
            events.append(
                pr.VoteRow(
                    r["unit_key"],
                    r["user_id"],
                    label,
                    tuple(json.loads(r["choice_json"])),
                    from_iso(r["cast_utc"]),
                )
            )
        return events

    async def vote_count(self, poll_id: int) -> int:
        row = await self.db.fetchone("SELECT COUNT(*) FROM votes WHERE poll_id = ?", (poll_id,))
        return int(row[0]) if row else 0

    async def voted_user_ids(self, poll_id: int) -> set[int]:
        rows = await self.db.fetchall(
            "SELECT DISTINCT user_id FROM votes WHERE poll_id = ?", (poll_id,)
        )
        return {r[0] for r in rows}

    async def set_reason(self, poll_id: int, user_id: int, reason: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO vote_reasons(poll_id, user_id, reason, given_utc) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(poll_id, user_id) DO UPDATE SET "
            "reason = excluded.reason, given_utc = excluded.given_utc",
            (poll_id, user_id, reason, to_iso(now)),
        )

    async def reasons(self, poll_id: int) -> list[tuple[int, str]]:
        rows = await self.db.fetchall(
            "SELECT user_id, reason FROM vote_reasons WHERE poll_id = ? ORDER BY given_utc",
            (poll_id,),
        )
        return [(r[0], r[1]) for r in rows]

    # maturity scan

    async def save_scan_answer(
        self, poll_id: int, user_id: int, key: str, score: int, now: datetime
    ) -> pr.CastStatus:
        async with self.db.transaction() as db:
            async with db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
                row = await cursor.fetchone()
            # DECISION: open/not due, known statement and approved membership are answer
            # rules for the polls service; only the upsert needs to stay here.
            if row is None or row["kind"] != "scan":
                return pr.CastStatus.UNKNOWN_POLL
            poll = poll_from_row(row)
            if not poll.is_open or poll.due(now):
                return pr.CastStatus.CLOSED
            if key not in poll.options:
                return pr.CastStatus.UNKNOWN_OPTION
            async with db.execute(
                "SELECT 1 FROM members WHERE org_id = ? AND user_id = ? AND status = 'approved'",
                (poll.org_id, user_id),
            ) as cursor:
                if await cursor.fetchone() is None:
                    return pr.CastStatus.NOT_MEMBER
            cursor = await db.execute(
                "INSERT INTO scan_answers(poll_id, user_id, statement_key, score, answered_utc) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(poll_id, user_id, statement_key) "
                "DO UPDATE SET score = excluded.score, answered_utc = excluded.answered_utc "
                "WHERE score != excluded.score",
                (poll_id, user_id, key, score, to_iso(now)),
            )
            return pr.CastStatus.RECORDED if cursor.rowcount else pr.CastStatus.DUPLICATE

    async def scan_answers(self, poll_id: int) -> dict[int, dict[str, int]]:
        rows = await self.db.fetchall(
            "SELECT user_id, statement_key, score FROM scan_answers WHERE poll_id = ?",
            (poll_id,),
        )
        answers: dict[int, dict[str, int]] = {}
        for r in rows:
            answers.setdefault(r[0], {})[r[1]] = r[2]
        return answers
