"""Votes in Telegram: /mandaat, /peiling, /scan, the vote buttons and the board's tools
(/sluit, /verleng, /uitslag, /uitkomst, /export, /herinner, /opkomst, /wijzig), plus
/toelichting.
Linking several groups to one organisation lives in bot.handlers.polls.orgs.

The vote button is the hot path: one transaction in storage, then the callback answer that
tells the voter what was recorded, then a debounced refresh of the group message. Nothing
else (no permission look-ups at Telegram) happens in between.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import Chat, Message, Update, User
from telegram.error import TelegramError

from bot import callbacks
from bot.context import BotContext
from bot.delivery.handling import acted_at
from bot.dutch_dates import format_moment
from bot.handlers.common import now_utc
from bot.handlers.polls import roster as polls_roster
from bot.handlers.polls.common import (
    command_organisation,
    display_name,
    is_member,
    link_user,
    reply_privately,
    resolve_poll,
    scan_prompt,
    split_message,
)
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls.mandate_command import (
    MAX_QUESTION_CHARS,
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.rules import PollInputError
from bot.polls.service import PollService, vote_answer_text
from bot.texts import board as board_texts
from bot.texts import scan as scan_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

MAX_OUTCOME_CHARS = 1000
MAX_REASON_CHARS = 500


_COMMAND_PREFIX = re.compile(r"^/\w+(?:@\w+)?\s*")


def _body(message: Message) -> str:
    """The text after the command, with its line breaks kept."""
    return _COMMAND_PREFIX.sub("", (message.text or "").strip(), count=1).strip()


def _service(context: BotContext) -> PollService:
    return context.polls.service


# --- starting polls ----------------------------------------------------------------------


async def _starting(
    update: Update, context: BotContext, command: str
) -> tuple[Message, Chat, User, pr.Organisation] | None:
    """What every poll-starting command checks first; None once the user has been told why not."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    org = await command_organisation(update, context, board=True, command=command)
    if org is None:
        return None
    return message, chat, user, org


def _poll_chat(chat: Chat, org: pr.Organisation) -> int:
    """A poll started in private is posted in the organisation's main group."""
    chat_id = chat.id if chat.type != Chat.PRIVATE else org.main_chat
    assert chat_id is not None
    return chat_id


async def _announce_started(
    context: BotContext,
    message: Message,
    chat: Chat,
    org: pr.Organisation,
    poll: pr.PollRecord,
) -> None:
    """Posts the new poll; a board member who started it in private is told where it went."""
    await polls_jobs.post_poll(context.application, poll)
    if chat.type == Chat.PRIVATE:
        await message.reply_text(
            board_texts.poll_posted_elsewhere(poll.id, html.escape(org.name, quote=False))
        )


