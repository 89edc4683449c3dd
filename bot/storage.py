"""The only module that speaks SQL: an async store over one aiosqlite connection.

One connection serialises writes (SQLite allows one writer anyway); WAL keeps readers cheap and
makes a committed write survive a SIGKILL. Schema changes are ordered migrations recorded in
`schema_version`, so opening an old database upgrades it and opening a new one is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

from bot.agenda import records as ar
from bot.polls import records as pr

# (version, name, SQL script). Versions are applied in ascending order, each in one transaction.
MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "foundation",
        """
        CREATE TABLE chats (
            id INTEGER PRIMARY KEY,
            type TEXT NOT NULL,
            title TEXT,
            first_seen_utc TEXT NOT NULL
        );
        CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            username TEXT,
            started_private INTEGER NOT NULL DEFAULT 0,
            updated_utc TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        "knowledge guard",
        """
        CREATE TABLE chat_settings (
            chat_id INTEGER PRIMARY KEY,
            guard_enabled INTEGER NOT NULL DEFAULT 1,
            guard_last_warned_utc TEXT
        );
        """,
    ),
    (
        3,
        "polls: organisations, roster, votes",
        """
        CREATE TABLE organisations (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            voting_unit TEXT NOT NULL DEFAULT 'apotheek',
            created_utc TEXT NOT NULL
        );
        CREATE TABLE organisation_chats (
            chat_id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            linked_utc TEXT NOT NULL
        );
        CREATE INDEX organisation_chats_org ON organisation_chats(org_id);
        CREATE TABLE pharmacies (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            agb TEXT,
            created_utc TEXT NOT NULL,
            UNIQUE (org_id, name_key)
        );
        CREATE UNIQUE INDEX pharmacies_org_agb ON pharmacies(org_id, agb) WHERE agb IS NOT NULL;
        CREATE TABLE members (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            pharmacy_id INTEGER REFERENCES pharmacies(id),
            user_id INTEGER,
            username_key TEXT,
            display_name TEXT,
            requested_pharmacy TEXT,
            requested_agb TEXT,
            status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
            source TEXT NOT NULL,
            created_utc TEXT NOT NULL,
            decided_utc TEXT,
            decided_by INTEGER
        );
        CREATE INDEX members_org_user ON members(org_id, user_id);
        CREATE INDEX members_username ON members(username_key);
        CREATE INDEX members_pharmacy ON members(pharmacy_id);
        CREATE TABLE polls (
            id INTEGER PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            kind TEXT NOT NULL,
            question TEXT NOT NULL,
            options_json TEXT NOT NULL,
            unit TEXT NOT NULL,
            quorum TEXT,
            threshold TEXT,
            secret INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            message_id INTEGER,
            created_by INTEGER NOT NULL,
            created_utc TEXT NOT NULL,
            closes_utc TEXT,
            reminder_leads_json TEXT NOT NULL DEFAULT '[]',
            closed_utc TEXT,
            closed_by INTEGER,
            result_json TEXT,
            result_posted_utc TEXT,
            outcome TEXT,
            outcome_by INTEGER,
            outcome_utc TEXT
        );
        CREATE INDEX polls_org ON polls(org_id, id);
        CREATE INDEX polls_open ON polls(closed_utc);
        CREATE TABLE votes (
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            unit_key TEXT NOT NULL,
            member_id INTEGER REFERENCES members(id),
            user_id INTEGER NOT NULL,
            choice_json TEXT NOT NULL,
            cast_utc TEXT NOT NULL
        );
        CREATE INDEX votes_poll_unit ON votes(poll_id, unit_key, id);
        CREATE TABLE vote_reasons (
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            user_id INTEGER NOT NULL,
            reason TEXT NOT NULL,
            given_utc TEXT NOT NULL,
            PRIMARY KEY (poll_id, user_id)
        );
        CREATE TABLE scan_answers (
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            user_id INTEGER NOT NULL,
            statement_key TEXT NOT NULL,
            score INTEGER NOT NULL,
            answered_utc TEXT NOT NULL,
            PRIMARY KEY (poll_id, user_id, statement_key)
        );
        CREATE TABLE poll_reminders (
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            lead_seconds INTEGER NOT NULL,
            done_utc TEXT NOT NULL,
            outcome TEXT NOT NULL,
            PRIMARY KEY (poll_id, lead_seconds)
        );
        CREATE TABLE poll_conversations (
            user_id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            state_json TEXT NOT NULL,
            updated_utc TEXT NOT NULL
        );
        """,
    ),
    (
        4,
        "agenda: meetings, schedule subscriptions, followers, reminders",
        """
        CREATE TABLE agenda_settings (
            chat_id INTEGER PRIMARY KEY,
            leads TEXT,
            updated_utc TEXT NOT NULL
        );
        CREATE TABLE agenda_meetings (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            uid TEXT NOT NULL,
            title TEXT NOT NULL,
            start_utc TEXT NOT NULL,
            location TEXT,
            description TEXT,
            recurrence TEXT,
            origin TEXT NOT NULL CHECK (origin IN ('chat', 'ics')),
            created_by INTEGER,
            created_utc TEXT NOT NULL,
            updated_utc TEXT NOT NULL,
            cancelled_utc TEXT,
            UNIQUE (chat_id, uid)
        );
        CREATE INDEX agenda_meetings_chat ON agenda_meetings(chat_id, start_utc);
        CREATE TABLE agenda_subscriptions (
            chat_id INTEGER NOT NULL,
            schedule_id TEXT NOT NULL,
            created_by INTEGER,
            created_utc TEXT NOT NULL,
            PRIMARY KEY (chat_id, schedule_id)
        );
        CREATE TABLE agenda_followers (
            user_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            created_utc TEXT NOT NULL,
            PRIMARY KEY (user_id, chat_id)
        );
        CREATE INDEX agenda_followers_chat ON agenda_followers(chat_id);
        CREATE TABLE agenda_reminders (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL,
            target_chat INTEGER NOT NULL,
            event_uid TEXT NOT NULL,
            occurrence_utc TEXT NOT NULL,
            lead TEXT NOT NULL,
            due_utc TEXT NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN
                ('pending', 'sending', 'sent', 'skipped', 'failed', 'cancelled')),
            late INTEGER NOT NULL DEFAULT 0,
            claimed_utc TEXT,
            sent_utc TEXT,
            note TEXT,
            UNIQUE (chat_id, target_chat, event_uid, occurrence_utc, lead)
        );
        CREATE INDEX agenda_reminders_pending ON agenda_reminders(due_utc)
            WHERE state = 'pending';
        CREATE INDEX agenda_reminders_chat ON agenda_reminders(chat_id, state, occurrence_utc)
        """,
    ),
    (
        5,
        "polls: one-time codes that link more groups to an organisation",
        """
        CREATE TABLE organisation_link_codes (
            code TEXT PRIMARY KEY,
            org_id INTEGER NOT NULL REFERENCES organisations(id),
            created_chat INTEGER NOT NULL,
            created_by INTEGER NOT NULL,
            created_utc TEXT NOT NULL,
            expires_utc TEXT NOT NULL,
            used_utc TEXT,
            used_chat INTEGER,
            used_by INTEGER
        );
        """,
    ),
    (
        6,
        "polls: moved closing times",
        # Kept on one line and without an index (a handful of rows per poll): every migration is
        # echoed by aiosqlite's debug log at start-up, which tests/test_process.py must not flood.
        "CREATE TABLE poll_closing_changes (id INTEGER PRIMARY KEY, poll_id INTEGER NOT NULL "
        "REFERENCES polls(id), old_closes_utc TEXT, new_closes_utc TEXT NOT NULL, "
        "changed_by INTEGER NOT NULL, changed_by_name TEXT NOT NULL, changed_utc TEXT NOT NULL)",
    ),
]


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to storage")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


