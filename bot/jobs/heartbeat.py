"""A file touched every minute while the bot runs: the container healthcheck reads its age.

The bot's own event loop writes it, so a hung loop or a dead process shows as stale; no port
has to be opened for a health probe in polling mode.
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

from bot.context import BotApp, BotContext

INTERVAL = timedelta(minutes=1)
STALE_AFTER = timedelta(minutes=3)


def heartbeat_path(db: Path) -> Path:
    return db.with_name(db.name + ".heartbeat")


def _write(db: Path) -> None:
    heartbeat_path(db).write_text(f"{time.time():.0f}\n", encoding="utf-8")


async def _beat(context: BotContext) -> None:
    _write(context.settings.db)


def schedule(application: BotApp) -> None:
    """The first beat at start-up, then one a minute from the JobQueue."""
    _write(application.bot_data.services.settings.db)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_beat, interval=INTERVAL, name="heartbeat")


def is_fresh(db: Path, now: float | None = None) -> bool:
    path = heartbeat_path(db)
    try:
        age = (now or time.time()) - path.stat().st_mtime
    except OSError:
        return False
    return age < STALE_AFTER.total_seconds()
