"""The electorate of a poll as it was when the poll opened, and the proxies (volmachten) given
on it (tables `poll_electorate`, `poll_electorate_members`, `poll_proxies`).

Plain loads and saves. The functions taking a connection run inside the caller's write
transaction (creating a poll, a button press, granting a proxy), so what they read is what the
transaction then writes against; `ElectorateRepository` reads outside one.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import datetime

import aiosqlite

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso
from bot.storage.poll_rows import poll_from_row
from bot.storage.roster import MEMBER_SELECT, member_from_row, memberships_on
from bot.texts import roster as roster_texts


async def insert_electorate(
    db: aiosqlite.Connection, poll_id: int, units: Iterable[pr.VotingUnitInfo]
) -> None:
    for unit in units:
        await db.execute(
            "INSERT INTO poll_electorate(poll_id, unit_key, label, agb, pharmacy_names_json) "
            "VALUES (?, ?, ?, ?, ?)",
            (poll_id, unit.key, unit.label, unit.agb, pr.dump_json(list(unit.pharmacy_names))),
        )
        labels = [r.label for r in unit.recipients] or [unit.label]
        for index, member_id in enumerate(unit.member_ids):
            await db.execute(
                "INSERT OR IGNORE INTO poll_electorate_members(poll_id, unit_key, member_id, "
                "label) VALUES (?, ?, ?, ?)",
                (poll_id, unit.key, member_id, labels[min(index, len(labels) - 1)]),
            )
    await db.execute("UPDATE polls SET electorate_fixed = 1 WHERE id = ?", (poll_id,))


def _placeholders(values: Sequence[object]) -> str:
    return ",".join("?" * len(values))


async def _rows(db: aiosqlite.Connection, sql: str, params: Sequence[object]) -> list[sqlite3.Row]:
    async with db.execute(sql, params) as cursor:
        return list(await cursor.fetchall())


async def seats_on(
    db: aiosqlite.Connection, poll_id: int, member_ids: Sequence[int]
) -> list[pr.Seat]:
    """The seats of these roster rows on the poll (none when they joined after it opened)."""
    if not member_ids:
        return []
    rows = await _rows(
        db,
        "SELECT s.unit_key, s.member_id, e.label FROM poll_electorate_members s "
        "JOIN poll_electorate e ON e.poll_id = s.poll_id AND e.unit_key = s.unit_key "
        f"WHERE s.poll_id = ? AND s.member_id IN ({_placeholders(member_ids)}) "
        "ORDER BY s.unit_key",
        (poll_id, *member_ids),
    )
    return [pr.Seat(r["unit_key"], r["member_id"], r["label"]) for r in rows]


async def _members(db: aiosqlite.Connection, member_ids: Iterable[int]) -> dict[int, pr.Member]:
    ids = sorted(set(member_ids))
    if not ids:
        return {}
    rows = await _rows(db, MEMBER_SELECT + f"WHERE m.id IN ({_placeholders(ids)})", ids)
    return {r["id"]: member_from_row(r) for r in rows}


async def proxies_on(
    db: aiosqlite.Connection, poll_id: int, where: str = "", params: Sequence[object] = ()
) -> list[pr.Proxy]:
    """The poll's proxies (filtered by `where`), with labels and whether the holder voted."""
    rows = await _rows(
        db,
        "SELECT x.*, e.label AS unit_label, EXISTS(SELECT 1 FROM votes v WHERE v.proxy_id = x.id)"
        " AS used FROM poll_proxies x LEFT JOIN poll_electorate e "
        "ON e.poll_id = x.poll_id AND e.unit_key = x.unit_key "
        f"WHERE x.poll_id = ? {where} ORDER BY x.id",
        (poll_id, *params),
    )
    members = await _members(
        db, [r["grantor_member_id"] for r in rows] + [r["holder_member_id"] for r in rows]
    )

    def label(member_id: int) -> str:
        member = members.get(member_id)
        return member.label if member else roster_texts.member_fallback(member_id)

    def user(member_id: int) -> int | None:
        member = members.get(member_id)
        return member.user_id if member else None

    return [
        pr.Proxy(
            id=r["id"],
            poll_id=r["poll_id"],
            unit_key=r["unit_key"],
            grantor_member_id=r["grantor_member_id"],
            holder_member_id=r["holder_member_id"],
            created_utc=from_iso(r["created_utc"]),
            revoked_utc=from_iso(r["revoked_utc"]) if r["revoked_utc"] else None,
            used=bool(r["used"]),
            unit_label=r["unit_label"] or r["unit_key"],
            grantor_label=label(r["grantor_member_id"]),
            holder_label=label(r["holder_member_id"]),
            grantor_user_id=user(r["grantor_member_id"]),
            holder_user_id=user(r["holder_member_id"]),
        )
        for r in rows
    ]


