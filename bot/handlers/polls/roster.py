"""The member roster: /aanmelden, /leden with approve/reject, CSV import, /stemwijze, and the
private conversations (registration and the guided /mandaat).

Conversation state lives in the database so that a restart in the middle of a conversation
loses nothing; an in-memory set of user ids only lets the message filter decide quickly
whether a private text belongs to a conversation or is a question for the knowledge base.
"""

from __future__ import annotations

import html
import logging
from datetime import datetime
from typing import Any

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, filters
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.common import now_utc
from bot.handlers.polls.common import (
    board_organisations,
    command_organisation,
    display_name,
    group_organisation,
    is_board_here,
    is_org_board,
    link_user,
    send_private,
    split_message,
)
from bot.jobs.polls import post_poll
from bot.polls import records as pr
from bot.polls.export_csv import table_csv
from bot.polls.mandate_command import (
    MAX_QUESTION_CHARS,
    MandateRequest,
    parse_closing_moment,
)
from bot.polls.roster_csv import (
    MAX_BYTES,
    MAX_NAME_CHARS,
    parse_optional_agb,
    parse_roster_csv,
)
from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    PollInputError,
    VotingUnit,
    parse_share,
)
from bot.polls.runtime import PollsRuntime
from bot.storage import from_iso, to_iso
from bot.texts import board as board_texts
from bot.texts import common as common_texts
from bot.texts import guided as guided_texts
from bot.texts import roster as roster_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

LIST_AS_FILE_ABOVE = 60  # pharmacies; a longer /leden list is sent as a CSV file
REGISTRATION = "aanmelden"
GUIDED_MANDATE = "mandaat"
_DEFAULT_WORDS = {"standaard", "default", "normaal", "ok", "oké", "prima"}


class InConversation(filters.MessageFilter):
    """True for private texts of users with an open conversation (see module docstring)."""

    def __init__(self, state: PollsRuntime) -> None:
        super().__init__(name="InConversation")
        self.state = state

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and user.id in self.state.conversations


async def _set_conversation(
    context: BotContext, user_id: int, kind: str, state: dict[str, object]
) -> None:
    await context.storage.polls.set_conversation(user_id, kind, state)
    context.polls.conversations.add(user_id)


async def _clear_conversation(context: BotContext, user_id: int) -> bool:
    context.polls.conversations.discard(user_id)
    return await context.storage.polls.clear_conversation(user_id)


# --- /aanmelden --------------------------------------------------------------------------


async def register_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        org = await group_organisation(context, chat)
        url = create_deep_linked_url(context.bot.username, callbacks.REGISTER_LINK.payload(org.id))
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(roster_texts.REGISTER_BUTTON, url=url)]]
        )
        await message.reply_text(
            roster_texts.register_link(html.escape(org.name, quote=False), url), reply_markup=markup
        )
        return
    organisations = await context.storage.orgs.organisations()
    if len(organisations) != 1:
        await message.reply_text(roster_texts.REGISTER_WHERE)
        return
    await start_registration(message, context, user, organisations[0])


async def start_registration(
    message: Message, context: BotContext, user: User, org: pr.Organisation
) -> None:
    await link_user(context, user)
    memberships = await context.storage.roster.memberships(org.id, user.id)
    approved = [m for m in memberships if m.status is pr.MemberStatus.APPROVED]
    org_name = html.escape(org.name, quote=False)
    if approved:
        names = ", ".join(html.escape(m.pharmacy_name or "", quote=False) for m in approved)
        await message.reply_text(roster_texts.register_already(org_name, names))
        return
    pending = any(m.status is pr.MemberStatus.PENDING for m in memberships)
    await _set_conversation(context, user.id, REGISTRATION, {"org_id": org.id, "step": "name"})
    await message.reply_text(roster_texts.register_ask_name(org_name, pending))


