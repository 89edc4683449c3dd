"""The board's roster tools: /leden with approve/reject buttons (and the way to remove a
pharmacy or replace the list, see `roster_files`), /stemwijze, and the organisation choice of
a board member of several organisations.
"""

from __future__ import annotations

import logging

from telegram import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
    User,
)
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.handlers.polls import guided
from bot.handlers.polls.common import (
    board_press,
    command_organisation,
    escape,
    is_org_board,
    split_message,
)
from bot.polls import records as pr
from bot.polls.export import table_csv
from bot.polls.roster_service import REPLACE_WAIT
from bot.polls.voting import unit_from_word
from bot.texts import common as common_texts
from bot.texts import guided as guided_texts
from bot.texts import roster as roster_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

LIST_AS_FILE_ABOVE = 60  # pharmacies; a longer /leden list is sent as a CSV file
PENDING_PER_MESSAGE = 20


# --- /leden and decisions ----------------------------------------------------------------


async def members_command(update: Update, context: BotContext) -> None:
    """/leden shows the roster; /leden vervang announces a file that replaces it."""
    chat, message = update.effective_chat, update.effective_message
    replace = [a.lower() for a in context.args or []][:1] == ["vervang"]
    command = "ledenvervang" if replace else "leden"
    org = await command_organisation(update, context, board=True, command=command)
    if org is None or chat is None or message is None:
        return
    if replace:
        await ask_replacement_file(context, chat.id, org, update.effective_user)
    else:
        await show_members(context, chat.id, org)


async def ask_replacement_file(
    context: BotContext, chat_id: int, org: pr.Organisation, user: User | None
) -> None:
    if user is None:
        return
    await context.polls.roster.await_replacement_file(org.id, user.id, now_utc())
    minutes = int(REPLACE_WAIT.total_seconds() // 60)
    await context.bot.send_message(chat_id, roster_texts.replace_waiting(escape(org.name), minutes))


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
    if pharmacies:
        lines += ["", roster_texts.REPLACE_HINT]
    chunks = split_message(lines)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        markup = _remove_markup(org) if last and pharmacies else None
        await context.bot.send_message(chat_id, chunk, reply_markup=markup)
    for start in range(0, len(pending), PENDING_PER_MESSAGE):
        batch = pending[start : start + PENDING_PER_MESSAGE]
        text_lines = [roster_texts.pending_title(len(pending))] if start == 0 else []
        rows = []
        for member in batch:
            text_lines.append(
                roster_texts.pending_line(
                    escape(member.label),
                    escape(member.requested_pharmacy or ""),
                    member.requested_agb,
                )
            )
            rows.append(_decision_row(member))
        await context.bot.send_message(
            chat_id, "\n".join(text_lines), reply_markup=InlineKeyboardMarkup(rows)
        )


def _remove_markup(org: pr.Organisation) -> InlineKeyboardMarkup:
    data = callbacks.ROSTER_REMOVE_LIST.data(org.id, 0)
    button = InlineKeyboardButton(roster_texts.REMOVE_BUTTON, callback_data=data)
    return InlineKeyboardMarkup([[button]])


def _decision_row(member: pr.Member) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            roster_texts.approve_button(member.label),
            callback_data=callbacks.MEMBER_DECISION.data("ja", member.id),
        ),
        InlineKeyboardButton(
            roster_texts.reject_button(member.label),
            callback_data=callbacks.MEMBER_DECISION.data("nee", member.id),
        ),
    ]


def _confirm_reject_row(member: pr.Member) -> list[InlineKeyboardButton]:
    return [
        InlineKeyboardButton(
            roster_texts.reject_confirm_button(member.label),
            callback_data=callbacks.MEMBER_DECISION.data("weiger", member.id),
        ),
        InlineKeyboardButton(
            roster_texts.REJECT_BACK_BUTTON,
            callback_data=callbacks.MEMBER_DECISION.data("terug", member.id),
        ),
    ]


