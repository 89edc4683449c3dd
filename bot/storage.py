"""The only module that speaks SQL: an async store over one aiosqlite connection.

One connection serialises writes (SQLite allows one writer anyway); WAL keeps readers cheap and
makes a committed write survive a SIGKILL. Schema changes are ordered migrations recorded in
`schema_version`, so opening an old database upgrades it and opening a new one is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiosqlite

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
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO chats(id, type, title, first_seen_utc) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET type=excluded.type, title=excluded.title",
                (chat_id, chat_type, title, utc_now_iso()),
            )

    async def remember_user(
        self, user_id: int, first_name: str, username: str | None, started: bool = False
    ) -> None:
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO users(id, first_name, username, started_private, updated_utc) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "first_name=excluded.first_name, username=excluded.username, "
                "started_private=MAX(users.started_private, excluded.started_private), "
                "updated_utc=excluded.updated_utc",
                (user_id, first_name, username, int(started), utc_now_iso()),
            )

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
        async with self.transaction() as db:
            await db.execute(
                "INSERT INTO chat_settings(chat_id, guard_enabled) VALUES (?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET guard_enabled = excluded.guard_enabled",
                (chat_id, int(enabled)),
            )

    async def claim_guard_warning(self, chat_id: int, now: datetime, quiet: timedelta) -> bool:
        """Atomically reserves the right to warn: true at most once per `quiet` per chat."""
        async with self.transaction() as db:
            async with db.execute(
                "SELECT guard_enabled, guard_last_warned_utc FROM chat_settings "
                "WHERE chat_id = ?",
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

    # --- agenda: meetings, schedules, reminders (section owned by the agenda feature) -------


def _split_sql(script: str) -> Iterable[str]:
    """Split a migration script on ';' (migrations contain no semicolons inside literals)."""
    for part in script.split(";"):
        if part.strip():
            yield part.strip()
