"""What an operator needs to see that the bot is healthy: uptime, last error, sizes, queues.

Kept in memory (the last error) or read on demand; nothing here changes what the bot does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from bot.storage import Storage


@dataclass
class LastError:
    at: datetime
    summary: str


@dataclass
class OpsMonitor:
    storage: Storage
    started_utc: datetime = field(default_factory=lambda: datetime.now(UTC))
    started_monotonic: float = field(default_factory=time.monotonic)
    last_error: LastError | None = None
    errors: int = 0

    async def status(self, scheduled_jobs: int) -> StatusReport:
        return StatusReport(
            version=version(),
            uptime_seconds=self.uptime_seconds(),
            database_bytes=database_bytes(self.storage.path),
            scheduled_jobs=scheduled_jobs,
            pending_reminders=await self.storage.ops.pending_reminders(),
            open_polls=await self.storage.ops.open_polls(),
            errors=self.errors,
            last_error=self.last_error,
        )

    def record_error(self, summary: str, now: datetime | None = None) -> None:
        self.errors += 1
        self.last_error = LastError(now or datetime.now(UTC), summary[:300])

    def uptime_seconds(self) -> float:
        return time.monotonic() - self.started_monotonic


@dataclass(frozen=True)
class StatusReport:
    version: str
    uptime_seconds: float
    database_bytes: int
    scheduled_jobs: int
    pending_reminders: int
    open_polls: int
    errors: int
    last_error: LastError | None


def version() -> str:
    try:
        return metadata.version("rao-bot")
    except metadata.PackageNotFoundError:
        return "onbekend"


def database_bytes(path: Path) -> int:
    """The database with its write-ahead log: what a backup and the disk have to hold."""
    total = 0
    for suffix in ("", "-wal", "-shm"):
        candidate = path.with_name(path.name + suffix)
        if candidate.exists():
            total += candidate.stat().st_size
    return total
