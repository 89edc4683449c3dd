"""The board's roster tools: /leden with approve/reject buttons, importing a roster CSV,
/stemwijze, and the organisation choice of a board member of several organisations.
"""

from __future__ import annotations

import logging

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import TelegramError

from bot import callbacks
from bot.context import BotContext
from bot.handlers.common import now_utc
from bot.handlers.polls import guided
from bot.handlers.polls.common import (
    board_organisations,
    command_organisation,
    escape,
    group_organisation,
    is_board_here,
    is_org_board,
    send_private,
    split_message,
)
from bot.polls import records as pr
from bot.polls.export import table_csv
from bot.polls.roster_csv import MAX_BYTES, parse_roster_csv
from bot.polls.voting import unit_from_word
from bot.texts import common as common_texts
from bot.texts import guided as guided_texts
from bot.texts import roster as roster_texts
from bot.texts import vote_kinds as kind_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

LIST_AS_FILE_ABOVE = 60  # pharmacies; a longer /leden list is sent as a CSV file
PENDING_PER_MESSAGE = 20


# --- /leden and decisions ----------------------------------------------------------------


async def members_command(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    org = await command_organisation(update, context, board=True, command="leden")
    if org is None or chat is None:
        return
    await show_members(context, chat.id, org)


async def show_members(context: BotContext, chat_id: int, org: pr.Organisation) -> None:
    view = await context.polls.roster.roster(org.id)
    pharmacies, approved, pending = view.pharmacies, view.approved, view.pending
    lines = [
        roster_texts.members_title(escape(org.name), len(pharmacies), org.voting_unit.singular)
    ]
    for pharmacy in pharmacies:
        lines.append(
            roster_texts.pharmacy_line(
                escape(pharmacy.name),
                pharmacy.agb,
                [escape(label) for label in approved.get(pharmacy.id, [])],
            )
        )
    if not pharmacies:
        lines.append(roster_texts.ROSTER_EMPTY_HINT)
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
    for start in range(0, len(pending), PENDING_PER_MESSAGE):
        batch = pending[start : start + PENDING_PER_MESSAGE]
        text_lines = [roster_texts.pending_title(len(pending))] if start == 0 else []
        rows = []
        for member in batch:
            text_lines.append(
                roster_texts.pending_line(
                    member.id,
                    escape(member.label),
                    escape(member.requested_pharmacy or ""),
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
    roster = context.polls.roster
    member = await roster.member(int(context.match.group("member")))
    org = await context.polls.orgs.organisation(member.org_id) if member else None
    if member is None or org is None:
        await query.answer(roster_texts.REQUEST_UNKNOWN, show_alert=True)
        return
    if not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    approve = context.match.group("decision") == "ja"
    decided = await roster.decide(member.id, approve, query.from_user.id, now_utc())
    if decided is None:
        await query.answer(roster_texts.REQUEST_DECIDED, show_alert=True)
        await _drop_button_row(query, member.id)
        return
    await query.answer(roster_texts.request_answer(approve, decided.label)[:200])
    await _drop_button_row(query, member.id)
    if decided.user_id is not None:
        org_name = escape(org.name)
        pharmacy = escape(decided.pharmacy_name or member.requested_pharmacy or "")
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
    result = await context.polls.roster.import_roster(org.id, entries, now_utc())
    if result.conflicts:
        lines = [roster_texts.roster_rejected(len(result.conflicts)), ""]
        lines += [
            "• " + roster_texts.roster_agb_taken(line, agb, escape(name))
            for line, agb, name in result.conflicts
        ]
        await message.reply_text("\n".join(lines))
        return
    total = len(await context.polls.roster.pharmacies(org.id))
    text = roster_texts.roster_imported(
        escape(org.name),
        result.added,
        result.updated,
        result.unchanged,
        result.members_added,
        total,
    )
    running = await context.polls.votes.open_electorates(org.id)
    if running:  # the open votes keep the roster of their opening
        sizes = [(poll.id, size, poll.unit.plural) for poll, size in running]
        text += "\n\n" + kind_texts.import_during_vote(sizes)
    await message.reply_text(text)


# --- /stemwijze --------------------------------------------------------------------------


async def unit_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    org = await command_organisation(update, context, board=True, command="stemwijze")
    if org is None or message is None:
        return
    word = " ".join(context.args or [])
    if not word:
        await message.reply_text(roster_texts.unit_current(org.voting_unit.singular))
        return
    unit = unit_from_word(word)
    if unit is None:
        await message.reply_text(roster_texts.UNIT_USAGE)
        return
    await context.polls.orgs.set_voting_unit(org.id, unit)
    await message.reply_text(roster_texts.unit_set(unit.singular))


# --- the organisation a board member of several organisations means ----------------------


async def choose_org_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    command = context.match.group("command")
    org = await context.polls.orgs.organisation(int(context.match.group("org")))
    if org is None or not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    await query.answer()
    chat_id = query.from_user.id
    if command == "leden":
        await show_members(context, chat_id, org)
    elif command == "mandaat":
        await guided.start_guided_mandate(update, context, org)
    elif command == "stemwijze":
        await context.bot.send_message(chat_id, roster_texts.unit_current(org.voting_unit.singular))
    else:
        await context.bot.send_message(chat_id, roster_texts.USE_IN_GROUP)