async def _registration_step(
    message: Message,
    context: BotContext,
    user: User,
    state: dict[str, Any],
) -> None:
    text = " ".join((message.text or "").split())
    org = await context.storage.orgs.organisation(int(state["org_id"]))
    if org is None:
        await _clear_conversation(context, user.id)
        await message.reply_text(roster_texts.REGISTER_UNKNOWN_ORG)
        return
    if state.get("step") == "name":
        if not text:
            await message.reply_text(roster_texts.REGISTER_NAME_EMPTY)
            return
        if len(text) > MAX_NAME_CHARS:
            await message.reply_text(roster_texts.register_name_too_long(MAX_NAME_CHARS))
            return
        await _set_conversation(
            context, user.id, REGISTRATION, {**state, "step": "agb", "name": text}
        )
        await message.reply_text(roster_texts.register_ask_agb(html.escape(text, quote=False)))
        return
    name = str(state.get("name", ""))
    try:
        agb = parse_optional_agb(text)
    except PollInputError as exc:
        await message.reply_text(f"{exc.message}\n{roster_texts.REGISTER_AGB_RETRY}")
        return
    store = context.storage
    by_name = await store.roster.find_pharmacy(org.id, name=name)
    if by_name is not None and by_name.agb and agb and by_name.agb != agb:
        await message.reply_text(
            roster_texts.register_agb_mismatch(html.escape(by_name.name, quote=False))
        )
        return
    notes: list[str] = []
    if agb is not None:
        by_agb = await store.roster.find_pharmacy(org.id, agb=agb)
        if by_agb is not None and by_agb.name.casefold() != name.casefold():
            notes.append(
                roster_texts.register_agb_known(agb, html.escape(by_agb.name, quote=False))
            )
            name = by_agb.name
    elif by_name is not None:
        name = by_name.name
    member = await store.roster.request_membership(
        org.id, user.id, user.username, display_name(user), name, agb, now_utc()
    )
    await _clear_conversation(context, user.id)
    shown = html.escape(name, quote=False)
    await message.reply_text(
        "\n".join(
            [*notes, roster_texts.register_done(html.escape(org.name, quote=False), shown, agb)]
        )
    )
    if org.main_chat is not None:
        try:
            await context.bot.send_message(
                org.main_chat,
                roster_texts.register_notice(html.escape(member.label, quote=False), shown),
            )
        except TelegramError as exc:
            log.info("could not announce a registration in %s: %s", org.main_chat, exc)


# --- /leden and decisions ----------------------------------------------------------------