async def active_proxies_on(
    db: aiosqlite.Connection,
    poll_id: int,
    *,
    units: Sequence[str] = (),
    holders: Sequence[int] = (),
) -> list[pr.Proxy]:
    """Active proxies for these units, or held by these roster rows."""
    found: list[pr.Proxy] = []
    if units:
        found += await proxies_on(
            db,
            poll_id,
            f"AND x.revoked_utc IS NULL AND x.unit_key IN ({_placeholders(units)})",
            units,
        )
    if holders:
        found += await proxies_on(
            db,
            poll_id,
            f"AND x.revoked_utc IS NULL AND x.holder_member_id IN ({_placeholders(holders)})",
            holders,
        )
    return list({p.id: p for p in found}.values())


class ProxyTx:
    """Granting and revoking a proxy: the loads it is decided on and its saves, in one
    write transaction."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        rows = await _rows(self.db, "SELECT * FROM polls WHERE id = ?", (poll_id,))
        return poll_from_row(rows[0]) if rows else None

    async def proxy_cap(self, org_id: int) -> int:
        rows = await _rows(self.db, "SELECT proxy_cap FROM organisations WHERE id = ?", (org_id,))
        return int(rows[0][0]) if rows else 0

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        return await memberships_on(self.db, org_id, user_id)

    async def members_by_username(self, org_id: int, username: str) -> list[pr.Member]:
        rows = await _rows(
            self.db,
            MEMBER_SELECT + "WHERE m.org_id = ? AND m.username_key = ? ORDER BY m.id",
            (org_id, username.lower()),
        )
        return [member_from_row(r) for r in rows]

    async def link_known_user(self, org_id: int, username: str) -> None:
        """Roster rows that only know this username get the id of the Telegram user the bot
        has seen with it (as on a first press), so the holder can be told and recognised."""
        await self.db.execute(
            "UPDATE OR IGNORE members SET user_id = (SELECT u.id FROM users u "
            "WHERE lower(u.username) = ? ORDER BY u.updated_utc DESC LIMIT 1) "
            "WHERE org_id = ? AND user_id IS NULL AND username_key = ? "
            "AND EXISTS (SELECT 1 FROM users u WHERE lower(u.username) = ?)",
            (username.lower(), org_id, username.lower(), username.lower()),
        )

    async def seats(self, poll_id: int, member_ids: Sequence[int]) -> list[pr.Seat]:
        return await seats_on(self.db, poll_id, member_ids)

    async def unit_seats(self, poll_id: int, unit_keys: Sequence[str]) -> list[pr.Seat]:
        if not unit_keys:
            return []
        rows = await _rows(
            self.db,
            "SELECT s.unit_key, s.member_id, e.label FROM poll_electorate_members s "
            "JOIN poll_electorate e ON e.poll_id = s.poll_id AND e.unit_key = s.unit_key "
            f"WHERE s.poll_id = ? AND s.unit_key IN ({_placeholders(unit_keys)})",
            (poll_id, *unit_keys),
        )
        return [pr.Seat(r["unit_key"], r["member_id"], r["label"]) for r in rows]

    async def own_voted_units(self, poll_id: int, unit_keys: Sequence[str]) -> set[str]:
        """Units whose current vote was cast by a member of the unit (not by proxy)."""
        if not unit_keys:
            return set()
        rows = await _rows(
            self.db,
            "SELECT v.unit_key, v.proxy_id, v.choice_json FROM votes v JOIN (SELECT unit_key, "
            "MAX(id) AS last_id FROM votes WHERE poll_id = ? GROUP BY unit_key) latest "
            f"ON v.id = latest.last_id WHERE v.unit_key IN ({_placeholders(unit_keys)})",
            (poll_id, *unit_keys),
        )
        return {
            r["unit_key"] for r in rows if r["proxy_id"] is None and json.loads(r["choice_json"])
        }

    async def active(
        self, poll_id: int, *, units: Sequence[str] = (), holders: Sequence[int] = ()
    ) -> list[pr.Proxy]:
        return await active_proxies_on(self.db, poll_id, units=units, holders=holders)

    async def add(
        self, poll_id: int, unit_key: str, grantor: int, holder: int, now: datetime
    ) -> None:
        await self.db.execute(
            "INSERT INTO poll_proxies(poll_id, unit_key, grantor_member_id, holder_member_id, "
            "created_utc) VALUES (?, ?, ?, ?, ?)",
            (poll_id, unit_key, grantor, holder, to_iso(now)),
        )

    async def revoke(self, proxy_id: int, now: datetime, reason: str) -> None:
        await revoke_proxy(self.db, proxy_id, now, reason)


async def revoke_proxy(db: aiosqlite.Connection, proxy_id: int, now: datetime, reason: str) -> None:
    await db.execute(
        "UPDATE poll_proxies SET revoked_utc = ?, revoked_reason = ? "
        "WHERE id = ? AND revoked_utc IS NULL",
        (to_iso(now), reason, proxy_id),
    )


class ElectorateRepository(Repository):
    @contextlib.asynccontextmanager
    async def proxy_transaction(self) -> AsyncIterator[ProxyTx]:
        """All or nothing: committed when the block ends, rolled back when it raises."""
        async with self.db.transaction() as db:
            yield ProxyTx(db)

    async def units(self, poll_id: int) -> list[pr.VotingUnitInfo]:
        """The poll's voting units as at its opening; who to remind is read from today's
        roster rows (a member may have linked Telegram since)."""
        units = await self.db.fetchall(
            "SELECT * FROM poll_electorate WHERE poll_id = ?", (poll_id,)
        )
        seats = await self.db.fetchall(
            "SELECT s.unit_key, s.member_id, s.label, m.user_id, m.display_name, "
            "m.username_key FROM poll_electorate_members s "
            "LEFT JOIN members m ON m.id = s.member_id WHERE s.poll_id = ? "
            "ORDER BY s.member_id",
            (poll_id,),
        )
        recipients: dict[str, list[pr.Recipient]] = {}
        member_ids: dict[str, list[int]] = {}
        for s in seats:
            member = pr.Member(
                s["member_id"], 0, None, None, s["user_id"], s["username_key"],
                s["display_name"], pr.MemberStatus.APPROVED,
            )  # fmt: skip
            label = member.label if s["user_id"] or s["username_key"] else s["label"]
            recipient = pr.Recipient(s["user_id"], label)
            listed = recipients.setdefault(s["unit_key"], [])
            if recipient not in listed:  # one person with two roster rows is reminded once
                listed.append(recipient)
            member_ids.setdefault(s["unit_key"], []).append(s["member_id"])
        found = [
            pr.VotingUnitInfo(
                r["unit_key"],
                r["label"],
                r["agb"],
                tuple(json.loads(r["pharmacy_names_json"])),
                tuple(recipients.get(r["unit_key"], ())),
                tuple(member_ids.get(r["unit_key"], ())),
            )
            for r in units
        ]
        return sorted(found, key=lambda u: u.label.casefold())

    async def size(self, poll_id: int) -> int:
        row = await self.db.fetchone(
            "SELECT COUNT(*) FROM poll_electorate WHERE poll_id = ?", (poll_id,)
        )
        return int(row[0]) if row else 0

    async def proxies(self, poll_id: int) -> list[pr.Proxy]:
        async with self.db.reading() as reader:
            return await proxies_on(reader, poll_id)

    async def user_proxies(self, user_id: int) -> list[pr.Proxy]:
        """Active proxies on open polls that the user gave or holds."""
        ids = [
            r[0]
            for r in await self.db.fetchall("SELECT id FROM members WHERE user_id = ?", (user_id,))
        ]
        if not ids:
            return []
        marks = _placeholders(ids)
        where = (
            f"AND x.revoked_utc IS NULL AND (x.grantor_member_id IN ({marks}) "
            f"OR x.holder_member_id IN ({marks}))"
        )
        rows = await self.db.fetchall(
            "SELECT DISTINCT x.poll_id FROM poll_proxies x JOIN polls p ON p.id = x.poll_id "
            f"WHERE p.closed_utc IS NULL {where} ORDER BY x.poll_id",
            (*ids, *ids),
        )
        found: list[pr.Proxy] = []
        async with self.db.reading() as reader:
            for row in rows:
                found += await proxies_on(reader, row[0], where, (*ids, *ids))
        return found
