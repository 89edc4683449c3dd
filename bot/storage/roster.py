"""The roster of an organisation: pharmacies and members (tables `pharmacies`, `members`).

Plain loads and saves. Changes that must see their own reads (approving a request, importing a
file) run inside `RosterRepository.transaction()`, whose `RosterTx` offers the same loads on the
writing connection; what to write is decided by the roster service (`bot.polls.roster_rules`).
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

import aiosqlite

from bot.polls import records as pr
from bot.polls.roster_csv import RosterEntry
from bot.storage.db import Repository, from_iso, to_iso

MEMBER_SELECT = (
    "SELECT m.*, p.name AS pharmacy_name, p.removed_utc AS pharmacy_removed_utc FROM members m "
    "LEFT JOIN pharmacies p ON p.id = m.pharmacy_id "
)
ACTIVE = "removed_utc IS NULL"


def member_from_row(row: sqlite3.Row) -> pr.Member:
    return pr.Member(
        id=row["id"],
        org_id=row["org_id"],
        pharmacy_id=row["pharmacy_id"],
        pharmacy_name=row["pharmacy_name"],
        user_id=row["user_id"],
        username=row["username_key"],
        display_name=row["display_name"],
        status=pr.MemberStatus(row["status"]),
        requested_pharmacy=row["requested_pharmacy"],
        requested_agb=row["requested_agb"],
        pharmacy_removed=row["pharmacy_removed_utc"] is not None,
    )


def pharmacy_from_row(row: sqlite3.Row) -> pr.Pharmacy:
    removed = row["removed_utc"] is not None
    agb = row["removed_agb"] if removed else row["agb"]
    return pr.Pharmacy(row["id"], row["org_id"], row["name"], agb, removed)


def replacement_from_row(row: sqlite3.Row) -> pr.RosterReplacement:
    entries = None
    if row["entries_json"] is not None:
        entries = tuple(
            RosterEntry(int(line), str(name), agb, tuple(usernames))
            for line, name, agb, usernames in json.loads(row["entries_json"])
        )
    return pr.RosterReplacement(
        id=row["id"],
        org_id=row["org_id"],
        user_id=row["user_id"],
        entries=entries,
        removals=tuple(json.loads(row["removals_json"])),
        created_utc=from_iso(row["created_utc"]),
        done=row["done_utc"] is not None,
    )


async def memberships_on(db: aiosqlite.Connection, org_id: int, user_id: int) -> list[pr.Member]:
    """The user's member rows in the organisation, oldest first, read on `db`."""
    async with db.execute(
        MEMBER_SELECT + "WHERE m.org_id = ? AND m.user_id = ? ORDER BY m.id", (org_id, user_id)
    ) as cursor:
        return [member_from_row(r) for r in await cursor.fetchall()]