async def members_command(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    org = await command_organisation(update, context, board=True, command="leden")
    if org is None or chat is None:
        return
    await show_members(context, chat.id, org)


async def show_members(context: BotContext, chat_id: int, org: pr.Organisation) -> None:
    store = context.storage
    pharmacies = await store.roster.pharmacies(org.id)
    members = await store.roster.members(org.id)
    approved: dict[int, list[str]] = {}
    for member in members:
        if member.status is pr.MemberStatus.APPROVED and member.pharmacy_id is not None:
            approved.setdefault(member.pharmacy_id, []).append(member.label)
    lines = [
        roster_texts.members_title(
            html.escape(org.name, quote=False), len(pharmacies), org.voting_unit.singular
        )
    ]
    for pharmacy in pharmacies:
        lines.append(
            roster_texts.pharmacy_line(
                html.escape(pharmacy.name, quote=False),
                pharmacy.agb,
                [html.escape(label, quote=False) for label in approved.get(pharmacy.id, [])],
            )
        )
    if not pharmacies:
        lines.append(roster_texts.ROSTER_EMPTY_HINT)
    pending = [m for m in members if m.status is pr.MemberStatus.PENDING]
    if len(pharmacies) > LIST_AS_FILE_ABOVE:
        # A long roster as chat messages would flood the group; a file is easier to check.
        table = [(p.name, p.agb or "", ", ".join(approved.get(p.id, []))) for p in pharmacies]
        await context.bot.send_document(
            chat_id,
            table_csv(vote_texts.EXPORT_ROSTER_HEADER, table),
            filename=guided_texts.FILE_ROSTER,
            caption=lines[0],
        )
        lines = []
    if not pending:
        lines += ["", roster_texts.NO_PENDING] if lines else [roster_texts.NO_PENDING]
    for chunk in split_message(lines):
        await context.bot.send_message(chat_id, chunk)
    for start in range(0, len(pending), 20):
        batch = pending[start : start + 20]
        text_lines = [roster_texts.pending_title(len(pending))] if start == 0 else []
        rows = []
        for member in batch:
            text_lines.append(
                roster_texts.pending_line(
                    member.id,
                    html.escape(member.label, quote=False),
                    html.escape(member.requested_pharmacy or "", quote=False),
                    member.requested_agb,
                )
            )
            rows.append(
                [
                    InlineKeyboardButton(
                        roster_texts.approve_button(member.id),
                        callback_data=callbacks.MEMBER_DECISION.data("ja", member.id),
                    ),
                    InlineKeyboardButton(
                        roster_texts.reject_button(member.id),
                        callback_data=callbacks.MEMBER_DECISION.data("nee", member.id),
                    ),
                ]
            )
        await context.bot.send_message(
            chat_id, "\n".join(text_lines), reply_markup=InlineKeyboardMarkup(rows)
        )


async def member_decision(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    store = context.storage
    member = await store.roster.member(int(context.match.group("member")))
    org = await store.orgs.organisation(member.org_id) if member else None
    if member is None or org is None:
        await query.answer(roster_texts.REQUEST_UNKNOWN, show_alert=True)
        return
    if not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    approve = context.match.group("decision") == "ja"
    decided = await store.roster.decide_membership(
        member.id, approve, query.from_user.id, now_utc()
    )
    if decided is None:
        await query.answer(roster_texts.REQUEST_DECIDED, show_alert=True)
        await _drop_button_row(query, member.id)
        return
    label = decided.label
    await query.answer(roster_texts.request_answer(approve, label)[:200])
    await _drop_button_row(query, member.id)
    if decided.user_id is not None:
        org_name = html.escape(org.name, quote=False)
        pharmacy = html.escape(
            decided.pharmacy_name or member.requested_pharmacy or "", quote=False
        )
        text = (
            roster_texts.member_approved_dm(org_name, pharmacy)
            if approve
            else roster_texts.member_rejected_dm(org_name)
        )
        await send_private(context.bot, decided.user_id, text)


async def _drop_button_row(query: CallbackQuery, member_id: int) -> None:
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows = [
        list(row)
        for row in message.reply_markup.inline_keyboard
        if not any(str(b.callback_data or "").endswith(f":{member_id}") for b in row)
    ]
    try:
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except TelegramError as exc:
        log.debug("could not update the request buttons: %s", exc)


# --- CSV import --------------------------------------------------------------------------


async def roster_document(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.document is None:
        return
    if chat.type == Chat.PRIVATE:
        organisations = await board_organisations(context, user)
        if not organisations:
            await message.reply_text(roster_texts.CSV_NOT_BOARD)
            return
        if len(organisations) > 1:
            await message.reply_text(roster_texts.CSV_SEVERAL_ORGS)
            return
        org = organisations[0]
    else:
        org = await group_organisation(context, chat)
        if not await is_board_here(context, chat, org, user):
            return  # members may share spreadsheets in the group; only the board imports
    document = message.document
    if document.file_size is not None and document.file_size > MAX_BYTES:
        await message.reply_text(roster_texts.roster_too_large(MAX_BYTES // 1_000_000))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.info("could not download roster: %s", exc)
        await message.reply_text(roster_texts.CSV_DOWNLOAD_FAILED)
        return
    entries = parse_roster_csv(data)
    result = await context.storage.roster.import_roster(org.id, entries, now_utc())
    if result.conflicts:
        lines = [roster_texts.roster_rejected(len(result.conflicts)), ""]
        lines += [
            "• " + roster_texts.roster_agb_taken(line, agb, html.escape(name, quote=False))
            for line, agb, name in result.conflicts
        ]
        await message.reply_text("\n".join(lines))
        return
    context.polls.linked_users.clear()
    total = len(await context.storage.roster.pharmacies(org.id))
    await message.reply_text(
        roster_texts.roster_imported(
            html.escape(org.name, quote=False),
            result.added,
            result.updated,
            result.unchanged,
            result.members_added,
            total,
        )
    )


# --- /stemwijze --------------------------------------------------------------------------


async def unit_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    org = await command_organisation(update, context, board=True, command="stemwijze")
    if org is None or message is None:
        return
    word = " ".join(context.args or []).lower().removeprefix("per ").strip()
    if not word:
        await message.reply_text(roster_texts.unit_current(org.voting_unit.singular))
        return
    if word in ("apotheek", "apotheken"):
        unit = VotingUnit.PHARMACY
    elif word in ("lid", "leden", "deelnemer", "deelnemers"):
        unit = VotingUnit.MEMBER
    else:
        await message.reply_text(roster_texts.UNIT_USAGE)
        return
    await context.storage.orgs.set_voting_unit(org.id, unit)
    await message.reply_text(roster_texts.unit_set(unit.singular))


# --- guided /mandaat ---------------------------------------------------------------------


async def start_guided_mandate(update: Update, context: BotContext, org: pr.Organisation) -> None:
    """Starts the private conversation; from a group the bot moves to the private chat."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    await _set_conversation(
        context, user.id, GUIDED_MANDATE, {"org_id": org.id, "step": "question"}
    )
    text = guided_texts.guided_intro(html.escape(org.name, quote=False))
    if chat.type == Chat.PRIVATE:
        await context.bot.send_message(user.id, text)
        return
    if await send_private(context.bot, user.id, text):
        await message.reply_text(guided_texts.GUIDED_MOVED_PRIVATE)
    else:
        await _clear_conversation(context, user.id)
        url = create_deep_linked_url(
            context.bot.username, callbacks.GUIDED_MANDATE_LINK.payload(org.id)
        )
        await message.reply_text(guided_texts.guided_start_link(url))


async def _mandate_step(
    message: Message,
    context: BotContext,
    user: User,
    state: dict[str, Any],
) -> None:
    text = " ".join((message.text or "").split())
    step = state.get("step")
    tz = context.settings.tz
    if step == "question":
        if not text:
            await message.reply_text(guided_texts.GUIDED_ASK_QUESTION)
            return
        if len(text) > MAX_QUESTION_CHARS:
            await message.reply_text(vote_texts.question_too_long(len(text), MAX_QUESTION_CHARS))
            return
        await _set_conversation(
            context, user.id, GUIDED_MANDATE, {**state, "step": "close", "question": text}
        )
        await message.reply_text(guided_texts.GUIDED_ASK_CLOSE)
    elif step == "close":
        try:
            closes = parse_closing_moment(text, now_utc(), tz)
        except PollInputError as exc:
            await message.reply_text(f"{exc.message}\n{guided_texts.GUIDED_CLOSE_RETRY}")
            return
        await _set_conversation(
            context, user.id, GUIDED_MANDATE, {**state, "step": "quorum", "closes": to_iso(closes)}
        )
        await message.reply_text(guided_texts.GUIDED_ASK_QUORUM)
    elif step == "quorum":
        try:
            quorum = (
                DEFAULT_QUORUM
                if text.lower() in _DEFAULT_WORDS
                else parse_share(text, allow_zero=True)
            )
        except PollInputError as exc:
            await message.reply_text(vote_texts.quorum_invalid(exc.message))
            return
        await _set_conversation(
            context,
            user.id,
            GUIDED_MANDATE,
            {**state, "step": "threshold", "quorum": pr.share_to_text(quorum)},
        )
        await message.reply_text(guided_texts.GUIDED_ASK_THRESHOLD)
    elif step == "threshold":
        try:
            threshold = DEFAULT_THRESHOLD if text.lower() in _DEFAULT_WORDS else parse_share(text)
        except PollInputError as exc:
            await message.reply_text(vote_texts.threshold_invalid(exc.message))
            return
        state = {**state, "step": "confirm", "threshold": pr.share_to_text(threshold)}
        await _set_conversation(context, user.id, GUIDED_MANDATE, state)
        request = _request_from_state(state, VotingUnit.PHARMACY)
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        guided_texts.GUIDED_POST_BUTTON,
                        callback_data=callbacks.GUIDED_MANDATE.data("ok"),
                    ),
                    InlineKeyboardButton(
                        guided_texts.GUIDED_STOP_BUTTON,
                        callback_data=callbacks.GUIDED_MANDATE.data("stop"),
                    ),
                ]
            ]
        )
        await message.reply_text(
            guided_texts.guided_summary(
                html.escape(request.question, quote=False),
                _format(request.closes_at_utc, context),
                request.quorum.describe(),
                request.threshold.describe(),
            ),
            reply_markup=markup,
        )
    else:
        await message.reply_text(guided_texts.GUIDED_USE_BUTTONS)


def _format(moment: datetime, context: BotContext) -> str:
    return format_moment(moment, context.settings.tz)


def _request_from_state(state: dict[str, Any], unit: VotingUnit) -> MandateRequest:
    quorum = pr.share_from_text(str(state["quorum"]))
    threshold = pr.share_from_text(str(state["threshold"]))
    assert quorum is not None and threshold is not None
    return MandateRequest(
        question=str(state["question"]),
        closes_at_utc=from_iso(str(state["closes"])),
        quorum=quorum,
        threshold=threshold,
        unit=unit,
    )


async def guided_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    user = query.from_user
    message = query.message if isinstance(query.message, Message) else None
    conversation = await context.storage.polls.conversation(user.id)
    if conversation is None or conversation.kind != GUIDED_MANDATE:
        await query.answer(guided_texts.GUIDED_GONE, show_alert=True)
        return
    state = dict(conversation.state)
    if context.match.group("action") == "stop":
        await _clear_conversation(context, user.id)
        await query.answer()
        if message is not None:
            await message.edit_text(guided_texts.GUIDED_STOPPED)
        return
    if state.get("step") != "confirm":
        await query.answer(guided_texts.GUIDED_GONE, show_alert=True)
        return
    org = await context.storage.orgs.organisation(int(str(state["org_id"])))
    if org is None or org.main_chat is None or not await is_org_board(context, org, user):
        await _clear_conversation(context, user.id)
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    request = _request_from_state(state, org.voting_unit)
    now = now_utc()
    if request.closes_at_utc <= now:
        await _set_conversation(context, user.id, GUIDED_MANDATE, {**state, "step": "close"})
        await query.answer()
        await context.bot.send_message(user.id, guided_texts.GUIDED_CLOSE_PASSED)
        return
    service = context.polls.service
    poll = await service.create_mandate(org, request, org.main_chat, user.id, now)
    await _clear_conversation(context, user.id)
    await query.answer()
    await post_poll(context.application, poll)
    if message is not None:
        await message.edit_text(
            board_texts.poll_posted_elsewhere(poll.id, html.escape(org.name, quote=False))
        )


# --- private text router, /stop, start links, organisation choice --------------------


async def conversation_text(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    conversation = await context.storage.polls.conversation(user.id)
    if conversation is None:
        context.polls.conversations.discard(user.id)
        return  # not ours after all: the knowledge handler may answer it
    if conversation.kind == REGISTRATION:
        await _registration_step(message, context, user, dict(conversation.state))
    elif conversation.kind == GUIDED_MANDATE:
        await _mandate_step(message, context, user, dict(conversation.state))
    else:
        await _clear_conversation(context, user.id)
        return
    raise ApplicationHandlerStop


async def cancel_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if await _clear_conversation(context, user.id):
        await message.reply_text(guided_texts.CANCELLED)
    else:
        await message.reply_text(guided_texts.NOTHING_TO_CANCEL)


async def _linked_org(
    update: Update, context: BotContext, link: callbacks.DeepLink
) -> tuple[Message, User, pr.Organisation] | None:
    """The organisation a `/start` deep link names, or a reply saying it is unknown."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return None
    await link_user(context, user)
    number = link.value_of(message.text)
    org = await context.storage.orgs.organisation(int(number)) if number else None
    if org is None:
        await message.reply_text(roster_texts.REGISTER_UNKNOWN_ORG)
        return None
    return message, user, org


async def register_start(update: Update, context: BotContext) -> None:
    """Deep link aanmelden_<org>: the registration starts in the private chat."""
    found = await _linked_org(update, context, callbacks.REGISTER_LINK)
    if found is not None:
        await start_registration(found[0], context, found[1], found[2])


async def guided_mandate_start(update: Update, context: BotContext) -> None:
    """Deep link mandaat_<org>: the guided /mandaat continues in the private chat."""
    found = await _linked_org(update, context, callbacks.GUIDED_MANDATE_LINK)
    if found is None:
        return
    message, user, org = found
    if await is_org_board(context, org, user):
        await start_guided_mandate(update, context, org)
    else:
        await message.reply_text(common_texts.BOARD_ONLY)


async def choose_org_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    command = context.match.group("command")
    org = await context.storage.orgs.organisation(int(context.match.group("org")))
    if org is None or not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    await query.answer()
    chat_id = query.from_user.id
    if command == "leden":
        await show_members(context, chat_id, org)
    elif command == "mandaat":
        await start_guided_mandate(update, context, org)
    elif command == "stemwijze":
        await context.bot.send_message(chat_id, roster_texts.unit_current(org.voting_unit.singular))
    else:
        await context.bot.send_message(chat_id, roster_texts.USE_IN_GROUP)
