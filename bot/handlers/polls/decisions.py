"""The decision register: /besluiten (closed votes with verdict, outcome and review date) and
`/besluiten export` (board, as CSV). /uitkomst, which fills it, is a board tool
(`handlers.polls.outcome.outcome_command`, stored by `bot.polls.outcome`).
"""

from __future__ import annotations

from telegram import Chat, Message, Update, User
from telegram.error import TelegramError

from bot.context import BotContext
from bot.handlers.polls.common import (
    command_organisation,
    escape,
    is_board_here,
    split_message,
)
from bot.polls import records as pr
from bot.polls.decisions import register_csv, register_lines
from bot.texts import board as board_texts
from bot.texts import common as common_texts
from bot.texts import decisions as texts

REGISTER_LIMIT = 50  # closed votes listed (newest first); the export holds as many


async def decisions_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    typed = (context.args or [""])[0]
    word = typed.lower()
    if word not in ("", "export"):
        # A misspelt "export" must not look like it worked: say what the command knows.
        if message is not None:
            await message.reply_text(texts.register_usage(escape(typed)))
        return
    org = await command_organisation(update, context, board=False, command="besluiten")
    if org is None or message is None or chat is None:
        return
    rows = await context.polls.results.decisions(org.id, REGISTER_LIMIT)
    tz = context.settings.tz
    if word == "export":
        await _export(message, chat, user, context, org, register_csv(rows, tz), len(rows))
        return
    if not rows:
        await message.reply_text(texts.NO_DECISIONS)
        return
    lines = [texts.register_title(escape(org.name)), *register_lines(rows, tz)]
    if await is_board_here(context, chat, org, user):  # only the board can act on it
        lines += ["", texts.register_footer(rows[0].poll_id)]
    for chunk in split_message(lines):
        await message.reply_text(chunk)


async def _export(
    message: Message,
    chat: Chat,
    user: User | None,
    context: BotContext,
    org: pr.Organisation,
    content: bytes,
    count: int,
) -> None:
    """The register as a file, for the board, in the private chat."""
    if user is None:
        return
    board = await is_board_here(context, chat, org, user)
    if not board:
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    try:
        await context.bot.send_document(
            user.id, content, filename=texts.FILE_REGISTER, caption=texts.export_caption(count)
        )
    except TelegramError:
        await message.reply_text(board_texts.start_private_first(context.bot.username))
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(board_texts.SENT_PRIVATELY)
