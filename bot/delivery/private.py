"""Private messages to a member, who may never have started the bot or may have blocked it:
that is an answer to handle (say so elsewhere, or skip), not an error."""

from __future__ import annotations

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden


async def send_private_message(
    bot: Bot, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> Message | None:
    """The message sent; None when the user cannot be reached privately."""
    try:
        return await bot.send_message(user_id, text, reply_markup=markup)
    except Forbidden:
        return None
    except BadRequest as exc:
        if "chat not found" in str(exc).lower():
            return None  # Telegram's answer for a user it never saw talking to the bot
        raise


async def send_private(
    bot: Bot, user_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> bool:
    """A private message; false when the user never started the bot or blocked it."""
    return await send_private_message(bot, user_id, text, markup) is not None