async def member_decision(update: Update, context: BotContext) -> None:
    """Approve at once; reject only after a second press ("nee" asks, "weiger" rejects)."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    roster = context.polls.roster
    member_id = int(context.match.group("member"))
    member = await roster.request(member_id)
    if member is None:
        await query.answer(roster_texts.REQUEST_GONE, show_alert=True)
        await _refresh_listing(query, context, member_id, None, roster_texts.REQUEST_GONE_NOTE)
        return
    org = await board_press(query, context, member.org_id, roster_texts.REQUEST_GONE)
    if org is None:
        return
    decision = context.match.group("decision")
    if decision in ("nee", "terug"):
        if member.status is not pr.MemberStatus.PENDING:
            await query.answer(roster_texts.REQUEST_DECIDED, show_alert=True)
            await _refresh_listing(query, context, member.id, org.id, roster_texts.REQUEST_DECIDED)
            return
        await query.answer(roster_texts.REJECT_ASK if decision == "nee" else None)
        row = _confirm_reject_row(member) if decision == "nee" else _decision_row(member)
        await _replace_row(query, member.id, row)
        return
    approve = decision == "ja"
    decided = await roster.decide(member.id, approve, query.from_user.id, now_utc())
    if decided is None:
        await query.answer(roster_texts.REQUEST_DECIDED, show_alert=True)
        await _refresh_listing(query, context, member.id, org.id, roster_texts.REQUEST_DECIDED)
        return
    await query.answer(roster_texts.request_answer(approve, decided.label)[:200])
    pharmacy_name = decided.pharmacy_name or member.requested_pharmacy or ""
    note = roster_texts.request_done_note(approve, escape(decided.label), escape(pharmacy_name))
    await _refresh_listing(query, context, member.id, org.id, note)
    if decided.user_id is not None:
        text = roster_texts.member_decision_dm(approve, org.name, pharmacy_name)
        await send_private(context.bot, decided.user_id, text)


def _listed_rows(message: Message) -> dict[int, list[InlineKeyboardButton]]:
    """The rows of decision buttons of a registrations message, by member id, in order."""
    rows: dict[int, list[InlineKeyboardButton]] = {}
    for row in message.reply_markup.inline_keyboard if message.reply_markup else ():
        for button in row:
            match = callbacks.MEMBER_DECISION.pattern.match(str(button.callback_data or ""))
            if match:
                rows.setdefault(int(match.group("member")), list(row))
                break
    return rows


async def _refresh_listing(
    query: CallbackQuery, context: BotContext, pressed: int, org_id: int | None, note: str
) -> None:
    """The registrations message made true again after a press: `note` says what happened,
    then the registrations of this message that still wait (with their buttons, as they
    were) under the organisation's count, or that none wait any more."""
    message = query.message
    if not isinstance(message, Message):
        return
    rows = _listed_rows(message)
    if pressed not in rows:
        return  # not (or no longer) a message listing this registration
    waiting, total = await context.polls.roster.still_waiting(rows, org_id)
    lines = [note, ""]
    if waiting:
        lines.append(roster_texts.pending_title(max(total or 0, len(waiting))))
        lines += [
            roster_texts.pending_line(
                escape(m.label), escape(m.requested_pharmacy or ""), m.requested_agb
            )
            for m in waiting
        ]
    elif total is None:
        lines.append(roster_texts.NOTHING_WAITS_HERE)
    elif total:
        lines.append(roster_texts.pending_elsewhere(total))
    else:
        lines.append(roster_texts.NO_PENDING)
    markup = InlineKeyboardMarkup([rows[m.id] for m in waiting]) if waiting else None
    try:
        await message.edit_text("\n".join(lines), reply_markup=markup)
    except TelegramError as exc:
        log.debug("could not update the registrations message: %s", exc)


async def _replace_row(
    query: CallbackQuery, member_id: int, new_row: list[InlineKeyboardButton] | None
) -> None:
    """The member's row of buttons replaced by `new_row`, or dropped when it is None."""
    message = query.message
    if not isinstance(message, Message) or message.reply_markup is None:
        return
    rows: list[list[InlineKeyboardButton]] = []
    for row in message.reply_markup.inline_keyboard:
        if any(str(b.callback_data or "").endswith(f":{member_id}") for b in row):
            if new_row is not None:
                rows.append(new_row)
        else:
            rows.append(list(row))
    try:
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
    except TelegramError as exc:
        log.debug("could not update the request buttons: %s", exc)


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
    elif command == "ledenvervang":
        await ask_replacement_file(context, chat_id, org, query.from_user)
    elif command == "stemwijze":
        await context.bot.send_message(chat_id, roster_texts.unit_current(org.voting_unit.singular))
    else:
        await context.bot.send_message(chat_id, roster_texts.USE_IN_GROUP)
