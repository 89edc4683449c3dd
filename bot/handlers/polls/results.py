"""Looking at polls: /stemmingen, /uitslag, /opkomst (board) and /export (board, privately)."""

from __future__ import annotations

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.polls.common import (
    command_organisation,
    escape,
    reply_privately,
    split_message,
)
from bot.jobs import polls as polls_jobs
from bot.poll_keyboards import scan_prompt, vote_keyboard
from bot.polls import records as pr
from bot.polls import render
from bot.polls.export import export_files
from bot.polls.results import OwnVote
from bot.texts import board as board_texts
from bot.texts import votes as vote_texts


async def show_result(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    chat = update.effective_chat
    if chat is None:
        return
    view = await polls_jobs.result_view(context.application, poll)
    await polls_jobs.send_result(context.bot, chat.id, poll, view)


async def send_export(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    """The files go to the board member privately, wherever they asked."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
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


async def show_turnout(update: Update, context: BotContext, poll: pr.PollRecord) -> None:
    voted, missing = await context.polls.results.voted_split(poll)
    progress = await context.polls.results.scan_progress(poll)
    report = render.turnout_report(poll, voted, missing, progress)
    await reply_privately(update, context, *split_message(report.split("\n")))


async def list_command(update: Update, context: BotContext) -> None:
    """The latest polls; in the private chat with the member's own vote and a button to vote
    or change it (in a group nobody's vote is shown)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    org = await command_organisation(update, context, board=False, command="stemmingen")
    if org is None or message is None or chat is None:
        return
    polls = await context.polls.votes.recent(org.id, limit=10)
    if not polls:
        await message.reply_text(board_texts.NO_POLLS)
        return
    tz = context.settings.tz
    private = chat.type == Chat.PRIVATE and user is not None
    lines = [board_texts.polls_title(escape(org.name))]
    rows = []
    for poll in polls:
        closes = format_moment(poll.closes_utc, tz) if poll.closes_utc else None
        line = board_texts.poll_list_line(
            poll.id, poll.kind.value, escape(poll.question), poll.is_open, closes
        )
        if private and user is not None:
            own = await context.polls.results.own_vote(poll, user.id)
            line += render.own_vote_suffix(poll, own)
            if own.member and poll.is_open:
                scan = poll.kind is pr.StoredKind.SCAN
                label = board_texts.vote_here_button(
                    poll.id, own.voted or own.scan_answered > 0, scan
                )
                rows.append(
                    [InlineKeyboardButton(label, callback_data=callbacks.VOTE_SHOW.data(poll.id))]
                )
        lines.append(line)
    if not private:
        lines += ["", board_texts.OWN_VOTE_PRIVATE]
    markup = InlineKeyboardMarkup(rows) if rows else None
    await message.reply_text("\n".join(lines), reply_markup=markup)


async def vote_show_button(update: Update, context: BotContext) -> None:
    """A poll from /stemmingen to vote in (or change the vote) right here."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    poll = await context.polls.votes.poll(int(context.match.group("poll")))
    if poll is None or poll.withdrawn:
        await query.answer(vote_texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    if not poll.is_open:
        await query.answer(board_texts.poll_already_closed(poll.id)[:200], show_alert=True)
        return
    user = query.from_user
    own = await context.polls.results.own_vote(poll, user.id)
    if not own.member:
        await query.answer(board_texts.poll_not_found(poll.id)[:200], show_alert=True)
        return
    await query.answer()
    await show_vote_here(context, query.message, poll, own, user.id)


async def show_vote_here(
    context: BotContext, message: Message, poll: pr.PollRecord, own: OwnVote, user_id: int
) -> None:
    """The poll with its vote buttons (or the next scan statement) in the private chat: from
    /stemmingen, and from the notice in a linked group that has no live poll message."""
    if poll.kind is pr.StoredKind.SCAN:
        answers = await context.polls.results.member_scan_answers(poll.id, user_id)
        prompt = scan_prompt(poll, answers)
        if prompt is None:
            await message.reply_text(vote_texts.scan_done(poll.id))
        else:
            await message.reply_text(prompt[0], reply_markup=prompt[1])
        return
    text = render.vote_here_text(poll, own, context.settings.tz)
    await message.reply_text(text, reply_markup=vote_keyboard(poll))
