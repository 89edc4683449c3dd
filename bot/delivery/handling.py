"""The two ends of handling one update: the first handler and the update processor around it."""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, SimpleUpdateProcessor

from bot.context import BotContext
from bot.storage import handling
from bot.storage.inbox import InboxRepository

log = logging.getLogger(__name__)


async def begin_update(update: Update, context: BotContext) -> None:
    """Runs before every other handler: a done update (re-delivered, re-queued) goes no
    further, so neither its effect nor its reply happens twice; any other update is marked as
    the one this task handles, for `Database.transaction()` to mark done with its effect."""
    inbox = context.storage.inbox
    status = await inbox.status(update.update_id)
    if status is not None and status[0]:
        log.info("update %s was handled before; skipped", update.update_id)
        raise ApplicationHandlerStop
    handling.begin(update.update_id, _finisher(inbox), status[1] if status else None)


def acted_at(now: datetime) -> datetime:
    """The moment a handler should judge a deadline by: when the bot received the update (a
    vote stored before a poll's deadline but handled after a crash still counts)."""
    return handling.acted_at(now)


def _finisher(inbox: InboxRepository) -> handling.Finish:
    async def finish(update_id: int) -> bool:
        return await inbox.mark_handled(update_id, datetime.now(UTC))

    return finish


class InboxUpdateProcessor(SimpleUpdateProcessor):
    """Marks an update done after all its handlers ran, if no transaction of it did already.

    This is the update processor rather than a handler in a last group because a handler that
    raises `ApplicationHandlerStop` (the allowed-chats gate, a guided conversation step)
    ends PTB's walk through the groups, and a last-group handler would never run for it. The
    processor also opens a fresh handling scope per update, so nothing of one update leaks into
    the next one handled by the same task. An update whose handling was cancelled (shutdown)
    stays unfinished and is handled again at the next start.
    """

    __slots__ = ()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        token = handling.scope()
        try:
            await coroutine
            current = handling.current()
            if current is not None and not current.done and current.finish is not None:
                try:
                    await current.finish(current.update_id)
                    current.done = True
                except Exception:
                    log.exception("could not mark update %s done", current.update_id)
        finally:
            handling.end(token)
