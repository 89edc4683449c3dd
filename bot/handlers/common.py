"""Small pieces every feature's handlers need, kept once so the features cannot drift apart."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest

log = logging.getLogger(__name__)


def now_utc() -> datetime:
    """The handlers' clock: always aware UTC, so storage and scheduling never see naive times."""
    return datetime.now(UTC)


async def edit_or_reply(
    message: Message, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Replace a message the user pressed a button on; Telegram refuses edits of old or
    unchanged messages, and then a fresh reply still gets the answer across."""
    try:
        await message.edit_text(text, reply_markup=markup)
    except BadRequest:
        log.debug("could not edit message %s; replying instead", message.message_id)
        await message.reply_text(text, reply_markup=markup)
