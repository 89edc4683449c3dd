"""Online backup of the database file: safe while the bot is running and writing.

SQLite's backup API copies a consistent snapshot page by page from its own connection; in WAL
mode the running bot keeps writing meanwhile and the copy holds everything committed when the
backup finished. The copy is written to a temporary file and renamed, so a crash never leaves a
half-written backup under the requested name.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


def backup_database(source: Path, target: Path, pages_per_step: int = 256) -> int:
    """Copies `source` to `target`; returns the size of the backup in bytes."""
    if not source.exists():
        raise FileNotFoundError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst, pages=pages_per_step)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        check = dst.execute("PRAGMA integrity_check").fetchone()
        if check is None or check[0] != "ok":
            raise RuntimeError(f"backup failed its integrity check: {check}")
    finally:
        dst.close()
        src.close()
    os.replace(partial, target)
    return target.stat().st_size


def database_counts(path: Path) -> dict[str, int]:
    """Row counts per table of a (backup) database: what an operator checks after a restore."""
    db = sqlite3.connect(path)
    try:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: int(db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0]) for t in tables}
    finally:
        db.close()
