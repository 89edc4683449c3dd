"""Votes, their reasons and maturity-scan answers (tables `votes`, `vote_reasons`,
`scan_answers`).

A button press is read and written inside `VotesRepository.press()`: one write transaction, so
two presses for the same unit never both start from the same earlier choice, and the vote is
committed before the voter is told it counts. What a press does is decided by the polls service
(`bot.polls.voting`); `PressTx` only loads and saves.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

import aiosqlite

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso
from bot.storage.electorate import active_proxies_on, revoke_proxy, seats_on
from bot.storage.polls import poll_from_row
from bot.storage.roster import memberships_on


class PressTx:
    """The loads and saves of one button press, on the writing connection."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        async with self.db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
            row = await cursor.fetchone()
        return poll_from_row(row) if row else None

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        return await memberships_on(self.db, org_id, user_id)

    async def claim_username(
        self, org_id: int, user_id: int, username: str, display_name: str
    ) -> None:
        """Roster rows of this organisation that only know the username get the user's id."""
        await self.db.execute(
            "UPDATE OR IGNORE members SET user_id = ?, display_name = COALESCE(display_name, ?) "
            "WHERE org_id = ? AND user_id IS NULL AND username_key = ?",
            (user_id, display_name, org_id, username.lower()),
        )

    async def seats(self, poll_id: int, member_ids: Sequence[int]) -> list[pr.Seat]:
        return await seats_on(self.db, poll_id, member_ids)

    async def active_proxies(
        self, poll_id: int, *, units: Sequence[str] = (), holders: Sequence[int] = ()
    ) -> list[pr.Proxy]:
        return await active_proxies_on(self.db, poll_id, units=units, holders=holders)

    async def end_proxy(self, proxy_id: int, now: datetime, reason: str) -> None:
        await revoke_proxy(self.db, proxy_id, now, reason)

    async def latest_votes(
        self, poll_id: int, unit_keys: Sequence[str]
    ) -> dict[str, pr.LatestVote]:
        """Each unit's latest stored vote and who cast it; units without a vote are left out."""
        latest: dict[str, pr.LatestVote] = {}
        for unit_key in unit_keys:
            async with self.db.execute(
                "SELECT v.id, v.choice_json, v.user_id, v.proxy_id, m.display_name, "
                "m.username_key, u.first_name, u.username FROM votes v "
                "LEFT JOIN members m ON m.id = v.member_id LEFT JOIN users u ON u.id = v.user_id "
                "WHERE v.poll_id = ? AND v.unit_key = ? ORDER BY v.id DESC LIMIT 1",
                (poll_id, unit_key),
            ) as cursor:
                found = await cursor.fetchone()
            if found is not None:
                latest[unit_key] = pr.LatestVote(
                    vote_id=found["id"],
                    choice=tuple(json.loads(found["choice_json"])),
                    user_id=found["user_id"],
                    by_label=pr.person_label(
                        found["display_name"] or found["first_name"],
                        found["username_key"] or found["username"],
                        str(found["user_id"]),
                    ),
                    proxy_id=found["proxy_id"],
                )
        return latest

    async def add_vote(
        self,
        poll_id: int,
        unit_key: str,
        member_id: int,
        user_id: int,
        choice: Sequence[int],
        now: datetime,
        proxy_id: int | None = None,
    ) -> None:
        await self.db.execute(
            "INSERT INTO votes(poll_id, unit_key, member_id, user_id, choice_json, cast_utc, "
            "proxy_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                poll_id,
                unit_key,
                member_id,
                user_id,
                pr.dump_json(list(choice)),
                to_iso(now),
                proxy_id,
            ),
        )

    async def save_scan_answer(
        self, poll_id: int, user_id: int, key: str, score: int, now: datetime
    ) -> bool:
        """Stores the score; false when the same score was stored already."""
        cursor = await self.db.execute(
            "INSERT INTO scan_answers(poll_id, user_id, statement_key, score, answered_utc) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(poll_id, user_id, statement_key) "
            "DO UPDATE SET score = excluded.score, answered_utc = excluded.answered_utc "
            "WHERE score != excluded.score",
            (poll_id, user_id, key, score, to_iso(now)),
        )
        return bool(cursor.rowcount)


class VotesRepository(Repository):
    @contextlib.asynccontextmanager
    async def press(self) -> AsyncIterator[PressTx]:
        """One write transaction for one press: committed when the block ends."""
        async with self.db.transaction() as db:
            yield PressTx(db)

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
            "SELECT v.unit_key, v.user_id, v.choice_json, v.cast_utc, v.proxy_id, "
            "m.display_name, m.username_key, u.first_name, u.username FROM votes v "
            "LEFT JOIN members m ON m.id = v.member_id LEFT JOIN users u ON u.id = v.user_id "
            "WHERE v.poll_id = ? ORDER BY v.id",
            (poll_id,),
        )
        return [
            pr.VoteRow(
                unit_key=r["unit_key"],
                user_id=r["user_id"],
                choice=tuple(json.loads(r["choice_json"])),
                cast_utc=from_iso(r["cast_utc"]),
                member_name=r["display_name"],
                member_username=r["username_key"],
                user_first_name=r["first_name"],
                user_username=r["username"],
                via_proxy=r["proxy_id"] is not None,
            )
            for r in rows
        ]

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

    async def scan_answers(self, poll_id: int) -> dict[int, dict[str, int]]:
        rows = await self.db.fetchall(
            "SELECT user_id, statement_key, score FROM scan_answers WHERE poll_id = ?",
            (poll_id,),
        )
        answers: dict[int, dict[str, int]] = {}
        for r in rows:
            answers.setdefault(r[0], {})[r[1]] = r[2]
        return answers
