"""The roster of an organisation: pharmacies and members (tables `pharmacies`, `members`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bot.polls import records as pr
from bot.storage.db import Repository, to_iso


class RosterRepository(Repository):
    _MEMBER_SELECT = (
        "SELECT m.*, p.name AS pharmacy_name FROM members m "
        "LEFT JOIN pharmacies p ON p.id = m.pharmacy_id "
    )

    @staticmethod
    def _member(row: sqlite3.Row) -> pr.Member:
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
        )

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
        rows = await self.db.fetchall(
            "SELECT * FROM pharmacies WHERE org_id = ? ORDER BY name_key", (org_id,)
        )
        return [pr.Pharmacy(r["id"], r["org_id"], r["name"], r["agb"]) for r in rows]

    async def find_pharmacy(
        self, org_id: int, name: str | None = None, agb: str | None = None
    ) -> pr.Pharmacy | None:
        row = None
        if agb is not None:
            row = await self.db.fetchone(
                "SELECT * FROM pharmacies WHERE org_id = ? AND agb = ?", (org_id, agb)
            )
        if row is None and name is not None:
            row = await self.db.fetchone(
                "SELECT * FROM pharmacies WHERE org_id = ? AND name_key = ?",
                (org_id, name.casefold()),
            )
        return pr.Pharmacy(row["id"], row["org_id"], row["name"], row["agb"]) if row else None

    async def members(self, org_id: int) -> list[pr.Member]:
        rows = await self.db.fetchall(
            self._MEMBER_SELECT + "WHERE m.org_id = ? ORDER BY p.name_key, m.id", (org_id,)
        )
        return [self._member(r) for r in rows]

    async def member(self, member_id: int) -> pr.Member | None:
        row = await self.db.fetchone(self._MEMBER_SELECT + "WHERE m.id = ?", (member_id,))
        return self._member(row) if row else None

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        rows = await self.db.fetchall(
            self._MEMBER_SELECT + "WHERE m.org_id = ? AND m.user_id = ? ORDER BY m.id",
            (org_id, user_id),
        )
        return [self._member(r) for r in rows]

    async def import_roster(
        self, org_id: int, entries: Sequence[Any], now: datetime
    ) -> pr.RosterImportResult:
        """Adds or updates pharmacies and their usernames; all or nothing.

        `entries` are `bot.polls.roster_csv.RosterEntry`. Pharmacies missing from the file
        stay: votes refer to them. An AGB code that belongs to another pharmacy already is a
        conflict, and then nothing is written.
        """
        # DECISION: the import policy (an AGB code of another pharmacy refuses the whole file,
        # missing pharmacies stay, listed usernames become approved members) is a domain rule.
        stamp = to_iso(now)
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT id, name, name_key, agb FROM pharmacies WHERE org_id = ?", (org_id,)
            ) as cursor:
                rows = list(await cursor.fetchall())
            by_name = {r["name_key"]: (r["id"], r["agb"]) for r in rows}
            by_agb = {r["agb"]: r["name"] for r in rows if r["agb"]}
            conflicts = [
                (e.line, e.agb, by_agb[e.agb])
                for e in entries
                if e.agb and e.agb in by_agb and by_agb[e.agb].casefold() != e.pharmacy.casefold()
            ]
            if conflicts:
                return pr.RosterImportResult(0, 0, 0, 0, tuple(conflicts))
            async with db.execute(
                "SELECT id, first_name, username FROM users WHERE username IS NOT NULL"
            ) as cursor:
                known = {
                    r["username"].lower(): (r["id"], r["first_name"])
                    for r in await cursor.fetchall()
                }
            added = updated = unchanged = members_added = 0
            for entry in entries:
                key = entry.pharmacy.casefold()
                if key in by_name:
                    pharmacy_id, agb = by_name[key]
                    if entry.agb and entry.agb != agb:
                        await db.execute(
                            "UPDATE pharmacies SET agb = ? WHERE id = ?", (entry.agb, pharmacy_id)
                        )
                        updated += 1
                    else:
                        unchanged += 1
                else:
                    cursor = await db.execute(
                        "INSERT INTO pharmacies(org_id, name, name_key, agb, created_utc) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (org_id, entry.pharmacy, key, entry.agb, stamp),
                    )
                    pharmacy_id = int(cursor.lastrowid or 0)
                    by_name[key] = (pharmacy_id, entry.agb)
                    added += 1
                for username in entry.usernames:
                    username_key = username.lower()
                    user_id, first_name = known.get(username_key, (None, None))
                    async with db.execute(
                        "SELECT id FROM members WHERE org_id = ? AND pharmacy_id = ? "
                        "AND status != 'rejected' AND (username_key = ? OR user_id = ?)",
                        (org_id, pharmacy_id, username_key, user_id),
                    ) as cursor:
                        existing = await cursor.fetchone()
                    if existing is not None:
                        await db.execute(
                            "UPDATE members SET username_key = ?, status = 'approved' WHERE id = ?",
                            (username_key, existing[0]),
                        )
                        continue
                    await db.execute(
                        "INSERT INTO members(org_id, pharmacy_id, user_id, username_key, "
                        "display_name, status, source, created_utc, decided_utc) "
                        "VALUES (?, ?, ?, ?, ?, 'approved', 'csv', ?, ?)",
                        (org_id, pharmacy_id, user_id, username_key, first_name, stamp, stamp),
                    )
                    members_added += 1
            return pr.RosterImportResult(added, updated, unchanged, members_added)

    async def request_membership(
        self,
        org_id: int,
        user_id: int,
        username: str | None,
        display_name: str,
        pharmacy_name: str,
        agb: str | None,
        now: datetime,
    ) -> pr.Member:
        """A pending registration; an earlier pending request of the user is replaced."""
        # DECISION: "a new request replaces the user's earlier pending one" is a domain rule.
        async with self.db.transaction() as db:
            await db.execute(
                "DELETE FROM members WHERE org_id = ? AND user_id = ? AND status = 'pending'",
                (org_id, user_id),
            )
            cursor = await db.execute(
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
            member_id = int(cursor.lastrowid or 0)
        member = await self.member(member_id)
        assert member is not None
        return member

    async def decide_membership(
        self, member_id: int, approve: bool, by: int, now: datetime
    ) -> pr.Member | None:
        """Approves (creating the pharmacy when it is new) or rejects a pending request.

        None when the request does not exist or was decided already.
        """
        # DECISION: approval policy (match the pharmacy by AGB, then name, else create it; fill a
        # missing AGB; fold a duplicate approved membership into the existing one).
        stamp = to_iso(now)
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT * FROM members WHERE id = ? AND status = 'pending'", (member_id,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            if not approve:
                await db.execute(
                    "UPDATE members SET status = 'rejected', decided_utc = ?, decided_by = ? "
                    "WHERE id = ?",
                    (stamp, by, member_id),
                )
            else:
                org_id, name, agb = row["org_id"], row["requested_pharmacy"], row["requested_agb"]
                pharmacy = None
                if agb:
                    async with db.execute(
                        "SELECT id, agb FROM pharmacies WHERE org_id = ? AND agb = ?",
                        (org_id, agb),
                    ) as cursor:
                        pharmacy = await cursor.fetchone()
                if pharmacy is None:
                    async with db.execute(
                        "SELECT id, agb FROM pharmacies WHERE org_id = ? AND name_key = ?",
                        (org_id, (name or "").casefold()),
                    ) as cursor:
                        pharmacy = await cursor.fetchone()
                if pharmacy is None:
                    cursor = await db.execute(
                        "INSERT INTO pharmacies(org_id, name, name_key, agb, created_utc) "
                        "VALUES (?, ?, ?, ?, ?)",
                        (org_id, name, (name or "").casefold(), agb, stamp),
                    )
                    pharmacy_id = int(cursor.lastrowid or 0)
                else:
                    pharmacy_id = pharmacy["id"]
                    if agb and not pharmacy["agb"]:
                        await db.execute(
                            "UPDATE pharmacies SET agb = ? WHERE id = ?", (agb, pharmacy_id)
                        )
                async with db.execute(
                    "SELECT id FROM members WHERE org_id = ? AND pharmacy_id = ? AND user_id = ? "
                    "AND status = 'approved'",
                    (org_id, pharmacy_id, row["user_id"]),
                ) as cursor:
                    duplicate = await cursor.fetchone()
                if duplicate is not None:
                    await db.execute("DELETE FROM members WHERE id = ?", (member_id,))
                    member_id = duplicate[0]
                else:
                    await db.execute(
                        "UPDATE members SET status = 'approved', pharmacy_id = ?, "
                        "decided_utc = ?, decided_by = ? WHERE id = ?",
                        (pharmacy_id, stamp, by, member_id),
                    )
        return await self.member(member_id)

    async def voting_units(self, org_id: int, unit: pr.VotingUnit) -> list[pr.VotingUnitInfo]:
        """Every eligible voting unit of the organisation with the members who vote for it."""
        # DECISION: no SQL here; who is eligible and how members form voting units (one per
        # pharmacy, or one per person) belongs in the polls service.
        members = [m for m in await self.members(org_id) if m.status is pr.MemberStatus.APPROVED]
        pharmacies = {p.id: p for p in await self.pharmacies(org_id)}
        if unit is pr.VotingUnit.PHARMACY:
            recipients: dict[int, list[pr.Recipient]] = {pid: [] for pid in pharmacies}
            for m in members:
                if m.pharmacy_id in recipients:
                    recipients[m.pharmacy_id].append(pr.Recipient(m.user_id, m.label))
            return [
                pr.VotingUnitInfo(
                    pr.pharmacy_unit(p.id), p.name, p.agb, (p.name,), tuple(recipients[p.id])
                )
                for p in sorted(pharmacies.values(), key=lambda p: p.name.casefold())
            ]
        by_identity: dict[str, list[pr.Member]] = {}
        for m in members:
            key = pr.member_unit(m.user_id) if m.user_id is not None else f"n{m.username or m.id}"
            by_identity.setdefault(key, []).append(m)
        units = []
        for key, group in by_identity.items():
            first = group[0]
            names = tuple(m.pharmacy_name for m in group if m.pharmacy_name)
            agb = pharmacies[first.pharmacy_id].agb if first.pharmacy_id in pharmacies else None
            units.append(
                pr.VotingUnitInfo(
                    key, first.label, agb, names, (pr.Recipient(first.user_id, first.label),)
                )
            )
        return sorted(units, key=lambda u: u.label.casefold())
