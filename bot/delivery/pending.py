"""Tries again, every minute, the poll results that are not posted yet.

A result stays unposted when its send failed or its outcome is unknown (bot.delivery.ledger);
before this job it was only tried again at the next start-up. Agenda reminders need no job of
their own: a reminder that was not sent goes back to pending and the reminder tick takes it.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.clock import now_utc
from bot.context import BotApp, BotContext, services_of_app
from bot.delivery.ledger import KEEP
from bot.jobs import polls as poll_jobs

log = logging.getLogger(__name__)

RETRY_EVERY = timedelta(minutes=1)
JOB = "delivery-retry"


def schedule_retries(application: BotApp) -> None:
    queue = application.job_queue
    if queue is None:
        log.error("retrying unposted results needs the JobQueue (python-telegram-bot[job-queue])")
        return
    queue.run_repeating(
        _retry_job,
        interval=RETRY_EVERY,
        first=RETRY_EVERY,
        name=JOB,
        job_kwargs={"id": JOB, "replace_existing": True, "coalesce": True, "max_instances": 1},
    )


async def _retry_job(context: BotContext) -> None:
    await retry_pending(context.application, now_utc())


async def retry_pending(application: BotApp, now: datetime) -> int:
    """Posts what is still unposted (each part at most once); returns how many got posted."""
    storage = services_of_app(application).storage
    posted = 0
    for poll in await storage.polls.unposted_results():
        await poll_jobs.announce(application, poll, now=now)
        fresh = await storage.polls.poll(poll.id)
        posted += fresh is not None and fresh.result_posted
    await storage.deliveries.prune(now - KEEP)
    return posted
