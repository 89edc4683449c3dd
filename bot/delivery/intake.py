"""Taking received updates in: stored first, queued for the handlers second."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from datetime import UTC, datetime

from telegram import Update

from bot.context import BotApp, services_of_app

log = logging.getLogger(__name__)


def payload(update: Update) -> str:
    """The update's JSON as PTB serialises it: `Update.de_json` reads it back, and fields this
    PTB version does not know survive in `api_kwargs`."""
    return json.dumps(update.to_dict(), ensure_ascii=False, separators=(",", ":"))


async def take_in(application: BotApp, updates: Sequence[Update]) -> int:
    """Stores a received batch in the inbox (one transaction), then queues the updates that were
    not stored before; returns how many were queued.

    Call it before confirming the batch to Telegram (polling: before the next getUpdates;
    webhook: before answering 200): once it returns, a crash no longer loses these updates.
    An update stored before is not queued again: it is done (Telegram re-delivered it after a
    restart) or already on its way in this process.
    """
    if not updates:
        return 0
    storage = services_of_app(application).storage
    new = set(
        await storage.inbox.store([(u.update_id, payload(u)) for u in updates], datetime.now(UTC))
    )
    for update in updates:
        if update.update_id in new:
            await application.update_queue.put(update)
        else:
            log.info("update %s was received before; not queued again", update.update_id)
    return len(new)
