"""Votes in Telegram: /mandaat, /peiling, /scan, the vote buttons and the board's tools
(/sluit, /verleng, /uitslag, /uitkomst, /export, /herinner, /opkomst, /wijzig), plus
/toelichting.
Linking several groups to one organisation lives in bot.handlers.polls_orgs.

The vote button is the hot path: one transaction in storage, then the callback answer that
tells the voter what was recorded, then a debounced refresh of the group message. Nothing
else (no permission look-ups at Telegram) happens in between.
"""

from __future__ import annotations

import html
import logging
import re
from typing import Any

from telegram import Chat, Message, Update, User
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.commands import RANK_VOTES, CommandSpec, register_commands
from bot.dutch_dates import format_moment
from bot.handlers import polls_jobs, polls_orgs, polls_roster
from bot.handlers.common import now_utc
from bot.handlers.polls_common import (
    RUNTIME_KEY,
    PollsRuntime,
    command_organisation,
    display_name,
    is_member,
    link_user,
    reply_privately,
    resolve_poll,
    runtime,
    scan_prompt,
    split_message,
    storage,
)
from bot.polls import records as pr
from bot.polls.mandate_command import (
    MAX_QUESTION_CHARS,
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.rules import PollInputError
from bot.polls.service import PollService, vote_answer_text
from bot.services import services_from_app, services_of
from bot.texts import polls as texts

log = logging.getLogger(__name__)

MAX_OUTCOME_CHARS = 1000
MAX_REASON_CHARS = 500

register_commands(
    CommandSpec("aanmelden", texts.CMD_AANMELDEN),
    CommandSpec("stemmingen", texts.CMD_STEMMINGEN),
    CommandSpec("uitslag", texts.CMD_UITSLAG, usage="/uitslag <nr>"),
    CommandSpec("toelichting", texts.CMD_TOELICHTING, usage="/toelichting <nr> <tekst>"),
    CommandSpec("stop", texts.CMD_STOP),
    CommandSpec("organisatie", texts.CMD_ORGANISATIE),
    CommandSpec("mandaat", texts.CMD_MANDAAT, board_only=True),
    CommandSpec("peiling", texts.CMD_PEILING, board_only=True),
    CommandSpec("scan", texts.CMD_SCAN, board_only=True),
    CommandSpec("sluit", texts.CMD_SLUIT, board_only=True),
    CommandSpec("verleng", texts.CMD_VERLENG, board_only=True, usage="/verleng <nr> <moment>"),
    CommandSpec("herinner", texts.CMD_HERINNER, board_only=True),
    CommandSpec("opkomst", texts.CMD_OPKOMST, board_only=True),
    CommandSpec("uitkomst", texts.CMD_UITKOMST, board_only=True),
    CommandSpec("export", texts.CMD_EXPORT, board_only=True),
    CommandSpec("wijzig", texts.CMD_WIJZIG, board_only=True),
    CommandSpec("leden", texts.CMD_LEDEN, board_only=True),
    CommandSpec("stemwijze", texts.CMD_STEMWIJZE, board_only=True),
    CommandSpec("koppelcode", texts.CMD_KOPPELCODE, board_only=True),
    CommandSpec("koppel", texts.CMD_KOPPEL, board_only=True, usage="/koppel <code>"),
    CommandSpec("ontkoppel", texts.CMD_ONTKOPPEL, board_only=True),
    rank=RANK_VOTES,
)

_COMMAND_PREFIX = re.compile(r"^/\w+(?:@\w+)?\s*")


def _body(message: Message) -> str:
    """The text after the command, with its line breaks kept."""
    return _COMMAND_PREFIX.sub("", (message.text or "").strip(), count=1).strip()


def _service(context: ContextTypes.DEFAULT_TYPE) -> PollService:
    return runtime(context).service


# --- starting polls ----------------------------------------------------------------------


async def _starting(
    update: Update, context: ContextTypes.DEFAULT_TYPE, command: str
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
    context: ContextTypes.DEFAULT_TYPE,
    message: Message,
    chat: Chat,
    org: pr.Organisation,
    poll: pr.PollRecord,
) -> None:
    """Posts the new poll; a board member who started it in private is told where it went."""
    await polls_jobs.post_poll(context.application, poll)
    if chat.type == Chat.PRIVATE:
        await message.reply_text(
            texts.poll_posted_elsewhere(poll.id, html.escape(org.name, quote=False))
        )


async def mandate_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    started = await _starting(update, context, "mandaat")
    if started is None:
        return
    message, chat, user, org = started
    if not _body(message):
        await polls_roster.start_guided_mandate(update, context, org)
        return
    try:
        request = parse_mandate_command(
            message.text or "",
            now_utc(),
            services_of(context).settings.tz,
            default_unit=org.voting_unit,
        )
    except PollInputError as exc:
        await message.reply_text(exc.message)
        return
    poll = await _service(context).create_mandate(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def poll_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    started = await _starting(update, context, "peiling")
    if started is None:
        return
    message, chat, user, org = started
    try:
        request = parse_poll_command(
            message.text or "", now_utc(), services_of(context).settings.tz
        )
    except PollInputError as exc:
        await message.reply_text(exc.message)
        return
    poll = await _service(context).create_quick_poll(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def scan_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    started = await _starting(update, context, "scan")
    if started is None:
        return
    message, chat, user, org = started
    body = re.sub(r"^(?:sluit|sluiting|deadline)\b\s*:?\s*", "", _body(message), flags=re.I)
    closes = None
    if body:
        try:
            closes = parse_closing_moment(body, now_utc(), services_of(context).settings.tz)
        except PollInputError as exc:
            await message.reply_text(f"{exc.message}\n\n{texts.SCAN_USAGE}")
            return
    poll = await _service(context).create_scan(
        org, closes, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


# --- votes and scan answers --------------------------------------------------------------


async def vote_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    parts = query.data.split(":")
    if len(parts) != 3 or not parts[1].isdigit() or not parts[2].isdigit():
        await query.answer(texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    user = query.from_user
    outcome = await storage(context).cast_vote(
        int(parts[1]), user.id, user.username, display_name(user), int(parts[2]), now_utc()
    )
    org_name = ""
    if outcome.status is pr.CastStatus.NOT_MEMBER and outcome.poll is not None:
        org = await storage(context).organisation(outcome.poll.org_id)
        org_name = org.name if org else ""
    stored = outcome.status in (pr.CastStatus.RECORDED, pr.CastStatus.CHANGED)
    try:
        await query.answer(vote_answer_text(outcome, org_name), show_alert=not stored)
    finally:
        if stored:  # the vote counts even when the answer could not be delivered
            polls_jobs.request_refresh(context.application, int(parts[1]))


async def scan_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    parts = query.data.split(":")
    if len(parts) != 4 or not all(p.isdigit() for p in parts[1:]):
        await query.answer(texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    poll_id, index, score = int(parts[1]), int(parts[2]), int(parts[3])
    store = storage(context)
    poll = await store.poll(poll_id)
    if poll is None or poll.kind is not pr.StoredKind.SCAN or not 0 <= index < len(poll.options):
        await query.answer(texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    if not 1 <= score <= 5:
        await query.answer(texts.VOTE_UNKNOWN_OPTION, show_alert=True)
        return
    user = query.from_user
    await link_user(context, user)
    status = await store.save_scan_answer(poll_id, user.id, poll.options[index], score, now_utc())
    if status is pr.CastStatus.CLOSED:
        await query.answer(texts.SCAN_CLOSED, show_alert=True)
        return
    if status is pr.CastStatus.NOT_MEMBER:
        await query.answer(texts.SCAN_NOT_MEMBER, show_alert=True)
        return
    if status not in (pr.CastStatus.RECORDED, pr.CastStatus.DUPLICATE):
        await query.answer(texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    await query.answer(texts.scan_saved(score))
    answers = (await store.scan_answers(poll_id)).get(user.id, {})
    prompt = scan_prompt(poll, answers, after=index)
    if isinstance(query.message, Message):
        try:
            if prompt is None:
                await query.message.edit_text(texts.scan_done(poll.id))
            else:
                await query.message.edit_text(prompt[0], reply_markup=prompt[1])
        except TelegramError as exc:
            log.debug("could not show the next statement: %s", exc)
    polls_jobs.request_refresh(context.application, poll_id)


async def scan_start(update: Update, context: ContextTypes.DEFAULT_TYPE, payload: str) -> bool:
    """Deep link scan_<poll>: the first (or next) statement in the private chat."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not payload.startswith("scan_"):
        return False
    number = payload.removeprefix("scan_")
    poll = await storage(context).poll(int(number)) if number.isdigit() else None
    if poll is None or poll.kind is not pr.StoredKind.SCAN:
        await message.reply_text(texts.VOTE_UNKNOWN_POLL)
        return True
    if not poll.is_open:
        await message.reply_text(texts.SCAN_CLOSED)
        return True
    await link_user(context, user)
    org = await storage(context).organisation(poll.org_id)
    if org is None or not await is_member(context, org, user):
        await message.reply_text(texts.SCAN_NOT_MEMBER)
        return True
    answers = (await storage(context).scan_answers(poll.id)).get(user.id, {})
    prompt = scan_prompt(poll, answers)
    if prompt is None:
        await message.reply_text(texts.scan_done(poll.id))
        return True
    await message.reply_text(f"{texts.SCAN_INTRO}\n\n{prompt[0]}", reply_markup=prompt[1])
    return True


# --- the board's tools -------------------------------------------------------------------


async def close_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=texts.CLOSE_USAGE, open_only=True
    )
    if poll is None:
        return
    closed = await polls_jobs.close_and_announce(context.application, poll.id, by=user.id)
    if closed is None:
        await message.reply_text(texts.poll_already_closed(poll.id))
    elif chat.id != poll.chat_id:
        await message.reply_text(texts.poll_closed_elsewhere(poll.id))


async def move_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/verleng <nr> <moment>: a new closing time for an open poll; question and options stay."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    args = context.args or []
    if len(args) < 2:
        await message.reply_text(texts.MOVE_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=texts.MOVE_USAGE, open_only=True
    )
    if poll is None:
        return
    now = now_utc()
    if poll.due(now):
        await message.reply_text(texts.poll_already_closed(poll.id))
        return
    tz = services_of(context).settings.tz
    try:
        closes = parse_closing_moment(_body(message).split(maxsplit=1)[1], now, tz)
        name = display_name(user)
        by_name = f"{name} (@{user.username})" if user.username else name
        moved = await _service(context).move_closing(poll, closes, user.id, by_name, now)
    except PollInputError as exc:
        await message.reply_text(f"{exc.message}\n\n{texts.MOVE_USAGE}")
        return
    if moved is None:
        await message.reply_text(texts.poll_already_closed(poll.id))
        return
    await polls_jobs.closing_moved(context.application, moved)  # jobs first: the truth is stored
    notice = texts.move_done(moved.id, format_moment(moved.closes_utc or closes, tz))
    await context.bot.send_message(moved.chat_id, notice)
    if chat.id != moved.chat_id:
        await message.reply_text(notice)


async def result_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=False, usage=texts.RESULT_USAGE
    )
    if poll is None:
        return
    view = await _service(context).result_view(poll)
    await polls_jobs.send_result(context.bot, chat.id, poll, view)


async def outcome_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    args = context.args or []
    if not args:
        await message.reply_text(texts.OUTCOME_USAGE)
        return
    poll = await resolve_poll(update, context, args[:1], board=True, usage=texts.OUTCOME_USAGE)
    if poll is None:
        return
    text = _body(message).split(maxsplit=1)
    statement = text[1].strip() if len(text) > 1 else ""
    if not statement:
        await message.reply_text(texts.OUTCOME_USAGE)
        return
    if poll.is_open:
        await message.reply_text(texts.outcome_while_open(poll.id))
        return
    if len(statement) > MAX_OUTCOME_CHARS:
        await message.reply_text(texts.outcome_too_long(len(statement), MAX_OUTCOME_CHARS))
        return
    await storage(context).set_outcome(poll.id, statement, user.id, now_utc())
    await context.bot.send_message(
        poll.chat_id,
        texts.outcome_posted(
            poll.id,
            html.escape(poll.question, quote=False),
            html.escape(statement, quote=False),
        ),
    )
    if chat.id != poll.chat_id:
        await message.reply_text(texts.outcome_saved(poll.id))


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=texts.EXPORT_USAGE
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
        await message.reply_text(texts.start_private_first(context.bot.username))
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(texts.SENT_PRIVATELY)


async def remind_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=texts.REMIND_USAGE, open_only=True
    )
    if poll is None:
        return
    outcome = await polls_jobs.send_reminders(context.application, poll.id, lead=None)
    if outcome is None:
        await message.reply_text(texts.poll_already_closed(poll.id))
        return
    sent, problems = outcome
    if problems:
        await reply_privately(update, context, texts.reminder_report(poll.id, sent, problems))
    else:
        await message.reply_text(texts.reminders_sent(poll.id, sent))


async def turnout_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    poll = await resolve_poll(
        update, context, context.args or [], board=True, usage=texts.TURNOUT_USAGE
    )
    if poll is None:
        return
    report = await _service(context).turnout_report(poll)
    await reply_privately(update, context, *split_message(report.split("\n")))


async def list_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    org = await command_organisation(update, context, board=False, command="stemmingen")
    if org is None or message is None:
        return
    polls = await storage(context).org_polls(org.id, limit=10)
    if not polls:
        await message.reply_text(texts.NO_POLLS)
        return
    tz = services_of(context).settings.tz
    lines = [texts.polls_title(html.escape(org.name, quote=False))]
    for poll in polls:
        closes = format_moment(poll.closes_utc, tz) if poll.closes_utc else None
        lines.append(
            texts.poll_list_line(
                poll.id,
                poll.kind.value,
                html.escape(poll.question, quote=False),
                poll.is_open,
                closes,
            )
        )
    await message.reply_text("\n".join(lines))


async def edit_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    args = context.args or []
    if len(args) < 2:
        await message.reply_text(texts.EDIT_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=texts.EDIT_USAGE, open_only=True
    )
    if poll is None:
        return
    rest = _body(message).split(maxsplit=1)[1]
    parts = [" ".join(p.split()) for p in rest.split("|")]
    question = parts[0]
    options: tuple[str, ...] | None = None
    if poll.kind is pr.StoredKind.SCAN:
        await message.reply_text(texts.EDIT_SCAN)
        return
    if not question:
        await message.reply_text(texts.EDIT_USAGE)
        return
    if len(question) > MAX_QUESTION_CHARS:
        await message.reply_text(texts.question_too_long(len(question), MAX_QUESTION_CHARS))
        return
    if len(parts) > 1:
        if poll.kind is pr.StoredKind.MANDATE:
            await message.reply_text(texts.EDIT_MANDATE_OPTIONS)
            return
        try:
            request = parse_poll_command("/peiling " + rest, now_utc())
        except PollInputError as exc:
            await message.reply_text(exc.message)
            return
        options = request.options
    if not await storage(context).update_poll_text(poll.id, question, options):
        await message.reply_text(texts.edit_locked(poll.id))
        return
    await polls_jobs.refresh_now(context.application, poll.id)
    await message.reply_text(texts.edit_done(poll.id))


async def reason_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(texts.REASON_PRIVATE_ONLY)
        return
    args = context.args or []
    body = _body(message).split(maxsplit=1)
    if len(args) < 2 or len(body) < 2:
        await message.reply_text(texts.REASON_USAGE)
        return
    poll = await resolve_poll(update, context, args[:1], board=False, usage=texts.REASON_USAGE)
    if poll is None:
        return
    if not poll.is_open:
        await message.reply_text(texts.poll_already_closed(poll.id))
        return
    if user.id not in await storage(context).voted_user_ids(poll.id):
        await message.reply_text(texts.reason_not_voted(poll.id))
        return
    reason = body[1].strip()
    if len(reason) > MAX_REASON_CHARS:
        await message.reply_text(texts.reason_too_long(len(reason), MAX_REASON_CHARS))
        return
    await storage(context).set_reason(poll.id, user.id, reason, now_utc())
    await message.reply_text(texts.reason_saved(poll.id, poll.secret))


# --- wiring ------------------------------------------------------------------------------


def register(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    services = services_from_app(application)
    state = PollsRuntime(PollService(services.storage, services.settings.tz))
    services.extras[RUNTIME_KEY] = state
    services.startup_hooks.append(polls_jobs.startup)
    hooks = services.extras.setdefault("start_payload_hooks", [])
    hooks.append(polls_roster.start_payload)
    hooks.append(scan_start)

    commands = {
        "mandaat": mandate_command,
        "peiling": poll_command,
        "scan": scan_command,
        "sluit": close_command,
        "verleng": move_command,
        "uitslag": result_command,
        "uitkomst": outcome_command,
        "export": export_command,
        "herinner": remind_command,
        "opkomst": turnout_command,
        "stemmingen": list_command,
        "wijzig": edit_command,
        "toelichting": reason_command,
        "aanmelden": polls_roster.register_command,
        "leden": polls_roster.members_command,
        "stemwijze": polls_roster.unit_command,
        "stop": polls_roster.cancel_command,
        "organisatie": polls_orgs.organisation_command,
        "koppelcode": polls_orgs.link_code_command,
        "koppel": polls_orgs.link_command,
        "ontkoppel": polls_orgs.unlink_command,
    }
    for name, callback in commands.items():
        application.add_handler(CommandHandler(name, callback))
    application.add_handler(CallbackQueryHandler(vote_button, pattern=r"^pv:"))
    application.add_handler(CallbackQueryHandler(scan_button, pattern=r"^ps:"))
    application.add_handler(CallbackQueryHandler(polls_roster.member_decision, pattern=r"^pl:"))
    application.add_handler(CallbackQueryHandler(polls_roster.guided_button, pattern=r"^pm:"))
    application.add_handler(CallbackQueryHandler(polls_roster.choose_org_button, pattern=r"^pk:"))
    application.add_handler(
        MessageHandler(filters.Document.FileExtension("csv"), polls_roster.roster_document)
    )
    application.add_handler(
        MessageHandler(
            filters.TEXT
            & ~filters.COMMAND
            & filters.ChatType.PRIVATE
            & polls_roster.InConversation(state),
            polls_roster.conversation_text,
        ),
        group=0,
    )
