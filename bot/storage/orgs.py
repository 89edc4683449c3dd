"""Organisations and the groups linked to them (tables `organisations`, `organisation_chats`,
`organisation_link_codes`).

Linking and unlinking groups read and write inside `OrgsRepository.transaction()`; whether a
link is allowed is decided by the organisations service (`bot.polls.linking`)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso, utc_now_iso


class OrgsTx:
    """Loads and saves of a change to which groups belong to which organisation."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def _one(self, sql: str, params: Sequence[Any] | dict[str, Any]) -> sqlite3.Row | None:
        async with self.db.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def link_code(self, code: str) -> pr.LinkCode | None:
        row = await self._one("SELECT * FROM organisation_link_codes WHERE code = ?", (code,))
        if row is None:
            return None
        return pr.LinkCode(
            code=row["code"],
            org_id=int(row["org_id"]),
            created_chat=int(row["created_chat"]),
            expires_utc=from_iso(row["expires_utc"]),
            used=row["used_utc"] is not None,
        )

    async def organisation_exists(self, org_id: int) -> bool:
        return await self._one("SELECT 1 FROM organisations WHERE id = ?", (org_id,)) is not None

    async def chat_org(self, chat_id: int) -> int | None:
        """The organisation the group belongs to now."""
        row = await self._one("SELECT org_id FROM organisation_chats WHERE chat_id = ?", (chat_id,))
        return int(row[0]) if row is not None else None

    async def has_data(self, org_id: int) -> bool:
        """Whether the organisation has pharmacies, members or polls."""
        row = await self._one(
            "SELECT (SELECT COUNT(*) FROM pharmacies WHERE org_id = :o) "
            "+ (SELECT COUNT(*) FROM members WHERE org_id = :o) "
            "+ (SELECT COUNT(*) FROM polls WHERE org_id = :o)",
            {"o": org_id},
        )
        return row is not None and int(row[0]) > 0

    async def other_groups(self, org_id: int, chat_id: int) -> int:
        """How many groups besides `chat_id` belong to the organisation."""
        row = await self._one(
            "SELECT COUNT(*) FROM organisation_chats WHERE org_id = ? AND chat_id != ?",
            (org_id, chat_id),
        )
        return int(row[0]) if row is not None else 0

    async def remove_organisation(self, org_id: int, chat_id: int) -> None:
        """Removes the group's link, the organisation's codes and the organisation itself."""
        await self.db.execute("DELETE FROM organisation_chats WHERE chat_id = ?", (chat_id,))
        await self.db.execute("DELETE FROM organisation_link_codes WHERE org_id = ?", (org_id,))
        await self.db.execute("DELETE FROM organisations WHERE id = ?", (org_id,))

    async def link(self, chat_id: int, org_id: int, now: datetime) -> None:
        # Finer than the seconds of the first group's stamp, so a group linked in the same
        # second still sorts after it and the organisation's main group stays the same.
        linked_stamp = now.astimezone(UTC).isoformat(timespec="microseconds")
        await self.db.execute(
            "INSERT INTO organisation_chats(chat_id, org_id, linked_utc) VALUES (?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET org_id = excluded.org_id, "
            "linked_utc = excluded.linked_utc",
            (chat_id, org_id, linked_stamp),
        )

    async def use_code(self, code: str, chat_id: int, user_id: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE organisation_link_codes SET used_utc = ?, used_chat = ?, used_by = ? "
            "WHERE code = ?",
            (to_iso(now), chat_id, user_id, code),
        )

    async def unlink(self, chat_id: int, org_id: int) -> None:
        await self.db.execute(
            "DELETE FROM organisation_chats WHERE chat_id = ? AND org_id = ?", (chat_id, org_id)
        )


class OrgsRepository(Repository):
    async def _organisation(self, row: sqlite3.Row) -> pr.Organisation:
        chats = await self.db.fetchall(
            "SELECT chat_id FROM organisation_chats WHERE org_id = ? ORDER BY linked_utc, chat_id",
            (row["id"],),
        )
        return pr.Organisation(
            row["id"],
            row["name"],
            pr.VotingUnit(row["voting_unit"]),
            tuple(r[0] for r in chats),
            proxy_cap=int(row["proxy_cap"]),
        )

    async def add_for_chat(self, chat_id: int, name: str, unit: pr.VotingUnit) -> pr.Organisation:
        """A new organisation for the group, unless the group has one by now (then that one)."""
        sql = (
            "SELECT o.* FROM organisations o JOIN organisation_chats c ON c.org_id = o.id "
            "WHERE c.chat_id = ?"
        )
        # Bookkeeping: created on first use by whatever update came first, so it never counts
        # as that update's effect (bot.storage.handling).
        async with self.db.transaction(bookkeeping=True) as db:
            async with db.execute(sql, (chat_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None:
                now = utc_now_iso()
                cursor = await db.execute(
                    "INSERT INTO organisations(name, voting_unit, created_utc) VALUES (?, ?, ?)",
                    (name, unit.value, now),
                )
                await db.execute(
                    "INSERT INTO organisation_chats(chat_id, org_id, linked_utc) VALUES (?, ?, ?)",
                    (chat_id, cursor.lastrowid, now),
                )
        row = await self.db.fetchone(sql, (chat_id,))
        assert row is not None
        return await self._organisation(row)

    async def organisation(self, org_id: int) -> pr.Organisation | None:
        row = await self.db.fetchone("SELECT * FROM organisations WHERE id = ?", (org_id,))
        return await self._organisation(row) if row else None

    async def organisation_for_chat(self, chat_id: int) -> pr.Organisation | None:
        row = await self.db.fetchone(
            "SELECT o.* FROM organisations o JOIN organisation_chats c ON c.org_id = o.id "
            "WHERE c.chat_id = ?",
            (chat_id,),
        )
        return await self._organisation(row) if row else None

    async def organisations(self) -> list[pr.Organisation]:
        rows = await self.db.fetchall("SELECT * FROM organisations ORDER BY id")
        return [await self._organisation(row) for row in rows]

    async def member_organisations(self, user_id: int) -> list[pr.Organisation]:
        """Organisations in which the user is an approved member."""
        rows = await self.db.fetchall(
            "SELECT DISTINCT o.* FROM organisations o JOIN members m ON m.org_id = o.id "
            "WHERE m.user_id = ? AND m.status = 'approved' ORDER BY o.id",
            (user_id,),
        )
        return [await self._organisation(row) for row in rows]

    async def set_voting_unit(self, org_id: int, unit: pr.VotingUnit) -> None:
        await self.db.execute(
            "UPDATE organisations SET voting_unit = ? WHERE id = ?", (unit.value, org_id)
        )

    async def set_proxy_cap(self, org_id: int, cap: int) -> None:
        await self.db.execute("UPDATE organisations SET proxy_cap = ? WHERE id = ?", (cap, org_id))

    # linking more groups to one organisation

    async def create_link_code(
        self, org_id: int, code: str, chat_id: int, user_id: int, now: datetime, expires: datetime
    ) -> bool:
        """Stores a one-time code; false when the code exists already (draw another)."""
        try:
            await self.db.execute(
                "INSERT INTO organisation_link_codes(code, org_id, created_chat, created_by, "
                "created_utc, expires_utc) VALUES (?, ?, ?, ?, ?, ?)",
                (code, org_id, chat_id, user_id, to_iso(now), to_iso(expires)),
            )
        except sqlite3.IntegrityError:
            return False
        return True

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[OrgsTx]:
        """All or nothing: committed when the block ends, rolled back when it raises."""
        async with self.db.transaction() as db:
            yield OrgsTx(db)
