"""The SQLite database behind every repository: two connections, pragmas, transactions, migrations.

Writes go through one writer connection, serialised by a lock (SQLite allows one writer anyway);
WAL makes a committed write survive a SIGKILL. Reads go through a second connection to the same
file, so a read never sees rows another coroutine has written but not yet committed: in WAL a
reader sees the last committed state. A connection keeps its snapshot while any of its statements
is still open, so reads take turns on the reader (`reading()`): a read that starts after a commit
then always sees it, also while other coroutines are reading.
Schema changes are the numbered scripts in `migrations/`, recorded in `schema_version`, so opening
an old database upgrades it and opening a new one is idempotent.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage import handling

MEMORY = ":memory:"


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def to_iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to storage")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_iso(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def chunks(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    """Keeps `IN (...)` lists under SQLite's bound-parameter limit."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]


def load_migrations() -> list[Migration]:
    """The scripts `migrations/NNN_slug.sql`, ascending; each starts with `-- name: ...`.

    Read as package data, so an installed (non-editable) package finds them too. The name is
    what `schema_version` records, kept apart from the file name so it never changes.
    """
    found: dict[int, Migration] = {}
    for entry in (resources.files("bot.storage") / "migrations").iterdir():
        if not entry.name.endswith(".sql"):
            continue
        version = int(entry.name.split("_", 1)[0])
        lines = entry.read_text(encoding="utf-8").splitlines()
        if not lines or not lines[0].startswith("-- name:"):
            raise ValueError(f"migration {entry.name} lacks its '-- name:' line")
        if version in found:
            raise ValueError(f"two migrations numbered {version}")
        name = lines[0].removeprefix("-- name:").strip()
        body = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
        found[version] = Migration(version, name, tuple(_split_sql(body)))
    return [found[v] for v in sorted(found)]


def _split_sql(script: str) -> Iterable[str]:
    """Split a migration script on ';' (migrations contain no semicolons inside literals)."""
    for part in script.split(";"):
        if part.strip():
            yield part.strip()


class Database:
    """Owns the connections; repositories borrow them through the helpers below."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()

    # --- lifecycle -------------------------------------------------------------------------

    async def open(self) -> None:
        memory = str(self.path) == MEMORY
        if not memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._writer = await self._connect()
        await self._writer.execute("PRAGMA journal_mode=WAL")
        await self._writer.execute("PRAGMA foreign_keys=ON")
        await self._writer.execute("PRAGMA synchronous=NORMAL")
        await self.migrate()
        if memory:
            # An in-memory database exists only inside its one connection.
            self._reader = self._writer
        else:
            self._reader = await self._connect()
            await self._reader.execute("PRAGMA query_only=ON")

    async def _connect(self) -> aiosqlite.Connection:
        connection = await aiosqlite.connect(self.path, isolation_level=None)
        connection.row_factory = sqlite3.Row
        await connection.execute("PRAGMA busy_timeout=5000")
        return connection

    async def close(self) -> None:
        reader, writer = self._reader, self._writer
        self._reader = self._writer = None
        if reader is not None and reader is not writer:
            await reader.close()
        if writer is not None:
            await writer.close()

    @property
    def writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("storage is not open")
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise RuntimeError("storage is not open")
        return self._reader

    # --- reading and writing ---------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def transaction(
        self, *, bookkeeping: bool = False
    ) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; committed before the caller acknowledges anything.

        Reads that must see the transaction's own writes go through the yielded connection.
        While an update is being handled, its first such transaction also marks it done in the
        inbox, so the effect and "done" commit together; `bookkeeping` transactions (idempotent
        writes made on the side: remembering a chat, creating an organisation on first use)
        never do, see `bot.storage.handling`.
        """
        async with self._write_lock:
            await self.writer.execute("BEGIN IMMEDIATE")
            marked = None if bookkeeping else handling.to_mark()
            try:
                yield self.writer
                if marked is not None:
                    await self._mark_done(marked.update_id)
            except BaseException:
                await self.writer.execute("ROLLBACK")
                raise
            await self.writer.execute("COMMIT")
            if marked is not None:
                marked.done = True

    async def _mark_done(self, update_id: int) -> None:
        """The update being handled is done in the transaction of its effect (see
        `bot.storage.handling`); its stored payload is not needed any more."""
        await self.writer.execute(
            "UPDATE update_inbox SET done_utc = ?, outcome = 'effect', payload = NULL "
            "WHERE update_id = ? AND done_utc IS NULL",
            (utc_now_iso(), update_id),
        )

    @contextlib.asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        """The reader, for this coroutine alone until the block ends (close every cursor in it).

        Without turns, a coroutine's statement that is still open (between its execute and its
        fetch) holds the connection's snapshot, and another coroutine's read on the same
        connection then sees the database as it was before the latest commit: a poll just
        closed would read as open. Do not call `fetchall`/`fetchone` inside the block.
        """
        async with self._read_lock:
            yield self.reader

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self.reading() as reader, reader.execute(sql, params) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
        async with self.reading() as reader, reader.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def execute(
        self, sql: str, params: Sequence[Any] = (), *, bookkeeping: bool = False
    ) -> int:
        """One write statement in its own transaction; the row count tells callers whether it
        changed anything (a claim won, a row that was already there)."""
        async with self.transaction(bookkeeping=bookkeeping) as db:
            cursor = await db.execute(sql, params)
            return cursor.rowcount

    # --- migrations ------------------------------------------------------------------------

    async def migrate(self) -> list[int]:
        """Apply pending migrations; returns the versions applied now (empty when up to date)."""
        await self.writer.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_utc TEXT NOT NULL)"
        )
        async with self.writer.execute("SELECT version FROM schema_version") as cursor:
            applied = {row[0] for row in await cursor.fetchall()}
        done: list[int] = []
        for migration in load_migrations():
            if migration.version in applied:
                continue
            async with self.transaction() as db:
                for statement in migration.statements:
                    await db.execute(statement)
                await db.execute(
                    "INSERT INTO schema_version(version, name, applied_utc) VALUES (?, ?, ?)",
                    (migration.version, migration.name, utc_now_iso()),
                )
            done.append(migration.version)
        return done

    async def schema_versions(self) -> list[int]:
        rows = await self.fetchall("SELECT version FROM schema_version ORDER BY version")
        return [row[0] for row in rows]


class Repository:
    """Base of the repositories: rows in, rows out, over the shared database."""

    def __init__(self, db: Database) -> None:
        self.db = db
