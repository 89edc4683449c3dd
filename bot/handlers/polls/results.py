"""Looking at polls: /stemmingen, /uitslag, /opkomst (board) and /export (board, privately)."""

from __future__ import annotations

from telegram import Chat, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.polls.common import (
    command_organisation,
    escape,
    reply_privately,
    resolve_poll,
    split_message,
)
from bot.jobs import polls as polls_jobs
from bot.polls import render
from bot.polls.export import export_files
from bot.texts import board as board_texts


async def result_command(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=False, usage=board_texts.RESULT_USAGE
    )
    if poll is None:
        return
    view = await polls_jobs.result_view(context.application, poll)
    await polls_jobs.send_result(context.bot, chat.id, poll, view)


async def export_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=board_texts.EXPORT_USAGE
    )
    if poll is None:
        return
    files = export_files(await context.polls.results.export_data(poll), context.settings.tz)
    try:
        for file in files:
            await context.bot.send_document(
                user.id, file.content, filename=file.name, caption=file.caption
            )
    except TelegramError:
        await message.reply_text(board_texts.start_private_first(context.bot.username))
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(board_texts.SENT_PRIVATELY)


async def turnout_command(update: Update, context: BotContext) -> None:
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=board_texts.TURNOUT_USAGE
    )
    if poll is None:
        return
    voted, missing = await context.polls.results.voted_split(poll)
    report = render.turnout_report(poll, voted, missing)
    await reply_privately(update, context, *split_message(report.split("\n")))


async def list_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    org = await command_organisation(update, context, board=False, command="stemmingen")
    if org is None or message is None:
        return
    polls = await context.polls.votes.recent(org.id, limit=10)
    if not polls:
        await message.reply_text(board_texts.NO_POLLS)
        return
    tz = context.settings.tz
    lines = [board_texts.polls_title(escape(org.name))]
    for poll in polls:
        closes = format_moment(poll.closes_utc, tz) if poll.closes_utc else None
        lines.append(
            board_texts.poll_list_line(
                poll.id, poll.kind.value, escape(poll.question), poll.is_open, closes
            )
        )
    await message.reply_text("\n".join(lines))
