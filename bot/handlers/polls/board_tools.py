"""The board's tools for a running poll: /sluit, /intrekken, /verleng, /wijzig, /herinner
(/uitkomst, once it is closed, is in `outcome`). Rules and checks are the service's; these
handlers find the poll, call the service and say what happened. What cannot be undone
(closing, withdrawing, closing earlier) is asked first, with buttons.
"""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.polls.common import (
    board_poll_press,
    escape,
    open_poll_and_rest,
    reply_privately,
    signed_name,
)
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls import render
from bot.polls.rules import ClosingChangedError, PollInputError
from bot.texts import board as board_texts


async def ask_close(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    """/sluit asks first: closing cannot be undone."""
    message = update.effective_message
    if message is None:
        return
    markup = confirm_markup(
        board_texts.CLOSE_YES,
        callbacks.POLL_CONFIRM.data("sluit", poll.id, "ja"),
        callbacks.POLL_CONFIRM.data("sluit", poll.id, "nee"),
    )
    ref = render.poll_ref(poll)
    scan = poll.kind is pr.StoredKind.SCAN
    ask = board_texts.close_ask(ref, escape(poll.question), scan)
    await message.reply_text(ask, reply_markup=markup)


async def ask_withdraw(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    """/intrekken asks first: a withdrawn vote has no result."""
    message = update.effective_message
    if message is None:
        return
    markup = confirm_markup(
        board_texts.WITHDRAW_YES,
        callbacks.POLL_CONFIRM.data("intrek", poll.id, "ja"),
        callbacks.POLL_CONFIRM.data("intrek", poll.id, "nee"),
    )
    text = board_texts.withdraw_ask(
        poll.id, escape(poll.question), poll.is_open, render.poll_ref(poll)
    )
    await message.reply_text(text, reply_markup=markup)


def confirm_markup(yes: str, yes_data: str, no_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(yes, callback_data=yes_data),
                InlineKeyboardButton(board_texts.CONFIRM_NO, callback_data=no_data),
            ]
        ]
    )


async def poll_confirm_button(update: Update, context: BotContext) -> None:
    """The answer to "nu sluiten?" or "intrekken?"."""
    found = await board_poll_press(update, context)
    if found is None or context.match is None:
        return
    query, message, poll = found
    action = context.match.group("action")
    if context.match.group("answer") == "nee":
        cancelled = (
            board_texts.close_cancelled(render.poll_ref(poll))
            if action == "sluit"
            else board_texts.withdraw_cancelled(poll.id)
        )
        await message.edit_text(cancelled)
        return
    user = query.from_user
    if action == "sluit":
        closed = await polls_jobs.close_and_announce(context.application, poll.id, by=user.id)
        ref = render.poll_ref(poll)
        done = board_texts.closed_now(ref)
        await message.edit_text(done if closed else board_texts.poll_already_closed(poll.id, ref))
        return
    withdrawn = await polls_jobs.withdraw_and_announce(
        context.application, poll.id, user.id, signed_name(user)
    )
    done = board_texts.withdrawn_done(poll.id)
    await message.edit_text(done if withdrawn else board_texts.poll_withdrawn(poll.id))


async def move_command(update: Update, context: BotContext) -> None:
    """/verleng <nr> <moment>: a new closing time for an open poll; question and options stay.
    Later happens at once; earlier (less time to vote) is asked first."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    found = await open_poll_and_rest(update, context, board=True, usage=board_texts.MOVE_USAGE)
    if found is None:
        return
    poll, moment = found
    try:
        plan = context.polls.votes.plan_move(poll, moment, now_utc())
    except PollInputError as exc:  # the error handler replies with it
        raise PollInputError(f"{exc.message}\n\n{board_texts.MOVE_USAGE}") from exc
    if plan is None:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    closes, tz = plan.closes, context.settings.tz
    if plan.earlier and poll.closes_utc is not None:
        at, base = int(closes.timestamp()), int(poll.closes_utc.timestamp())
        markup = confirm_markup(
            board_texts.MOVE_EARLIER_YES,
            callbacks.MOVE_CONFIRM.data(poll.id, at, base, "ja"),
            callbacks.MOVE_CONFIRM.data(poll.id, at, base, "nee"),
        )
        current = format_moment(poll.closes_utc, tz)
        text = board_texts.move_earlier_ask(poll.id, current, format_moment(closes, tz))
        await message.reply_text(text, reply_markup=markup)
        return
    await _move(update, context, poll, closes, user)


async def move_confirm_button(update: Update, context: BotContext) -> None:
    """The answer to "eerder sluiten?"."""
    found = await board_poll_press(update, context)
    if found is None or context.match is None:
        return
    query, message, poll = found
    tz = context.settings.tz
    if context.match.group("answer") == "nee":
        current = format_moment(poll.closes_utc, tz) if poll.closes_utc else ""
        await message.edit_text(board_texts.move_cancelled(poll.id, current))
        return
    closes = datetime.fromtimestamp(int(context.match.group("at")), UTC)
    base = datetime.fromtimestamp(int(context.match.group("base")), UTC)
    await _move(update, context, poll, closes, query.from_user, confirmed=message, base=base)


async def _move(
    update: Update,
    context: BotContext,
    poll: pr.PollRecord,
    closes: datetime,
    user: User,
    confirmed: Message | None = None,
    base: datetime | None = None,
) -> None:
    """Stores the new closing time and tells the group (and, elsewhere, the board member);
    `base` is the closing time a confirmed question was about."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    tz = context.settings.tz
    earlier = context.polls.votes.is_earlier(poll, closes)
    try:
        moved = await context.polls.votes.move_closing(
            poll, closes, user.id, signed_name(user), now_utc(), base=base
        )
    except ClosingChangedError as exc:  # another /verleng came after the question
        await (confirmed.edit_text(exc.message) if confirmed else message.reply_text(exc.message))
        return
    except PollInputError as exc:  # time passed while the question was shown
        reply = f"{exc.message}\n\n{board_texts.MOVE_USAGE}"
        await (confirmed.edit_text(reply) if confirmed else message.reply_text(reply))
        return
    if moved is None:
        closed = board_texts.poll_already_closed(poll.id)
        await (confirmed.edit_text(closed) if confirmed else message.reply_text(closed))
        return
    await polls_jobs.closing_moved(context.application, moved)  # jobs first: the truth is stored
    moment = format_moment(moved.closes_utc or closes, tz)
    notice = board_texts.move_done(moved.id, moment)
    await context.bot.send_message(moved.chat_id, notice)
    done = board_texts.move_earlier_done(moved.id, moment) if earlier else notice
    if confirmed is not None:
        await confirmed.edit_text(done)
    elif chat.id != moved.chat_id:
        await message.reply_text(done)


async def remind(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    message = update.effective_message
    if message is None:
        return
    outcome = await polls_jobs.send_reminders(context.application, poll.id, lead=None)
    if outcome is None:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    sent, problems = outcome
    if problems:
        report = board_texts.reminder_report(poll.id, sent, problems, render.poll_ref(poll))
        await reply_privately(update, context, report)
    else:
        await message.reply_text(board_texts.reminders_sent(poll.id, sent, render.poll_ref(poll)))


async def edit_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    found = await open_poll_and_rest(update, context, board=True, usage=board_texts.EDIT_USAGE)
    if found is None:
        return
    poll, text = found
    await context.polls.votes.edit_text(poll, text, now_utc())
    await polls_jobs.refresh_now(context.application, poll.id)
    await message.reply_text(board_texts.edit_done(poll.id))
