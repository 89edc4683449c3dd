"""Daily clean-up of stored records past their retention (see README, privacy)."""

from __future__ import annotations

import logging
from datetime import timedelta

from bot.clock import now_utc
from bot.context import BotApp, BotContext

log = logging.getLogger(__name__)
JOB_NAME = "retention"


async def _prune(context: BotContext) -> None:
    removed = await context.privacy.prune(now_utc())
    if removed:
        log.info("retention: removed %d individual vote records past their retention", removed)


def schedule(application: BotApp) -> None:
    if application.job_queue is None:
        return
    application.job_queue.run_repeating(
        _prune, interval=timedelta(days=1), first=timedelta(minutes=5), name=JOB_NAME
    )
