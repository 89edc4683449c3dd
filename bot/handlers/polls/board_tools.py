"""The board's tools for a running poll: /sluit, /verleng, /wijzig, /herinner, and /uitkomst
once it is closed. Rules and checks are the service's; these handlers find the poll, call the
service and say what happened.
"""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.common import now_utc
from bot.handlers.polls import decisions
from bot.handlers.polls.common import (
    command_body,
    display_name,
    escape,
    reply_privately,
    resolve_poll,
)
from bot.jobs import polls as polls_jobs
from bot.polls.mandate_command import parse_closing_moment
from bot.polls.rules import PollInputError
from bot.texts import board as board_texts


async def close_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    poll = await resolve_poll(
        update,
        context,
        context.args or [],
        board=True,
        usage=board_texts.CLOSE_USAGE,
        open_only=True,
    )
    if poll is None:
        return
    closed = await polls_jobs.close_and_announce(context.application, poll.id, by=user.id)
    if closed is None:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
    elif chat.id != poll.chat_id:
        await message.reply_text(board_texts.poll_closed_elsewhere(poll.id))


async def move_command(update: Update, context: BotContext) -> None:
    """/verleng <nr> <moment>: a new closing time for an open poll; question and options stay."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    args = context.args or []
    if len(args) < 2:
        await message.reply_text(board_texts.MOVE_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=board_texts.MOVE_USAGE, open_only=True
    )
    if poll is None:
        return
    now = now_utc()
    if poll.due(now):
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    tz = context.settings.tz
    try:
        closes = parse_closing_moment(command_body(message).split(maxsplit=1)[1], now, tz)
        name = display_name(user)
        by_name = f"{name} (@{user.username})" if user.username else name
        moved = await context.polls.votes.move_closing(poll, closes, user.id, by_name, now)
    except PollInputError as exc:
        await message.reply_text(f"{exc.message}\n\n{board_texts.MOVE_USAGE}")
        return
    if moved is None:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    await polls_jobs.closing_moved(context.application, moved)  # jobs first: the truth is stored
    notice = board_texts.move_done(moved.id, format_moment(moved.closes_utc or closes, tz))
    await context.bot.send_message(moved.chat_id, notice)
    if chat.id != moved.chat_id:
        await message.reply_text(notice)


async def outcome_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    args = context.args or []
    if not args:
        await message.reply_text(board_texts.OUTCOME_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=board_texts.OUTCOME_USAGE
    )
    if poll is None:
        return
    text = command_body(message).split(maxsplit=1)
    if len(text) < 2 or not text[1].strip():
        await message.reply_text(board_texts.OUTCOME_USAGE)
        return
    statement, review = await decisions.save_outcome(context, poll, text[1].strip(), user.id)
    posted = board_texts.outcome_posted(poll.id, escape(poll.question), escape(statement))
    await context.bot.send_message(poll.chat_id, f"{posted}\n\n{review}" if review else posted)
    if chat.id != poll.chat_id:
        await message.reply_text(board_texts.outcome_saved(poll.id))


async def remind_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    poll = await resolve_poll(
        update,
        context,
        context.args or [],
        board=True,
        usage=board_texts.REMIND_USAGE,
        open_only=True,
    )
    if poll is None:
        return
    outcome = await polls_jobs.send_reminders(context.application, poll.id, lead=None)
    if outcome is None:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    sent, problems = outcome
    if problems:
        await reply_privately(update, context, board_texts.reminder_report(poll.id, sent, problems))
    else:
        await message.reply_text(board_texts.reminders_sent(poll.id, sent))


async def edit_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    if len(args) < 2:
        await message.reply_text(board_texts.EDIT_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=board_texts.EDIT_USAGE, open_only=True
    )
    if poll is None:
        return
    text = command_body(message).split(maxsplit=1)[1]
    await context.polls.votes.edit_text(poll, text, now_utc())
    await polls_jobs.refresh_now(context.application, poll.id)
    await message.reply_text(board_texts.edit_done(poll.id))
