"""Start-up: handle what was stored but never finished; later, forget what is old and done."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta

from telegram import Update

from bot.context import BotApp, BotContext, services_of_app

log = logging.getLogger(__name__)

# Telegram keeps an unconfirmed update for 24 hours; a done row must outlive any re-delivery.
RETENTION = timedelta(hours=25)
PRUNE_EVERY = timedelta(hours=1)
MAX_ATTEMPTS = 3  # start-ups that tried an update; then it is given up (it may crash the bot)


async def on_startup(application: BotApp) -> None:
    """Old done rows go, unfinished ones are handled, and pruning is scheduled."""
    await prune(application)
    await recover(application)
    schedule_pruning(application)


async def recover(application: BotApp) -> int:
    """Handles the stored updates that were never finished, oldest first, one at a time, through
    the same handlers and update processor as polled ones; returns how many were handled.

    Runs in `post_init`, before overdue polls are closed and before polling starts, so a vote
    received before a deadline is counted before the poll closes. An update that was tried at
    `MAX_ATTEMPTS` start-ups already is given up (logged), so one that kills the process
    cannot keep the bot from starting.
    """
    storage = services_of_app(application).storage
    handled = 0
    for stored in await storage.inbox.unfinished():
        if stored.attempts >= MAX_ATTEMPTS:
            log.error(
                "update %s failed %d times at start-up; given up", stored.update_id, stored.attempts
            )
            await storage.inbox.give_up(stored.update_id, datetime.now(UTC))
            continue
        await storage.inbox.count_attempt(stored.update_id)
        try:
            update = Update.de_json(json.loads(stored.payload), application.bot)
        except (ValueError, TypeError, KeyError):
            log.exception("stored update %s cannot be read; given up", stored.update_id)
            await storage.inbox.give_up(stored.update_id, datetime.now(UTC))
            continue
        processor = application.update_processor
        await processor.process_update(update, application.process_update(update))
        handled += 1
    if handled:
        log.info("handled %d stored update(s) left unfinished by the last run", handled)
    return handled


async def prune(application: BotApp) -> int:
    removed = await services_of_app(application).storage.inbox.prune(datetime.now(UTC) - RETENTION)
    if removed:
        log.info("inbox: forgot %d handled update(s) older than %s", removed, RETENTION)
    return removed


async def _prune_job(context: BotContext) -> None:
    await prune(context.application)


def schedule_pruning(application: BotApp) -> None:
    job_queue = application.job_queue
    if job_queue is not None:
        job_queue.run_repeating(
            _prune_job, interval=PRUNE_EVERY, first=timedelta(minutes=1), name="inbox-prune"
        )
