"""The board's knowledge commands: reloading, the guard's settings, the compliance log and the
loop of unanswered questions and 👎 ratings. Permission checks here, rules in the service."""

from __future__ import annotations

import html

from telegram import Chat, InputFile, Message, Update

from bot.context import BotContext
from bot.knowledge.loader import KnowledgeError
from bot.knowledge.replies import board_report_html
from bot.permissions import board_groups, is_board, is_operator
from bot.texts import common as common_texts
from bot.texts import knowledge as texts

# `/acmwacht <setting> aan|uit`: the word before aan/uit names the setting.
_SETTING_WORDS = {"": "enabled", "log": "log_text", "regel": "reminder_line"}
_ON = {"aan": True, "on": True, "uit": False, "off": False}


async def reload_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if not (
        await is_operator(context, update.effective_user)
        or await is_board(context, update.effective_chat, update.effective_user)
    ):
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    try:
        knowledge = context.knowledge_service.reload(context.settings)
    except KnowledgeError as exc:
        problems = [html.escape(str(p), quote=False) for p in exc.problems[:15]]
        if len(exc.problems) > 15:
            problems.append(texts.reload_more(len(exc.problems) - 15))
        await message.reply_text(texts.RELOAD_FAILED.format(problems="\n".join(problems)))
        return
    await message.reply_text(texts.reload_ok(len(knowledge.terms), len(knowledge.rules)))


async def _board_in_group(update: Update, context: BotContext) -> tuple[Message, Chat] | None:
    """The guard's settings and log belong to one group: typed there, by its board."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return None
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.GUARD_GROUP_ONLY)
        return None
    if not await is_board(context, chat, update.effective_user):
        await message.reply_text(common_texts.BOARD_ONLY)
        return None
    return message, chat


async def guard_command(update: Update, context: BotContext) -> None:
    """`/acmwacht [log|regel] [aan|uit]`; without arguments: the group's settings."""
    found = await _board_in_group(update, context)
    if found is None:
        return
    message, chat = found
    args = [a.lower() for a in context.args or []]
    service = context.knowledge_service
    if args:
        *setting, switch = args
        name = _SETTING_WORDS.get(" ".join(setting))
        if name is None or switch not in _ON:
            await message.reply_text(texts.GUARD_USAGE)
            return
        settings = await service.set_guard_setting(chat.id, name, _ON[switch])
    else:
        settings = await service.guard_settings(chat.id)
    on_off = texts.ON_OFF
    await message.reply_text(
        texts.GUARD_STATUS.format(
            enabled=on_off[settings.enabled],
            log_text=on_off[settings.log_text],
            reminder_line=on_off[settings.reminder_line],
        )
    )


async def unanswered_command(update: Update, context: BotContext) -> None:
    """`/onbeantwoord`: the group's unanswered questions (an operator in private: all)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    private = chat.type == Chat.PRIVATE
    chat_id: int | None = None if private else chat.id
    if private and not await is_operator(context, user):
        # A board member in private: the first group they are board of (and its organisation).
        groups = await board_groups(context, user, first=True)
        chat_id = groups[0] if groups else None
        if chat_id is None:
            await message.reply_text(common_texts.BOARD_ONLY_PRIVATE)
            return
    elif not await is_board(context, chat, user):
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    report = await context.knowledge_service.board_report(chat_id, everywhere=chat_id is None)
    await message.reply_text(
        board_report_html(report.unanswered, report.disliked, context.settings.tz)
    )


async def acmlog_command(update: Update, context: BotContext) -> None:
    """`/acmlog`: the group's compliance log as CSV, for the board."""
    found = await _board_in_group(update, context)
    if found is None:
        return
    message, chat = found
    data, count = await context.knowledge_service.guard_log_csv(chat.id, context.settings.tz)
    if not count:
        await message.reply_text(texts.ACMLOG_EMPTY)
        return
    await message.reply_document(
        InputFile(data, filename=texts.ACMLOG_FILE),
        caption=texts.acmlog_caption(count),
    )