class RosterTx:
    """Loads and saves inside one write transaction (see the module docstring)."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def pharmacies(self, org_id: int) -> list[pr.Pharmacy]:
        """The pharmacies on the roster now (removed ones left out)."""
        async with self.db.execute(
            f"SELECT * FROM pharmacies WHERE org_id = ? AND {ACTIVE} ORDER BY id", (org_id,)
        ) as cursor:
            return [pharmacy_from_row(r) for r in await cursor.fetchall()]

    async def pharmacy(self, pharmacy_id: int) -> pr.Pharmacy | None:
        async with self.db.execute(
            "SELECT * FROM pharmacies WHERE id = ?", (pharmacy_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return pharmacy_from_row(row) if row else None

    async def remove_pharmacy(self, pharmacy_id: int, by: int, now: datetime) -> None:
        """Takes the pharmacy off the roster; its members no longer vote for it.

        The row stays for the records (votes refer to it); its name key and AGB code move aside
        so the same name or code can be added again as a new pharmacy.
        """
        stamp = to_iso(now)
        await self.db.execute(
            "UPDATE pharmacies SET removed_utc = ?, removed_by = ?, removed_agb = agb, "
            "agb = NULL, name_key = name_key || '|verwijderd|' || id "
            f"WHERE id = ? AND {ACTIVE}",
            (stamp, by, pharmacy_id),
        )
        await self.db.execute(
            "UPDATE members SET status = 'rejected', decided_utc = ?, decided_by = ? "
            "WHERE pharmacy_id = ? AND status = 'approved'",
            (stamp, by, pharmacy_id),
        )

    async def replacement(self, replacement_id: int) -> pr.RosterReplacement | None:
        async with self.db.execute(
            "SELECT * FROM roster_replacements WHERE id = ?", (replacement_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return replacement_from_row(row) if row else None

    async def waiting_replacement(
        self, org_id: int, user_id: int, since: datetime
    ) -> pr.RosterReplacement | None:
        """The user's /leden vervang of this organisation that still waits for its file."""
        async with self.db.execute(
            "SELECT * FROM roster_replacements WHERE org_id = ? AND user_id = ? "
            "AND entries_json IS NULL AND done_utc IS NULL AND created_utc >= ? "
            "ORDER BY id DESC LIMIT 1",
            (org_id, user_id, to_iso(since)),
        ) as cursor:
            row = await cursor.fetchone()
        return replacement_from_row(row) if row else None

    async def add_replacement(
        self,
        org_id: int,
        user_id: int,
        entries: Sequence[RosterEntry] | None,
        removals: Sequence[int],
        now: datetime,
    ) -> int:
        """Stores a replacement to confirm (or, without entries, one waiting for its file);
        the user's earlier unfinished ones of this organisation end."""
        stamp = to_iso(now)
        await self.db.execute(
            "UPDATE roster_replacements SET done_utc = ? "
            "WHERE org_id = ? AND user_id = ? AND done_utc IS NULL",
            (stamp, org_id, user_id),
        )
        rows = None
        if entries is not None:
            rows = pr.dump_json([[e.line, e.pharmacy, e.agb, list(e.usernames)] for e in entries])
        cursor = await self.db.execute(
            "INSERT INTO roster_replacements(org_id, user_id, entries_json, removals_json, "
            "created_utc) VALUES (?, ?, ?, ?, ?)",
            (org_id, user_id, rows, pr.dump_json(list(removals)), stamp),
        )
        return int(cursor.lastrowid or 0)

    async def finish_replacement(self, replacement_id: int, now: datetime) -> bool:
        """Marks it done; true only for the one caller that finished it."""
        cursor = await self.db.execute(
            "UPDATE roster_replacements SET done_utc = ? WHERE id = ? AND done_utc IS NULL",
            (to_iso(now), replacement_id),
        )
        return cursor.rowcount == 1

    async def members(self, org_id: int) -> list[pr.Member]:
        async with self.db.execute(
            MEMBER_SELECT + "WHERE m.org_id = ? ORDER BY m.id", (org_id,)
        ) as cursor:
            return [member_from_row(r) for r in await cursor.fetchall()]

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        return await memberships_on(self.db, org_id, user_id)

    async def pending_member(self, member_id: int) -> pr.Member | None:
        async with self.db.execute(
            MEMBER_SELECT + "WHERE m.id = ? AND m.status = 'pending'", (member_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return member_from_row(row) if row else None

    async def known_users(self) -> dict[str, tuple[int, str | None]]:
        """Telegram users the bot has seen, by lower-case username: (id, first name)."""
        async with self.db.execute(
            "SELECT id, first_name, username FROM users WHERE username IS NOT NULL"
        ) as cursor:
            return {
                r["username"].lower(): (r["id"], r["first_name"]) for r in await cursor.fetchall()
            }

    async def add_pharmacy(self, org_id: int, name: str, agb: str | None, now: datetime) -> int:
        cursor = await self.db.execute(
            "INSERT INTO pharmacies(org_id, name, name_key, agb, created_utc) "
            "VALUES (?, ?, ?, ?, ?)",
            (org_id, name, name.casefold(), agb, to_iso(now)),
        )
        return int(cursor.lastrowid or 0)

    async def set_pharmacy_agb(self, pharmacy_id: int, agb: str) -> None:
        await self.db.execute("UPDATE pharmacies SET agb = ? WHERE id = ?", (agb, pharmacy_id))

    async def add_listed_member(
        self,
        org_id: int,
        pharmacy_id: int,
        user_id: int | None,
        username_key: str,
        display_name: str | None,
        now: datetime,
    ) -> int:
        """An approved member from an imported roster file."""
        stamp = to_iso(now)
        cursor = await self.db.execute(
            "INSERT INTO members(org_id, pharmacy_id, user_id, username_key, display_name, "
            "status, source, created_utc, decided_utc) "
            "VALUES (?, ?, ?, ?, ?, 'approved', 'csv', ?, ?)",
            (org_id, pharmacy_id, user_id, username_key, display_name, stamp, stamp),
        )
        return int(cursor.lastrowid or 0)

    async def relist_member(self, member_id: int, username_key: str) -> None:
        """A member the imported file lists again: its username as listed, approved."""
        await self.db.execute(
            "UPDATE members SET username_key = ?, status = 'approved' WHERE id = ?",
            (username_key, member_id),
        )

    async def add_request(
        self,
        org_id: int,
        user_id: int,
        username: str | None,
        display_name: str,
        pharmacy_name: str,
        agb: str | None,
        now: datetime,
    ) -> int:
        cursor = await self.db.execute(
            "INSERT INTO members(org_id, pharmacy_id, user_id, username_key, display_name, "
            "requested_pharmacy, requested_agb, status, source, created_utc) "
            "VALUES (?, NULL, ?, ?, ?, ?, ?, 'pending', 'aanmelding', ?)",
            (
                org_id,
                user_id,
                username.lower() if username else None,
                display_name,
                pharmacy_name,
                agb,
                to_iso(now),
            ),
        )
        return int(cursor.lastrowid or 0)

    async def delete_pending(self, org_id: int, user_id: int) -> None:
        await self.db.execute(
            "DELETE FROM members WHERE org_id = ? AND user_id = ? AND status = 'pending'",
            (org_id, user_id),
        )

    async def delete_member(self, member_id: int) -> None:
        await self.db.execute("DELETE FROM members WHERE id = ?", (member_id,))

    async def approve(self, member_id: int, pharmacy_id: int, by: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE members SET status = 'approved', pharmacy_id = ?, decided_utc = ?, "
            "decided_by = ? WHERE id = ?",
            (pharmacy_id, to_iso(now), by, member_id),
        )

    async def reject(self, member_id: int, by: int, now: datetime) -> None:
        await self.db.execute(
            "UPDATE members SET status = 'rejected', decided_utc = ?, decided_by = ? WHERE id = ?",
            (to_iso(now), by, member_id),
        )


class RosterRepository(Repository):
    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[RosterTx]:
        """All or nothing: committed when the block ends, rolled back when it raises."""
        async with self.db.transaction() as db:
            yield RosterTx(db)

    async def link_username(self, user_id: int, username: str, display_name: str) -> int:
        """Ties roster rows that only know a username (from a CSV) to this Telegram user."""
        return await self.db.execute(
            "UPDATE OR IGNORE members SET user_id = ?, "
            "display_name = COALESCE(display_name, ?) "
            "WHERE user_id IS NULL AND username_key = ?",
            (user_id, display_name, username.lower()),
            bookkeeping=True,
        )

    async def pharmacies(self, org_id: int) -> list[pr.Pharmacy]:
        """The pharmacies on the roster now (removed ones left out)."""
        rows = await self.db.fetchall(
            f"SELECT * FROM pharmacies WHERE org_id = ? AND {ACTIVE} ORDER BY name_key",
            (org_id,),
        )
        return [pharmacy_from_row(r) for r in rows]

    async def all_pharmacies(self, org_id: int) -> list[pr.Pharmacy]:
        """Every pharmacy the roster ever had, removed ones included (to name old votes)."""
        rows = await self.db.fetchall(
            "SELECT * FROM pharmacies WHERE org_id = ? ORDER BY name_key", (org_id,)
        )
        return [pharmacy_from_row(r) for r in rows]

    async def pharmacy(self, pharmacy_id: int) -> pr.Pharmacy | None:
        row = await self.db.fetchone("SELECT * FROM pharmacies WHERE id = ?", (pharmacy_id,))
        return pharmacy_from_row(row) if row else None

    async def members(self, org_id: int) -> list[pr.Member]:
        rows = await self.db.fetchall(
            MEMBER_SELECT + "WHERE m.org_id = ? ORDER BY p.name_key, m.id", (org_id,)
        )
        return [member_from_row(r) for r in rows]

    async def member(self, member_id: int) -> pr.Member | None:
        row = await self.db.fetchone(MEMBER_SELECT + "WHERE m.id = ?", (member_id,))
        return member_from_row(row) if row else None

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        rows = await self.db.fetchall(
            MEMBER_SELECT + "WHERE m.org_id = ? AND m.user_id = ? ORDER BY m.id",
            (org_id, user_id),
        )
        return [member_from_row(r) for r in rows]
