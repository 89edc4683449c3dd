"""Migrations are applied once, in order, and re-opening is idempotent."""

from __future__ import annotations

from pathlib import Path

from bot.storage import MIGRATIONS, Storage


async def test_migrations_apply_once(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    storage = Storage(path)
    await storage.open()
    versions = sorted(v for v, _, _ in MIGRATIONS)
    assert await storage.schema_versions() == versions
    assert await storage.migrate() == []
    await storage.close()

    again = Storage(path)
    await again.open()
    assert await again.schema_versions() == versions
    assert await again.migrate() == []
    await again.close()


async def test_pragmas_and_users(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "x" / "db.sqlite3")
    await storage.open()
    async with storage.db.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    async with storage.db.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]
    await storage.remember_user(5, "Anna", "anna")
    assert not await storage.has_started(5)
    await storage.remember_user(5, "Anna", "anna", started=True)
    await storage.remember_user(5, "Anna", "anna")
    assert await storage.has_started(5)
    await storage.close()


async def test_failed_transaction_rolls_back(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "db.sqlite3")
    await storage.open()
    try:
        async with storage.transaction() as db:
            await db.execute(
                "INSERT INTO users(id, first_name, updated_utc) VALUES (1, 'A', 'now')"
            )
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert not await storage.has_started(1)
    async with storage.db.execute("SELECT COUNT(*) FROM users") as cur:
        assert (await cur.fetchone())[0] == 0  # type: ignore[index]
    await storage.close()
