"""Migrations are applied once, in order, and re-opening is idempotent; reads go through their
own connection and never see another coroutine's uncommitted writes."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.storage import Storage
from bot.storage.db import load_migrations

# What `schema_version` has recorded since these migrations were written: databases in use hold
# exactly these rows, so the files must keep both numbers and names.
HISTORY = [
    (1, "foundation"),
    (2, "knowledge guard"),
    (3, "polls: organisations, roster, votes"),
    (4, "agenda: meetings, schedule subscriptions, followers, reminders"),
    (5, "polls: one-time codes that link more groups to an organisation"),
    (6, "polls: moved closing times"),
]


def test_migration_files_keep_their_versions_and_names() -> None:
    migrations = load_migrations()
    assert [(m.version, m.name) for m in migrations][: len(HISTORY)] == HISTORY
    assert all(m.statements for m in migrations)
    assert not any(s.lstrip().startswith("--") for m in migrations for s in m.statements)


async def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    storage = Storage(path)
    await storage.open()
    versions = [m.version for m in load_migrations()]
    assert await storage.db.schema_versions() == versions
    assert await storage.db.migrate() == []
    await storage.close()

    again = Storage(path)
    await again.open()
    assert await again.db.schema_versions() == versions
    assert await again.db.migrate() == []
    await again.close()
    with sqlite3.connect(path) as plain:
        names = plain.execute("SELECT version, name FROM schema_version ORDER BY version")
        assert list(names)[: len(HISTORY)] == HISTORY


async def test_pragmas_and_users(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "x" / "db.sqlite3")
    await storage.open()
    async with storage.db.writer.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    async with storage.db.writer.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]
    async with storage.db.reader.execute("PRAGMA query_only") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]
    await storage.chats.remember_user(5, "Anna", "anna")
    assert not await storage.chats.has_started(5)
    await storage.chats.remember_user(5, "Anna", "anna", started=True)
    await storage.chats.remember_user(5, "Anna", "anna")
    assert await storage.chats.has_started(5)
    await storage.close()


async def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "db.sqlite3")
    await storage.open()
    try:
        async with storage.db.transaction() as db:
            await db.execute(
                "INSERT INTO users(id, first_name, updated_utc) VALUES (1, 'A', 'now')"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert not await storage.chats.has_started(1)
    assert await _count(storage, "users") == 0
    await storage.close()


async def test_reads_do_not_see_an_open_write_transaction(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "db.sqlite3")
    await storage.open()
    written = asyncio.Event()
    release = asyncio.Event()

    async def writer() -> None:
        async with storage.db.transaction() as db:
            await db.execute(
                "INSERT INTO chats(id, type, title, first_seen_utc) "
                "VALUES (-100, 'supergroup', 'RAO Noord', 'now')"
            )
            async with db.execute("SELECT COUNT(*) FROM chats") as cursor:
                assert tuple(await cursor.fetchone() or ()) == (1,)  # sees its own write
            written.set()
            await release.wait()

    task = asyncio.create_task(writer())
    try:
        await written.wait()
        assert await storage.chats.group_chats() == {}
        assert await _count(storage, "chats") == 0
    finally:
        release.set()
        await task
    assert await storage.chats.group_chats() == {-100: "RAO Noord"}
    await storage.close()


async def _count(storage: Storage, table: str) -> int:
    row = await storage.db.fetchone(f"SELECT COUNT(*) FROM {table}")
    assert row is not None
    return int(row[0])


async def test_a_read_after_a_commit_sees_it_while_another_read_is_open(tmp_path: Path) -> None:
    """Found in CI: a poll's close job read the poll while another coroutine's read statement
    was still open on the reader, got the closing time from before the commit and stopped.
    A statement held open keeps the connection's snapshot, so reads must take turns."""
    storage = Storage(tmp_path / "db.sqlite3")
    await storage.open()
    await storage.db.execute(
        "INSERT INTO chats(id, type, first_seen_utc) VALUES (-1, 'group', 'a'), (-2, 'group', 'a')"
    )
    reading = asyncio.Event()
    release = asyncio.Event()

    async def slow_reader() -> None:
        async with storage.db.reading() as reader, reader.execute("SELECT id FROM chats") as cur:
            await cur.fetchone()  # one of two rows: the statement stays open
            reading.set()
            await release.wait()

    task = asyncio.create_task(slow_reader())
    try:
        await reading.wait()
        await storage.db.execute("UPDATE chats SET first_seen_utc = 'b'")
        read = asyncio.create_task(storage.db.fetchall("SELECT first_seen_utc FROM chats"))
        release.set()
        rows = await read
        assert [r[0] for r in rows] == ["b", "b"]
    finally:
        release.set()
        await task
        await storage.close()
