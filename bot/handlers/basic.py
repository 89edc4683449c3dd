"""/start, /help, the allowed-chats gate and the error handler."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Chat, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CommandHandler,
    ContextTypes,
    TypeHandler,
)

from bot.commands import COMMANDS
from bot.permissions import is_board
from bot.services import services_of
from bot.texts import common as texts

log = logging.getLogger(__name__)


async def gate_allowed_chats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stops every handler for group chats the operator did not allow."""
    allowed = services_of(context).settings.allowed_chats
    chat = update.effective_chat
    if allowed and chat is not None and chat.type != Chat.PRIVATE and chat.id not in allowed:
        raise ApplicationHandlerStop


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    storage = services_of(context).storage
    if chat.type == Chat.PRIVATE:
        await storage.remember_user(user.id, user.first_name, user.username, started=True)
        payload = context.args[0] if context.args else ""
        for hook in services_of(context).extras.get("start_payload_hooks", []):
            if await hook(update, context, payload):
                return
        await message.reply_text(texts.welcome_private(user.first_name), parse_mode=ParseMode.HTML)
    else:
        await storage.remember_chat(chat.id, chat.type, chat.title)
        await message.reply_text(texts.WELCOME_GROUP, parse_mode=ParseMode.HTML)


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Members see what they can do; the board list is shown to the board only, to keep it short."""
    message = update.effective_message
    if message is None:
        return
    lines = [texts.HELP_HEADER]
    lines += [texts.help_line(c.name, c.description) for c in COMMANDS if not c.board_only]
    board_commands = [c for c in COMMANDS if c.board_only]
    if board_commands:
        if await is_board(context, update.effective_chat, update.effective_user):
            lines += ["", texts.HELP_BOARD_HEADER]
            lines += [texts.help_line(c.name, c.description) for c in board_commands]
        else:
            lines += ["", texts.HELP_BOARD_HINT]
    lines += ["", texts.HELP_FOOTER]
    await message.reply_text("\n".join(lines), parse_mode=ParseMode.HTML)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs the failure and tells the user something went wrong, never how."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat is not None:
        if update.callback_query is not None:
            with contextlib.suppress(TelegramError):
                await update.callback_query.answer(texts.GENERIC_ERROR[:190], show_alert=True)
            return
        if update.effective_message is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, texts.GENERIC_ERROR)
            except TelegramError:
                log.warning("could not tell chat %s about the error", update.effective_chat.id)


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    application.add_handler(TypeHandler(Update, gate_allowed_chats), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_error_handler(on_error)