class Storage:
    """Narrow async interface over the SQLite database."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()

    # --- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = await aiosqlite.connect(self.path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        await self._db.execute("PRAGMA journal_mode=WAL")
        await self._db.execute("PRAGMA foreign_keys=ON")
        await self._db.execute("PRAGMA synchronous=NORMAL")
        await self._db.execute("PRAGMA busy_timeout=5000")
        await self.migrate()

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def db(self) -> aiosqlite.Connection:
        if self._db is None:
            raise RuntimeError("storage is not open")
        return self._db

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; committed before the caller acknowledges anything."""
        async with self._write_lock:
            await self.db.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                await self.db.execute("ROLLBACK")
                raise
            await self.db.execute("COMMIT")

    async def _fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self.db.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def _fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        async with self.db.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def _execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One write statement in its own transaction; the row count tells callers whether it
        changed anything (a claim won, a row that was already there)."""
        async with self.transaction() as db:
            cursor = await db.execute(sql, params)
            return cursor.rowcount

    # --- migrations ------------------------------------------------------------------------

    async def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied now (empty when up to date)."""
        await self.db.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)"
        )
        applied = {row[0] for row in await self._fetchall("SELECT version FROM schema_version")}
        done: list[int] = []
        for version, name, script in sorted(MIGRATIONS):
            if version in applied:
                continue
            async with self.transaction() as db:
                for statement in _split_sql(script):
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version(version, name, applied_utc) VALUES (?, ?, ?)",
                    (version, name, utc_now_iso()),
                )
            done.append(version)
        return done

    async def schema_versions(self) -> list[int]:
        rows = await self._fetchall("SELECT version FROM schema_version ORDER BY version")
        return [row[0] for row in rows]

    # --- chats and users -------------------------------------------------------------------

    async def remember_chat(self, chat_id: int, chat_type: str, title: str | None) -> None:
        await self._execute(
            "INSERT INTO chats(id, type, title, first_seen_utc) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET type=excluded.type, title=excluded.title",
            (chat_id, chat_type, title, utc_now_iso()),
        )

    async def remember_user(
        self, user_id: int, first_name: str, username: str | None, started: bool = False
    ) -> None:
        await self._execute(
            "INSERT INTO users(id, first_name, username, started_private, updated_utc) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "first_name=excluded.first_name, username=excluded.username, "
            "started_private=MAX(users.started_private, excluded.started_private), "
            "updated_utc=excluded.updated_utc",
            (user_id, first_name, username, int(started), utc_now_iso()),
        )

    # Every (table, column) that holds a group's chat id; a supergroup migration moves them all.
    CHAT_COLUMNS = (
        ("chats", "id"),
        ("chat_settings", "chat_id"),
        ("organisation_chats", "chat_id"),
        ("polls", "chat_id"),
        ("agenda_settings", "chat_id"),
        ("agenda_meetings", "chat_id"),
        ("agenda_subscriptions", "chat_id"),
        ("agenda_followers", "chat_id"),
        ("agenda_reminders", "chat_id"),
        ("agenda_reminders", "target_chat"),
        ("organisation_link_codes", "created_chat"),
        ("organisation_link_codes", "used_chat"),
    )

    async def migrate_chat(self, old_chat_id: int, new_chat_id: int) -> None:
        """Moves every row of a group to its supergroup id in one transaction. Idempotent: a
        second call finds nothing under the old id. Rows already stored under the new id win
        (OR IGNORE on unique keys), and what is left under the old id is then removed."""
        async with self.transaction() as db:
            for table, column in self.CHAT_COLUMNS:
                await db.execute(
                    f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {column} = ?",
                    (new_chat_id, old_chat_id),
                )
            for table, column in self.CHAT_COLUMNS:
                await db.execute(f"DELETE FROM {table} WHERE {column} = ?", (old_chat_id,))

    async def has_started(self, user_id: int) -> bool:
        row = await self._fetchone("SELECT started_private FROM users WHERE id = ?", (user_id,))
        return bool(row and row[0])

    # --- competition-law guard -------------------------------------------------------------

    async def guard_state(self, chat_id: int) -> tuple[bool, datetime | None]:
        """Whether the guard is on in a chat (default on) and when it last warned there."""
        row = await self._fetchone(
            "SELECT guard_enabled, guard_last_warned_utc FROM chat_settings WHERE chat_id = ?",
            (chat_id,),
        )
        if row is None:
            return True, None
        return bool(row[0]), from_iso(row[1]) if row[1] else None

    async def set_guard(self, chat_id: int, enabled: bool) -> None:
        await self._execute(
            "INSERT INTO chat_settings(chat_id, guard_enabled) VALUES (?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET guard_enabled = excluded.guard_enabled",
            (chat_id, int(enabled)),
        )

    async def claim_guard_warning(self, chat_id: int, now: datetime, quiet: timedelta) -> bool:
        """Atomically reserves the right to warn: true at most once per `quiet` per chat."""
        async with self.transaction() as db:
            async with db.execute(
                "SELECT guard_enabled, guard_last_warned_utc FROM chat_settings WHERE chat_id = ?",
                (chat_id,),
            ) as cursor:
                row = await cursor.fetchone()
            if row is not None:
                if not row[0]:
                    return False
                if row[1] and now - from_iso(row[1]) < quiet:
                    return False
            await db.execute(
                "INSERT INTO chat_settings(chat_id, guard_last_warned_utc) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET "
                "guard_last_warned_utc = excluded.guard_last_warned_utc",
                (chat_id, to_iso(now)),
            )
            return True

    # --- polls: organisations, roster, votes (section owned by the polls feature) ----------

    async def _organisation(self, row: sqlite3.Row) -> pr.Organisation:
        chats = await self._fetchall(
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
        row = await self._fetchone(sql, (chat_id,))
        if row is None:
            async with self.transaction() as db:
                async with db.execute(sql, (chat_id,)) as cursor:
                    row = await cursor.fetchone()
                if row is None:
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
            row = await self._fetchone(sql, (chat_id,))
        assert row is not None
        return await self._organisation(row)

    async def organisation(self, org_id: int) -> pr.Organisation | None:
        row = await self._fetchone("SELECT * FROM organisations WHERE id = ?", (org_id,))
        return await self._organisation(row) if row else None

    async def organisation_for_chat(self, chat_id: int) -> pr.Organisation | None:
        row = await self._fetchone(
            "SELECT o.* FROM organisations o JOIN organisation_chats c ON c.org_id = o.id "
            "WHERE c.chat_id = ?",
            (chat_id,),
        )
        return await self._organisation(row) if row else None

    async def organisations(self) -> list[pr.Organisation]:
        rows = await self._fetchall("SELECT * FROM organisations ORDER BY id")
        return [await self._organisation(row) for row in rows]

    async def member_organisations(self, user_id: int) -> list[pr.Organisation]:
        """Organisations in which the user is an approved member."""
        rows = await self._fetchall(
            "SELECT DISTINCT o.* FROM organisations o JOIN members m ON m.org_id = o.id "
            "WHERE m.user_id = ? AND m.status = 'approved' ORDER BY o.id",
            (user_id,),
        )
        return [await self._organisation(row) for row in rows]

    async def set_voting_unit(self, org_id: int, unit: pr.VotingUnit) -> None:
        await self._execute(
            "UPDATE organisations SET voting_unit = ? WHERE id = ?", (unit.value, org_id)
        )

    # linking more groups to one organisation

    async def create_link_code(
        self, org_id: int, code: str, chat_id: int, user_id: int, now: datetime, expires: datetime
    ) -> bool:
        """Stores a one-time code; false when the code exists already (draw another)."""
        try:
            await self._execute(
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
        stamp = to_iso(now)
        # Finer than the seconds of the first group's stamp, so a group linked in the same
        # second still sorts after it and the organisation's main group stays the same.
        linked_stamp = now.astimezone(UTC).isoformat(timespec="microseconds")
        async with self.transaction() as db:
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
        org = await self.organisation_for_chat(chat_id)
        if org is None:
            return pr.UnlinkOutcome(pr.UnlinkStatus.NOT_LINKED)
        async with self.transaction() as db:
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

    # roster

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
        return await self._execute(
            "UPDATE OR IGNORE members SET user_id = ?, "
            "display_name = COALESCE(display_name, ?) "
            "WHERE user_id IS NULL AND username_key = ?",
            (user_id, display_name, username.lower()),
        )

    async def pharmacies(self, org_id: int) -> list[pr.Pharmacy]:
        rows = await self._fetchall(
            "SELECT * FROM pharmacies WHERE org_id = ? ORDER BY name_key", (org_id,)
        )
        return [pr.Pharmacy(r["id"], r["org_id"], r["name"], r["agb"]) for r in rows]

    async def find_pharmacy(
        self, org_id: int, name: str | None = None, agb: str | None = None
    ) -> pr.Pharmacy | None:
        row = None
        if agb is not None:
            row = await self._fetchone(
                "SELECT * FROM pharmacies WHERE org_id = ? AND agb = ?", (org_id, agb)
            )
        if row is None and name is not None:
            row = await self._fetchone(
                "SELECT * FROM pharmacies WHERE org_id = ? AND name_key = ?",
                (org_id, name.casefold()),
            )
        return pr.Pharmacy(row["id"], row["org_id"], row["name"], row["agb"]) if row else None

    async def members(self, org_id: int) -> list[pr.Member]:
        rows = await self._fetchall(
            self._MEMBER_SELECT + "WHERE m.org_id = ? ORDER BY p.name_key, m.id", (org_id,)
        )
        return [self._member(r) for r in rows]

    async def member(self, member_id: int) -> pr.Member | None:
        row = await self._fetchone(self._MEMBER_SELECT + "WHERE m.id = ?", (member_id,))
        return self._member(row) if row else None

    async def memberships(self, org_id: int, user_id: int) -> list[pr.Member]:
        rows = await self._fetchall(
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
        stamp = to_iso(now)
        async with self.transaction() as db:
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
        async with self.transaction() as db:
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
        stamp = to_iso(now)
        async with self.transaction() as db:
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

    # polls

    @staticmethod
    def _poll(row: sqlite3.Row) -> pr.PollRecord:
        return pr.PollRecord(
            id=row["id"],
            org_id=row["org_id"],
            kind=pr.StoredKind(row["kind"]),
            question=row["question"],
            options=tuple(json.loads(row["options_json"])),
            unit=pr.VotingUnit(row["unit"]),
            quorum=pr.share_from_text(row["quorum"]),
            threshold=pr.share_from_text(row["threshold"]),
            secret=bool(row["secret"]),
            chat_id=row["chat_id"],
            message_id=row["message_id"],
            created_by=row["created_by"],
            created_utc=from_iso(row["created_utc"]),
            closes_utc=from_iso(row["closes_utc"]) if row["closes_utc"] else None,
            reminder_leads=tuple(json.loads(row["reminder_leads_json"])),
            closed_utc=from_iso(row["closed_utc"]) if row["closed_utc"] else None,
            result=json.loads(row["result_json"]) if row["result_json"] else None,
            result_posted=row["result_posted_utc"] is not None,
            outcome=row["outcome"],
        )

    async def create_poll(self, draft: pr.PollDraft) -> pr.PollRecord:
        async with self.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO polls(org_id, kind, question, options_json, unit, quorum, "
                "threshold, secret, chat_id, created_by, created_utc, closes_utc, "
                "reminder_leads_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                ),
            )
            poll_id = int(cursor.lastrowid or 0)
        poll = await self.poll(poll_id)
        assert poll is not None
        return poll

    async def poll(self, poll_id: int) -> pr.PollRecord | None:
        row = await self._fetchone("SELECT * FROM polls WHERE id = ?", (poll_id,))
        return self._poll(row) if row else None

    async def org_polls(self, org_id: int, limit: int = 10) -> list[pr.PollRecord]:
        rows = await self._fetchall(
            "SELECT * FROM polls WHERE org_id = ? ORDER BY id DESC LIMIT ?", (org_id, limit)
        )
        return [self._poll(r) for r in rows]

    async def open_polls(self, org_id: int | None = None) -> list[pr.PollRecord]:
        if org_id is None:
            rows = await self._fetchall("SELECT * FROM polls WHERE closed_utc IS NULL ORDER BY id")
        else:
            rows = await self._fetchall(
                "SELECT * FROM polls WHERE closed_utc IS NULL AND org_id = ? ORDER BY id",
                (org_id,),
            )
        return [self._poll(r) for r in rows]

    async def unposted_results(self) -> list[pr.PollRecord]:
        rows = await self._fetchall(
            "SELECT * FROM polls WHERE closed_utc IS NOT NULL AND result_posted_utc IS NULL "
            "ORDER BY id"
        )
        return [self._poll(r) for r in rows]

    async def previous_scan(self, org_id: int, before_poll_id: int) -> pr.PollRecord | None:
        row = await self._fetchone(
            "SELECT * FROM polls WHERE org_id = ? AND kind = 'scan' AND id < ? "
            "AND closed_utc IS NOT NULL ORDER BY id DESC LIMIT 1",
            (org_id, before_poll_id),
        )
        return self._poll(row) if row else None

    async def set_poll_message(self, poll_id: int, chat_id: int, message_id: int) -> None:
        await self._execute(
            "UPDATE polls SET chat_id = ?, message_id = ? WHERE id = ?",
            (chat_id, message_id, poll_id),
        )

    async def set_poll_closes(self, poll_id: int, closes: datetime) -> None:
        await self._execute(
            "UPDATE polls SET closes_utc = ? WHERE id = ? AND closed_utc IS NULL",
            (to_iso(closes), poll_id),
        )

    async def move_poll_closing(
        self,
        poll_id: int,
        closes: datetime,
        reminder_leads: Sequence[int],
        reopen_leads: Sequence[int],
        by: int,
        by_name: str,
        now: datetime,
    ) -> pr.PollRecord | None:
        """Moves an open poll's closing time and records who did it, in one transaction.

        `reopen_leads` are reminders skipped earlier (never sent) whose moment lies ahead again:
        their claim is released so they go out once after all. Sent reminders stay claimed.
        `by_name` is kept as the board member was named then, for the export. None when the
        poll is closed (or due) by now, with nothing changed.
        """
        async with self.transaction() as db:
            async with db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            poll = self._poll(row)
            if not poll.is_open or poll.due(now):
                return None
            await db.execute(
                "UPDATE polls SET closes_utc = ?, reminder_leads_json = ? WHERE id = ?",
                (to_iso(closes), pr.dump_json(list(reminder_leads)), poll_id),
            )
            await db.execute(
                "INSERT INTO poll_closing_changes(poll_id, old_closes_utc, new_closes_utc, "
                "changed_by, changed_by_name, changed_utc) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    poll_id,
                    to_iso(poll.closes_utc) if poll.closes_utc else None,
                    to_iso(closes),
                    by,
                    by_name,
                    to_iso(now),
                ),
            )
            for lead in reopen_leads:
                await db.execute(
                    "DELETE FROM poll_reminders WHERE poll_id = ? AND lead_seconds = ? "
                    "AND outcome = 'skipped'",
                    (poll_id, lead),
                )
        return await self.poll(poll_id)

    async def closing_changes(self, poll_id: int) -> list[pr.ClosingChange]:
        rows = await self._fetchall(
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

    async def update_poll_text(
        self, poll_id: int, question: str, options: Sequence[str] | None
    ) -> bool:
        """Changes question (and options) only while nobody has voted; false otherwise."""
        async with self.transaction() as db:
            async with db.execute(
                "SELECT (SELECT COUNT(*) FROM votes WHERE poll_id = ?) + "
                "(SELECT COUNT(*) FROM scan_answers WHERE poll_id = ?)",
                (poll_id, poll_id),
            ) as cursor:
                row = await cursor.fetchone()
            if row is None or row[0] > 0:
                return False
            if options is None:
                await db.execute(
                    "UPDATE polls SET question = ? WHERE id = ? AND closed_utc IS NULL",
                    (question, poll_id),
                )
            else:
                await db.execute(
                    "UPDATE polls SET question = ?, options_json = ? "
                    "WHERE id = ? AND closed_utc IS NULL",
                    (question, pr.dump_json(list(options)), poll_id),
                )
            return True

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
        async with self.transaction() as db:
            async with db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None or row["kind"] == "scan":
                return pr.CastOutcome(pr.CastStatus.UNKNOWN_POLL)
            poll = self._poll(row)
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
        rows = await self._fetchall(
            "SELECT v.unit_key, v.choice_json FROM votes v JOIN ("
            "SELECT unit_key, MAX(id) AS last_id FROM votes WHERE poll_id = ? GROUP BY unit_key"
            ") latest ON v.id = latest.last_id",
            (poll_id,),
        )
        return {r["unit_key"]: tuple(json.loads(r["choice_json"])) for r in rows}

    async def vote_events(self, poll_id: int) -> list[pr.VoteRow]:
        rows = await self._fetchall(
            "SELECT v.unit_key, v.user_id, v.choice_json, v.cast_utc, m.display_name, "
            "m.username_key, u.first_name, u.username FROM votes v "
            "LEFT JOIN members m ON m.id = v.member_id LEFT JOIN users u ON u.id = v.user_id "
            "WHERE v.poll_id = ? ORDER BY v.id",
            (poll_id,),
        )
        events = []
        for r in rows:
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
        row = await self._fetchone("SELECT COUNT(*) FROM votes WHERE poll_id = ?", (poll_id,))
        return int(row[0]) if row else 0

    async def close_poll(self, poll_id: int, now: datetime, by: int | None) -> bool:
        """Marks the poll closed; true only for the one caller that actually closed it."""
        changed = await self._execute(
            "UPDATE polls SET closed_utc = ?, closed_by = ? WHERE id = ? AND closed_utc IS NULL",
            (to_iso(now), by, poll_id),
        )
        return changed == 1

    async def store_result(self, poll_id: int, result: dict[str, object]) -> None:
        await self._execute(
            "UPDATE polls SET result_json = ? WHERE id = ?", (pr.dump_json(result), poll_id)
        )

    async def mark_result_posted(self, poll_id: int, now: datetime) -> None:
        await self._execute(
            "UPDATE polls SET result_posted_utc = ? WHERE id = ?", (to_iso(now), poll_id)
        )

    async def set_outcome(self, poll_id: int, text: str, by: int, now: datetime) -> None:
        await self._execute(
            "UPDATE polls SET outcome = ?, outcome_by = ?, outcome_utc = ? WHERE id = ?",
            (text, by, to_iso(now), poll_id),
        )

    async def claim_reminder(
        self, poll_id: int, lead_seconds: int, now: datetime, outcome: str = "sent"
    ) -> bool:
        """Reserves one (poll, lead) reminder; true only the first time."""
        changed = await self._execute(
            "INSERT OR IGNORE INTO poll_reminders(poll_id, lead_seconds, done_utc, outcome) "
            "VALUES (?, ?, ?, ?)",
            (poll_id, lead_seconds, to_iso(now), outcome),
        )
        return changed == 1

    async def reminders_done(self, poll_id: int) -> dict[int, str]:
        rows = await self._fetchall(
            "SELECT lead_seconds, outcome FROM poll_reminders WHERE poll_id = ?", (poll_id,)
        )
        return {r[0]: r[1] for r in rows}

    async def set_reason(self, poll_id: int, user_id: int, reason: str, now: datetime) -> None:
        await self._execute(
            "INSERT INTO vote_reasons(poll_id, user_id, reason, given_utc) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(poll_id, user_id) DO UPDATE SET "
            "reason = excluded.reason, given_utc = excluded.given_utc",
            (poll_id, user_id, reason, to_iso(now)),
        )

    async def reasons(self, poll_id: int) -> list[tuple[int, str]]:
        rows = await self._fetchall(
            "SELECT user_id, reason FROM vote_reasons WHERE poll_id = ? ORDER BY given_utc",
            (poll_id,),
        )
        return [(r[0], r[1]) for r in rows]

    async def voted_user_ids(self, poll_id: int) -> set[int]:
        rows = await self._fetchall(
            "SELECT DISTINCT user_id FROM votes WHERE poll_id = ?", (poll_id,)
        )
        return {r[0] for r in rows}

    # maturity scan

    async def save_scan_answer(
        self, poll_id: int, user_id: int, key: str, score: int, now: datetime
    ) -> pr.CastStatus:
        async with self.transaction() as db:
            async with db.execute("SELECT * FROM polls WHERE id = ?", (poll_id,)) as cursor:
                row = await cursor.fetchone()
            if row is None or row["kind"] != "scan":
                return pr.CastStatus.UNKNOWN_POLL
            poll = self._poll(row)
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
        rows = await self._fetchall(
            "SELECT user_id, statement_key, score FROM scan_answers WHERE poll_id = ?",
            (poll_id,),
        )
        answers: dict[int, dict[str, int]] = {}
        for r in rows:
            answers.setdefault(r[0], {})[r[1]] = r[2]
        return answers

    # private conversations (state survives a restart)

    async def conversation(self, user_id: int) -> pr.Conversation | None:
        row = await self._fetchone(
            "SELECT kind, state_json FROM poll_conversations WHERE user_id = ?", (user_id,)
        )
        if row is None:
            return None
        return pr.Conversation(user_id, row[0], json.loads(row[1]))

    async def set_conversation(self, user_id: int, kind: str, state: dict[str, object]) -> None:
        await self._execute(
            "INSERT INTO poll_conversations(user_id, kind, state_json, updated_utc) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET kind = excluded.kind, "
            "state_json = excluded.state_json, updated_utc = excluded.updated_utc",
            (user_id, kind, pr.dump_json(state), utc_now_iso()),
        )

    async def clear_conversation(self, user_id: int) -> bool:
        changed = await self._execute(
            "DELETE FROM poll_conversations WHERE user_id = ?", (user_id,)
        )
        return changed > 0

    async def conversation_user_ids(self) -> set[int]:
        rows = await self._fetchall("SELECT user_id FROM poll_conversations")
        return {r[0] for r in rows}

    # --- agenda: meetings, schedules, reminders (section owned by the agenda feature) -------

    async def agenda_leads(self, chat_id: int) -> str | None:
        """The group's lead times as typed ('14d 3d 2u'); None means the defaults."""
        row = await self._fetchone(
            "SELECT leads FROM agenda_settings WHERE chat_id = ?", (chat_id,)
        )
        return str(row[0]) if row is not None and row[0] is not None else None

    async def set_agenda_leads(self, chat_id: int, leads: str | None, now: datetime) -> None:
        await self._execute(
            "INSERT INTO agenda_settings(chat_id, leads, updated_utc) VALUES (?, ?, ?) "
            "ON CONFLICT(chat_id) DO UPDATE SET leads = excluded.leads, "
            "updated_utc = excluded.updated_utc",
            (chat_id, leads, to_iso(now)),
        )

    @staticmethod
    def _agenda_meeting(row: sqlite3.Row) -> ar.Meeting:
        return ar.Meeting(
            id=row["id"],
            chat_id=row["chat_id"],
            uid=row["uid"],
            title=row["title"],
            start_utc=from_iso(row["start_utc"]),
            origin=row["origin"],
            location=row["location"],
            description=row["description"],
            recurrence=row["recurrence"],
            created_by=row["created_by"],
            cancelled=row["cancelled_utc"] is not None,
        )

    async def add_agenda_meeting(self, draft: ar.MeetingDraft, now: datetime) -> ar.Meeting:
        async with self.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO agenda_meetings(chat_id, uid, title, start_utc, location, "
                "description, recurrence, origin, created_by, created_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    draft.chat_id,
                    draft.uid,
                    draft.title,
                    to_iso(draft.start_utc),
                    draft.location,
                    draft.description,
                    draft.recurrence,
                    draft.origin,
                    draft.created_by,
                    to_iso(now),
                    to_iso(now),
                ),
            )
            meeting_id = cursor.lastrowid
            async with db.execute(
                "SELECT * FROM agenda_meetings WHERE id = ?", (meeting_id,)
            ) as read:
                row = await read.fetchone()
        assert row is not None
        return self._agenda_meeting(row)

    async def upsert_agenda_meetings(
        self, drafts: Sequence[ar.MeetingDraft], now: datetime
    ) -> ar.ImportCounts:
        """Insert new UIDs, update changed ones in place; a cancelled meeting stays cancelled."""
        created = updated = unchanged = 0
        fields = ("title", "start_utc", "location", "description", "recurrence")
        async with self.transaction() as db:
            for draft in drafts:
                values = (
                    draft.title,
                    to_iso(draft.start_utc),
                    draft.location,
                    draft.description,
                    draft.recurrence,
                )
                async with db.execute(
                    "SELECT id, cancelled_utc, " + ", ".join(fields) + " FROM agenda_meetings "
                    "WHERE chat_id = ? AND uid = ?",
                    (draft.chat_id, draft.uid),
                ) as cursor:
                    row = await cursor.fetchone()
                if row is None:
                    await db.execute(
                        "INSERT INTO agenda_meetings(chat_id, uid, title, start_utc, location, "
                        "description, recurrence, origin, created_by, created_utc, updated_utc) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            *(draft.chat_id, draft.uid, *values),
                            *(draft.origin, draft.created_by, to_iso(now), to_iso(now)),
                        ),
                    )
                    created += 1
                elif row["cancelled_utc"] is not None or tuple(row[f] for f in fields) == values:
                    unchanged += 1
                else:
                    await db.execute(
                        "UPDATE agenda_meetings SET title = ?, start_utc = ?, location = ?, "
                        "description = ?, recurrence = ?, updated_utc = ? WHERE id = ?",
                        (*values, to_iso(now), row["id"]),
                    )
                    updated += 1
        return ar.ImportCounts(created, updated, unchanged)

    async def agenda_meetings(
        self, chat_id: int, include_cancelled: bool = False
    ) -> list[ar.Meeting]:
        sql = "SELECT * FROM agenda_meetings WHERE chat_id = ?"
        if not include_cancelled:
            sql += " AND cancelled_utc IS NULL"
        rows = await self._fetchall(sql + " ORDER BY start_utc, id", (chat_id,))
        return [self._agenda_meeting(r) for r in rows]

    async def agenda_meeting(self, chat_id: int, meeting_id: int) -> ar.Meeting | None:
        row = await self._fetchone(
            "SELECT * FROM agenda_meetings WHERE chat_id = ? AND id = ?", (chat_id, meeting_id)
        )
        return self._agenda_meeting(row) if row is not None else None

    async def cancel_agenda_meeting(self, chat_id: int, meeting_id: int, now: datetime) -> bool:
        changed = await self._execute(
            "UPDATE agenda_meetings SET cancelled_utc = ?, updated_utc = ? "
            "WHERE chat_id = ? AND id = ? AND cancelled_utc IS NULL",
            (to_iso(now), to_iso(now), chat_id, meeting_id),
        )
        return changed > 0

    async def subscribe_schedule(
        self, chat_id: int, schedule_id: str, by: int | None, now: datetime
    ) -> bool:
        """False when the group was already subscribed."""
        changed = await self._execute(
            "INSERT OR IGNORE INTO agenda_subscriptions(chat_id, schedule_id, created_by, "
            "created_utc) VALUES (?, ?, ?, ?)",
            (chat_id, schedule_id, by, to_iso(now)),
        )
        return changed > 0

    async def unsubscribe_schedule(self, chat_id: int, schedule_id: str) -> bool:
        changed = await self._execute(
            "DELETE FROM agenda_subscriptions WHERE chat_id = ? AND schedule_id = ?",
            (chat_id, schedule_id),
        )
        return changed > 0

    async def schedule_subscriptions(self, chat_id: int) -> list[str]:
        rows = await self._fetchall(
            "SELECT schedule_id FROM agenda_subscriptions WHERE chat_id = ? ORDER BY schedule_id",
            (chat_id,),
        )
        return [str(r[0]) for r in rows]

    async def follow_agenda(self, user_id: int, chat_id: int, now: datetime) -> bool:
        """False when the member already followed this group."""
        changed = await self._execute(
            "INSERT OR IGNORE INTO agenda_followers(user_id, chat_id, created_utc) "
            "VALUES (?, ?, ?)",
            (user_id, chat_id, to_iso(now)),
        )
        return changed > 0

    async def unfollow_agenda(self, user_id: int, chat_id: int) -> bool:
        changed = await self._execute(
            "DELETE FROM agenda_followers WHERE user_id = ? AND chat_id = ?",
            (user_id, chat_id),
        )
        return changed > 0

    async def agenda_followers(self, chat_id: int) -> list[int]:
        rows = await self._fetchall(
            "SELECT user_id FROM agenda_followers WHERE chat_id = ? ORDER BY user_id", (chat_id,)
        )
        return [int(r[0]) for r in rows]

    async def followed_agendas(self, user_id: int) -> list[int]:
        rows = await self._fetchall(
            "SELECT chat_id FROM agenda_followers WHERE user_id = ? ORDER BY chat_id", (user_id,)
        )
        return [int(r[0]) for r in rows]

    async def agenda_chats(self) -> list[int]:
        """Every group that has anything on its agenda (meetings, schedules, settings)."""
        rows = await self._fetchall(
            "SELECT chat_id FROM agenda_meetings WHERE cancelled_utc IS NULL "
            "UNION SELECT chat_id FROM agenda_subscriptions "
            "UNION SELECT chat_id FROM agenda_settings "
            "UNION SELECT chat_id FROM agenda_followers ORDER BY 1"
        )
        return [int(r[0]) for r in rows]

    async def group_chats(self) -> dict[int, str | None]:
        """Group chats the bot has seen, with their titles."""
        rows = await self._fetchall(
            "SELECT id, title FROM chats WHERE type IN ('group', 'supergroup') ORDER BY id"
        )
        return {int(r[0]): r[1] for r in rows}

    @staticmethod
    def _agenda_reminder(row: sqlite3.Row) -> ar.Reminder:
        return ar.Reminder(
            id=row["id"],
            chat_id=row["chat_id"],
            target_chat=row["target_chat"],
            event_uid=row["event_uid"],
            occurrence_utc=from_iso(row["occurrence_utc"]),
            lead=row["lead"],
            due_utc=from_iso(row["due_utc"]),
            state=ar.ReminderState(row["state"]),
            late=bool(row["late"]),
            sent_utc=from_iso(row["sent_utc"]) if row["sent_utc"] else None,
            note=row["note"],
        )

    async def sync_agenda_reminders(
        self, chat_id: int, wanted: Sequence[ar.ReminderDraft], now: datetime
    ) -> ar.SyncCounts:
        """Make the group's pending reminders for future events match `wanted`, atomically.

        Missing reminders are added only while still due in the future (a new lead time must
        not fire for a moment that already passed); pending ones whose event, lead time or
        target disappeared are deleted. Sent and skipped rows are history and stay, which also
        keeps the UNIQUE key from ever creating the same reminder twice.
        """
        now_iso = to_iso(now)
        keys = {(w.target_chat, w.event_uid, to_iso(w.occurrence_utc), w.lead): w for w in wanted}
        async with self.transaction() as db:
            async with db.execute(
                "SELECT id, target_chat, event_uid, occurrence_utc, lead FROM agenda_reminders "
                "WHERE chat_id = ? AND state = 'pending' AND occurrence_utc > ?",
                (chat_id, now_iso),
            ) as cursor:
                existing = list(await cursor.fetchall())
            stale = [(r[0],) for r in existing if (r[1], r[2], r[3], r[4]) not in keys]
            if stale:
                await db.executemany("DELETE FROM agenda_reminders WHERE id = ?", stale)
            have = {(r[1], r[2], r[3], r[4]) for r in existing}
            fresh = [
                (chat_id, key[0], key[1], key[2], key[3], to_iso(w.due_utc))
                for key, w in keys.items()
                if key not in have and w.due_utc > now
            ]
            before = self.db.total_changes
            if fresh:
                await db.executemany(
                    "INSERT OR IGNORE INTO agenda_reminders(chat_id, target_chat, event_uid, "
                    "occurrence_utc, lead, due_utc) VALUES (?, ?, ?, ?, ?, ?)",
                    fresh,
                )
            inserted = self.db.total_changes - before
        return ar.SyncCounts(inserted=inserted, deleted=len(stale))

    async def agenda_reminders(
        self, chat_id: int | None = None, state: ar.ReminderState | None = None
    ) -> list[ar.Reminder]:
        sql = "SELECT * FROM agenda_reminders WHERE 1 = 1"
        params: list[Any] = []
        if chat_id is not None:
            sql += " AND chat_id = ?"
            params.append(chat_id)
        if state is not None:
            sql += " AND state = ?"
            params.append(state.value)
        rows = await self._fetchall(sql + " ORDER BY due_utc, id", params)
        return [self._agenda_reminder(r) for r in rows]

    async def pending_agenda_reminders(self, upto: datetime, limit: int = 500) -> list[ar.Reminder]:
        """Pending reminders due at or before `upto`, oldest first."""
        rows = await self._fetchall(
            "SELECT * FROM agenda_reminders WHERE state = 'pending' AND due_utc <= ? "
            "ORDER BY due_utc, id LIMIT ?",
            (to_iso(upto), limit),
        )
        return [self._agenda_reminder(r) for r in rows]

    async def pending_agenda_due_moments(self, after: datetime, upto: datetime) -> list[datetime]:
        """Distinct due moments of pending reminders in (after, upto]: one timer each."""
        rows = await self._fetchall(
            "SELECT DISTINCT due_utc FROM agenda_reminders WHERE state = 'pending' "
            "AND due_utc > ? AND due_utc <= ? ORDER BY due_utc",
            (to_iso(after), to_iso(upto)),
        )
        return [from_iso(r[0]) for r in rows]

    async def claim_agenda_reminders(self, ids: Sequence[int], now: datetime) -> list[int]:
        """Move pending reminders to 'sending'; returns the ids this caller now owns."""
        claimed: list[int] = []
        async with self.transaction() as db:
            for chunk in _chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                async with db.execute(
                    "UPDATE agenda_reminders SET state = 'sending', claimed_utc = ? "
                    f"WHERE state = 'pending' AND id IN ({marks}) RETURNING id",
                    (to_iso(now), *chunk),
                ) as cursor:
                    claimed.extend(int(r[0]) for r in await cursor.fetchall())
        return claimed

    async def finish_agenda_reminders(
        self,
        ids: Sequence[int],
        state: ar.ReminderState,
        now: datetime,
        late: bool = False,
        note: str | None = None,
    ) -> int:
        """Record the outcome (sent, skipped, failed, cancelled) of pending or claimed rows."""
        done = 0
        async with self.transaction() as db:
            for chunk in _chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = ?, late = ?, sent_utc = ?, note = ? "
                    f"WHERE state IN ('pending', 'sending') AND id IN ({marks})",
                    (state.value, int(late), to_iso(now), note, *chunk),
                )
                done += cursor.rowcount
        return done

    async def release_agenda_reminders(self, ids: Sequence[int] | None = None) -> int:
        """Hand claimed-but-unsent reminders back (None: all of them, after a restart)."""
        async with self.transaction() as db:
            if ids is None:
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = 'pending', claimed_utc = NULL "
                    "WHERE state = 'sending'"
                )
                return cursor.rowcount
            released = 0
            for chunk in _chunks(ids, 400):
                marks = ", ".join("?" * len(chunk))
                cursor = await db.execute(
                    "UPDATE agenda_reminders SET state = 'pending', claimed_utc = NULL "
                    f"WHERE state = 'sending' AND id IN ({marks})",
                    tuple(chunk),
                )
                released += cursor.rowcount
            return released

    async def agenda_reminder_counts(self) -> dict[str, int]:
        rows = await self._fetchall(
            "SELECT state, COUNT(*) FROM agenda_reminders GROUP BY state ORDER BY state"
        )
        return {str(r[0]): int(r[1]) for r in rows}


def _chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    """Keeps `IN (...)` lists under SQLite's bound-parameter limit."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _split_sql(script: str) -> Iterable[str]:
    """Split a migration script on ';' (migrations contain no semicolons inside literals)."""
    for part in script.split(";"):
        if part.strip():
            yield part.strip()
