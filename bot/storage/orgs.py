"""Organisations and the groups linked to them (tables `organisations`, `organisation_chats`,
`organisation_link_codes`)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

from bot.polls import records as pr
from bot.storage.db import Repository, from_iso, to_iso, utc_now_iso


class OrgsRepository(Repository):
    async def _organisation(self, row: sqlite3.Row) -> pr.Organisation:
        chats = await self.db.fetchall(
            "SELECT chat_id FROM organisation_chats WHERE org_id = ? ORDER BY linked_utc, chat_id",
            (row["id"],),
        )
        return pr.Organisation(
            row["id"], row["name"], pr.VotingUnit(row["voting_unit"]), tuple(r[0] for r in chats)
        )

    async def ensure_organisation(self, chat_id: int, title: str | None) -> pr.Organisation:
        """The organisation of a group chat, created (named after the group) on first use."""
        sql = (
            "SELECT o.* FROM organisations o JOIN organisation_chats c ON c.org_id = o.id "
            "WHERE c.chat_id = ?"
        )
        row = await self.db.fetchone(sql, (chat_id,))
        if row is None:
            async with self.db.transaction(bookkeeping=True) as db:
                async with db.execute(sql, (chat_id,)) as cursor:
                    row = await cursor.fetchone()
                if row is None:
                    # DECISION: a new organisation is named after the group ("Groep <id>"
                    # without a title) and votes per pharmacy.
                    now = utc_now_iso()
                    cursor = await db.execute(
                        "INSERT INTO organisations(name, voting_unit, created_utc) "
                        "VALUES (?, 'apotheek', ?)",
                        ((title or "").strip() or f"Groep {chat_id}", now),
                    )
                    await db.execute(
                        "INSERT INTO organisation_chats(chat_id, org_id, linked_utc) "
                        "VALUES (?, ?, ?)",
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

    async def link_chat(
        self, code: str, chat_id: int, user_id: int, now: datetime
    ) -> pr.LinkOutcome:
        """Links the group to the code's organisation and uses up the code, all or nothing.

        The group may leave its own organisation only while that one is empty (no pharmacies,
        members or polls), which is then removed once no group is left in it; one with data
        refuses, changing nothing.
        """
        # DECISION: the merge policy (code validity, leaving an empty own organisation and
        # deleting it, refusing one with data) belongs in the polls service; this method should
        # only load the facts and apply the chosen link in one transaction.
        stamp = to_iso(now)
        # Finer than the seconds of the first group's stamp, so a group linked in the same
        # second still sorts after it and the organisation's main group stays the same.
        linked_stamp = now.astimezone(UTC).isoformat(timespec="microseconds")
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT * FROM organisation_link_codes WHERE code = ?", (code,)
            ) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return pr.LinkOutcome(pr.LinkStatus.UNKNOWN_CODE)
            org_id, code_chat = int(row["org_id"]), int(row["created_chat"])
            async with db.execute("SELECT 1 FROM organisations WHERE id = ?", (org_id,)) as cur:
                if await cur.fetchone() is None:
                    return pr.LinkOutcome(pr.LinkStatus.UNKNOWN_CODE)
            if row["used_utc"] is not None:
                return pr.LinkOutcome(pr.LinkStatus.USED, code_chat=code_chat)
            if from_iso(row["expires_utc"]) <= now:
                return pr.LinkOutcome(pr.LinkStatus.EXPIRED, code_chat=code_chat)
            async with db.execute(
                "SELECT org_id FROM organisation_chats WHERE chat_id = ?", (chat_id,)
            ) as cursor:
                current = await cursor.fetchone()
            current_id = int(current[0]) if current is not None else None
            if current_id == org_id:
                return pr.LinkOutcome(pr.LinkStatus.ALREADY_LINKED, code_chat=code_chat)
            merged_away = False
            if current_id is not None:
                async with db.execute(
                    "SELECT (SELECT COUNT(*) FROM pharmacies WHERE org_id = :o) "
                    "+ (SELECT COUNT(*) FROM members WHERE org_id = :o) "
                    "+ (SELECT COUNT(*) FROM polls WHERE org_id = :o)",
                    {"o": current_id},
                ) as cursor:
                    data = await cursor.fetchone()
                if data is not None and int(data[0]) > 0:
                    return pr.LinkOutcome(
                        pr.LinkStatus.HAS_DATA,
                        await self.organisation(org_id),
                        await self.organisation(current_id),
                        code_chat,
                    )
                async with db.execute(
                    "SELECT COUNT(*) FROM organisation_chats WHERE org_id = ? AND chat_id != ?",
                    (current_id, chat_id),
                ) as cursor:
                    others = await cursor.fetchone()
                if others is not None and int(others[0]) == 0:
                    await db.execute("DELETE FROM organisation_chats WHERE chat_id = ?", (chat_id,))
                    await db.execute(
                        "DELETE FROM organisation_link_codes WHERE org_id = ?", (current_id,)
                    )
                    await db.execute("DELETE FROM organisations WHERE id = ?", (current_id,))
                    merged_away = True
            await db.execute(
                "INSERT INTO organisation_chats(chat_id, org_id, linked_utc) VALUES (?, ?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET org_id = excluded.org_id, "
                "linked_utc = excluded.linked_utc",
                (chat_id, org_id, linked_stamp),
            )
            await db.execute(
                "UPDATE organisation_link_codes SET used_utc = ?, used_chat = ?, used_by = ? "
                "WHERE code = ?",
                (stamp, chat_id, user_id, code),
            )
        org = await self.organisation(org_id)
        return pr.LinkOutcome(
            pr.LinkStatus.LINKED, org, code_chat=code_chat, merged_away=merged_away
        )

    async def unlink_chat(self, chat_id: int) -> pr.UnlinkOutcome:
        """Detaches the group from its organisation, which must keep at least one group."""
        # DECISION: "an organisation keeps at least one group" is a domain rule (the count
        # check must stay in the same transaction as the delete).
        org = await self.organisation_for_chat(chat_id)
        if org is None:
            return pr.UnlinkOutcome(pr.UnlinkStatus.NOT_LINKED)
        async with self.db.transaction() as db:
            async with db.execute(
                "SELECT COUNT(*) FROM organisation_chats WHERE org_id = ? AND chat_id != ?",
                (org.id, chat_id),
            ) as cursor:
                others = await cursor.fetchone()
            if others is None or int(others[0]) == 0:
                return pr.UnlinkOutcome(pr.UnlinkStatus.LAST_GROUP, org)
            await db.execute(
                "DELETE FROM organisation_chats WHERE chat_id = ? AND org_id = ?", (chat_id, org.id)
            )
        return pr.UnlinkOutcome(pr.UnlinkStatus.UNLINKED, org)