async def mandate_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "mandaat")
    if started is None:
        return
    message, chat, user, org = started
    if not _body(message):
        await polls_roster.start_guided_mandate(update, context, org)
        return
    request = parse_mandate_command(
        message.text or "",
        now_utc(),
        context.settings.tz,
        default_unit=org.voting_unit,
    )
    poll = await _service(context).create_mandate(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def poll_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "peiling")
    if started is None:
        return
    message, chat, user, org = started
    request = parse_poll_command(message.text or "", now_utc(), context.settings.tz)
    poll = await _service(context).create_quick_poll(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def scan_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "scan")
    if started is None:
        return
    message, chat, user, org = started
    body = re.sub(r"^(?:sluit|sluiting|deadline)\b\s*:?\s*", "", _body(message), flags=re.I)
    closes = None
    if body:
        try:
            closes = parse_closing_moment(body, now_utc(), context.settings.tz)
        except PollInputError as exc:
            await message.reply_text(f"{exc.message}\n\n{vote_texts.SCAN_USAGE}")
            return
    poll = await _service(context).create_scan(
        org, closes, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


# --- votes and scan answers --------------------------------------------------------------


async def vote_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    poll_id, option = int(context.match.group("poll")), int(context.match.group("option"))
    user = query.from_user
    outcome = await context.storage.votes.cast_vote(
        poll_id, user.id, user.username, display_name(user), option, acted_at(now_utc())
    )
    org_name = ""
    if outcome.status is pr.CastStatus.NOT_MEMBER and outcome.poll is not None:
        org = await context.storage.orgs.organisation(outcome.poll.org_id)
        org_name = org.name if org else ""
    stored = outcome.status in (pr.CastStatus.RECORDED, pr.CastStatus.CHANGED)
    try:
        await query.answer(vote_answer_text(outcome, org_name), show_alert=not stored)
    finally:
        if stored:  # the vote counts even when the answer could not be delivered
            polls_jobs.request_refresh(context.application, poll_id)


async def scan_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    match = context.match
    poll_id, index = int(match.group("poll")), int(match.group("statement"))
    score = int(match.group("score"))
    store = context.storage
    poll = await store.polls.poll(poll_id)
    if poll is None or poll.kind is not pr.StoredKind.SCAN or not 0 <= index < len(poll.options):
        await query.answer(vote_texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    if not 1 <= score <= 5:
        await query.answer(vote_texts.VOTE_UNKNOWN_OPTION, show_alert=True)
        return
    user = query.from_user
    await link_user(context, user)
    status = await store.votes.save_scan_answer(
        poll_id, user.id, poll.options[index], score, now_utc()
    )
    if status is pr.CastStatus.CLOSED:
        await query.answer(vote_texts.SCAN_CLOSED, show_alert=True)
        return
    if status is pr.CastStatus.NOT_MEMBER:
        await query.answer(vote_texts.SCAN_NOT_MEMBER, show_alert=True)
        return
    if status not in (pr.CastStatus.RECORDED, pr.CastStatus.DUPLICATE):
        await query.answer(vote_texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    await query.answer(vote_texts.scan_saved(score))
    answers = (await store.votes.scan_answers(poll_id)).get(user.id, {})
    prompt = scan_prompt(poll, answers, after=index)
    if isinstance(query.message, Message):
        try:
            if prompt is None:
                await query.message.edit_text(vote_texts.scan_done(poll.id))
            else:
                await query.message.edit_text(prompt[0], reply_markup=prompt[1])
        except TelegramError as exc:
            log.debug("could not show the next statement: %s", exc)
    polls_jobs.request_refresh(context.application, poll_id)


async def scan_start(update: Update, context: BotContext) -> None:
    """Deep link scan_<poll>: the first (or next) statement in the private chat."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    number = callbacks.SCAN_LINK.value_of(message.text)
    poll = await context.storage.polls.poll(int(number)) if number else None
    if poll is None or poll.kind is not pr.StoredKind.SCAN:
        await message.reply_text(vote_texts.VOTE_UNKNOWN_POLL)
        return
    if not poll.is_open:
        await message.reply_text(vote_texts.SCAN_CLOSED)
        return
    await link_user(context, user)
    org = await context.storage.orgs.organisation(poll.org_id)
    if org is None or not await is_member(context, org, user):
        await message.reply_text(vote_texts.SCAN_NOT_MEMBER)
        return
    answers = (await context.storage.votes.scan_answers(poll.id)).get(user.id, {})
    prompt = scan_prompt(poll, answers)
    if prompt is None:
        await message.reply_text(vote_texts.scan_done(poll.id))
        return
    await message.reply_text(f"{scan_texts.SCAN_INTRO}\n\n{prompt[0]}", reply_markup=prompt[1])


# --- the board's tools -------------------------------------------------------------------


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
        closes = parse_closing_moment(_body(message).split(maxsplit=1)[1], now, tz)
        name = display_name(user)
        by_name = f"{name} (@{user.username})" if user.username else name
        moved = await _service(context).move_closing(poll, closes, user.id, by_name, now)
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


async def result_command(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=False, usage=board_texts.RESULT_USAGE
    )
    if poll is None:
        return
    view = await _service(context).result_view(poll)
    await polls_jobs.send_result(context.bot, chat.id, poll, view)


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
    text = _body(message).split(maxsplit=1)
    statement = text[1].strip() if len(text) > 1 else ""
    if not statement:
        await message.reply_text(board_texts.OUTCOME_USAGE)
        return
    if poll.is_open:
        await message.reply_text(board_texts.outcome_while_open(poll.id))
        return
    if len(statement) > MAX_OUTCOME_CHARS:
        await message.reply_text(board_texts.outcome_too_long(len(statement), MAX_OUTCOME_CHARS))
        return
    await context.storage.polls.set_outcome(poll.id, statement, user.id, now_utc())
    await context.bot.send_message(
        poll.chat_id,
        board_texts.outcome_posted(
            poll.id,
            html.escape(poll.question, quote=False),
            html.escape(statement, quote=False),
        ),
    )
    if chat.id != poll.chat_id:
        await message.reply_text(board_texts.outcome_saved(poll.id))


async def export_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=board_texts.EXPORT_USAGE
    )
    if poll is None:
        return
    files = await _service(context).export(poll)
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


async def turnout_command(update: Update, context: BotContext) -> None:
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=board_texts.TURNOUT_USAGE
    )
    if poll is None:
        return
    report = await _service(context).turnout_report(poll)
    await reply_privately(update, context, *split_message(report.split("\n")))


async def list_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    org = await command_organisation(update, context, board=False, command="stemmingen")
    if org is None or message is None:
        return
    polls = await context.storage.polls.org_polls(org.id, limit=10)
    if not polls:
        await message.reply_text(board_texts.NO_POLLS)
        return
    tz = context.settings.tz
    lines = [board_texts.polls_title(html.escape(org.name, quote=False))]
    for poll in polls:
        closes = format_moment(poll.closes_utc, tz) if poll.closes_utc else None
        lines.append(
            board_texts.poll_list_line(
                poll.id,
                poll.kind.value,
                html.escape(poll.question, quote=False),
                poll.is_open,
                closes,
            )
        )
    await message.reply_text("\n".join(lines))


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
    rest = _body(message).split(maxsplit=1)[1]
    parts = [" ".join(p.split()) for p in rest.split("|")]
    question = parts[0]
    options: tuple[str, ...] | None = None
    if poll.kind is pr.StoredKind.SCAN:
        await message.reply_text(board_texts.EDIT_SCAN)
        return
    if not question:
        await message.reply_text(board_texts.EDIT_USAGE)
        return
    if len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(vote_texts.question_too_long(len(question), MAX_QUESTION_CHARS))
        return
    if len(parts) > 1:
        if poll.kind is pr.StoredKind.MANDATE:
            await message.reply_text(board_texts.EDIT_MANDATE_OPTIONS)
            return
        request = parse_poll_command("/peiling " + rest, now_utc())
        options = request.options
    if not await context.storage.polls.update_poll_text(poll.id, question, options):
        await message.reply_text(board_texts.edit_locked(poll.id))
        return
    await polls_jobs.refresh_now(context.application, poll.id)
    await message.reply_text(board_texts.edit_done(poll.id))


async def reason_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
        return
    args = context.args or []
    body = _body(message).split(maxsplit=1)
    if len(args) < 2 or len(body) < 2:
        await message.reply_text(board_texts.REASON_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=False, usage=board_texts.REASON_USAGE
    )
    if poll is None:
        return
    if not poll.is_open:
        await message.reply_text(board_texts.poll_already_closed(poll.id))
        return
    if user.id not in await context.storage.votes.voted_user_ids(poll.id):
        await message.reply_text(board_texts.reason_not_voted(poll.id))
        return
    reason = body[1].strip()
    if len(reason) > MAX_REASON_CHARS:
        await message.reply_text(board_texts.reason_too_long(len(reason), MAX_REASON_CHARS))
        return
    await context.storage.votes.set_reason(poll.id, user.id, reason, now_utc())
    await message.reply_text(board_texts.reason_saved(poll.id, poll.secret))
