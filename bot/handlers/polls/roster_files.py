"""Changing the roster as a whole: importing a roster file (merged, or replacing the list after
a preview), and taking one pharmacy off the list from /leden, with a confirmation each time
something is removed. The rules are the roster service's; these handlers download, ask and
say what changed.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls.common import (
    board_organisations,
    board_press,
    escape,
    group_organisation,
    is_board_here,
    is_org_board,
)
from bot.polls import records as pr
from bot.polls.roster_csv import MAX_BYTES, looks_like_roster, parse_roster_csv
from bot.polls.roster_service import ReplaceStatus
from bot.texts import common as common_texts
from bot.texts import roster as roster_texts
from bot.texts import vote_kinds as kind_texts

log = logging.getLogger(__name__)

REMOVE_PER_PAGE = 40  # pharmacy buttons per message (Telegram allows 100 buttons)
EXCEL_WORKBOOKS = (".xlsx", ".xls", ".xlsm")


# --- a roster file -------------------------------------------------------------------------


async def roster_document(update: Update, context: BotContext) -> None:
    """A .csv (or Excel's "Unicode text" .txt) from the board updates the roster; with the
    caption "vervang", or after /leden vervang, it replaces it after a preview."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.document is None:
        return
    name = (message.document.file_name or "").lower()
    is_csv = name.endswith(".csv")
    org = await _board_org(message, context, chat, user, loud=is_csv)
    if org is None:
        if chat.type != Chat.PRIVATE and not name.endswith(EXCEL_WORKBOOKS):
            await _member_file(message, context)
        return
    if name.endswith(EXCEL_WORKBOOKS):
        await message.reply_text(roster_texts.CSV_EXCEL_WORKBOOK)
        return
    data = await _download(message, context)
    if data is None:
        return
    if not is_csv and not looks_like_roster(data):
        return  # a text file that is no member list: not ours to comment on
    # Off the event loop (the file is at most MAX_BYTES): other chats never wait for a parse.
    entries = await asyncio.to_thread(parse_roster_csv, data)
    now = now_utc()
    roster = context.polls.roster
    replace = "vervang" in (message.caption or "").lower()
    replace = await roster.take_replacement_wish(org.id, user.id, now) or replace
    if not replace:
        result = await roster.import_roster(org.id, entries, now)
        if result.conflicts:
            await message.reply_text(_conflicts(result))
            return
        total = len(await roster.pharmacies(org.id))
        text = roster_texts.roster_imported(
            escape(org.name),
            result.added,
            result.updated,
            result.unchanged,
            result.members_added,
            total,
        )
        await message.reply_text(text + await _running_votes_note(context, org.id))
        return
    preview = await roster.preview_replacement(org.id, user.id, entries, now)
    result = preview.result
    if result.conflicts:
        await message.reply_text(_conflicts(result))
        return
    if preview.replacement_id is None:  # nothing to remove: imported at once
        total = len(await roster.pharmacies(org.id))
        await message.reply_text(
            roster_texts.replaced(escape(org.name), result.added, result.updated, 0, total)
        )
        return
    text = roster_texts.replace_preview(
        escape(org.name),
        result.added,
        result.updated,
        result.unchanged,
        [escape(p.name) for p in result.removed],
    )
    await message.reply_text(text, reply_markup=_replace_markup(preview.replacement_id))


async def _board_org(
    message: Message, context: BotContext, chat: Chat, user: User, *, loud: bool
) -> pr.Organisation | None:
    """The organisation whose roster the sender may change here; None otherwise (said in
    private when `loud`)."""
    if chat.type == Chat.PRIVATE:
        organisations = await board_organisations(context, user)
        if not organisations:
            if loud:
                await message.reply_text(roster_texts.CSV_NOT_BOARD)
            return None
        if len(organisations) > 1:
            await message.reply_text(roster_texts.CSV_SEVERAL_ORGS)
            return None
        return organisations[0]
    org = await group_organisation(context, chat)
    return org if await is_board_here(context, chat, org, user) else None


async def _member_file(message: Message, context: BotContext) -> None:
    """A member's file in the group: said to change nothing when it looks like a member list;
    any other spreadsheet a member shares is none of the bot's business."""
    data = await _download(message, context, quiet=True)
    if data is not None and looks_like_roster(data):
        await message.reply_text(roster_texts.CSV_MEMBER_IN_GROUP)


async def _download(message: Message, context: BotContext, *, quiet: bool = False) -> bytes | None:
    document = message.document
    assert document is not None
    if document.file_size is not None and document.file_size > MAX_BYTES:
        if not quiet:
            await message.reply_text(roster_texts.roster_too_large(MAX_BYTES // 1_000_000))
        return None
    try:
        file = await context.bot.get_file(document.file_id)
        return bytes(await file.download_as_bytearray())
    except TelegramError as exc:
        log.info("could not download roster: %s", exc)
        if not quiet:
            await message.reply_text(roster_texts.CSV_DOWNLOAD_FAILED)
        return None


def _conflicts(result: pr.RosterImportResult) -> str:
    lines = [roster_texts.roster_rejected(len(result.conflicts)), ""]
    lines += [
        "• " + roster_texts.roster_agb_taken(line, agb, escape(name))
        for line, agb, name in result.conflicts
    ]
    return "\n".join(lines)


def _replace_markup(replacement_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    roster_texts.REPLACE_YES,
                    callback_data=callbacks.ROSTER_REPLACE.data(replacement_id, "ja"),
                ),
                InlineKeyboardButton(
                    roster_texts.CANCEL_NO,
                    callback_data=callbacks.ROSTER_REPLACE.data(replacement_id, "nee"),
                ),
            ]
        ]
    )


async def replace_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    roster = context.polls.roster
    replacement = await roster.replacement(int(context.match.group("replacement")))
    org_id = replacement.org_id if replacement else None
    org = await board_press(query, context, org_id, roster_texts.REPLACE_GONE)
    if replacement is None or org is None:
        return
    await query.answer()
    now = now_utc()
    if context.match.group("answer") == "nee":
        cancelled = await roster.cancel_replacement(replacement.id, now)
        text = roster_texts.REPLACE_CANCELLED if cancelled else roster_texts.REPLACE_GONE
        await query.message.edit_text(text)
        return
    outcome = await roster.confirm_replacement(replacement.id, query.from_user.id, now)
    if outcome.result is None:
        gone = outcome.status is ReplaceStatus.GONE
        await query.message.edit_text(
            roster_texts.REPLACE_GONE if gone else roster_texts.REPLACE_CHANGED
        )
        return
    result = outcome.result
    total = len(await roster.pharmacies(org.id))
    await query.message.edit_text(
        roster_texts.replaced(
            escape(org.name), result.added, result.updated, len(result.removed), total
        )
    )


# --- one pharmacy off the list (from /leden) -------------------------------------------------


async def remove_list_button(update: Update, context: BotContext) -> None:
    """The pharmacies as buttons, a page at a time."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    org = await context.polls.orgs.organisation(int(context.match.group("org")))
    if org is None or not await is_org_board(context, org, query.from_user):
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    await query.answer()
    page = int(context.match.group("page"))
    pharmacies = await context.polls.roster.pharmacies(org.id)
    if not pharmacies:
        await query.message.reply_text(roster_texts.REMOVE_NONE)
        return
    shown = pharmacies[page * REMOVE_PER_PAGE : (page + 1) * REMOVE_PER_PAGE]
    rows = [
        [InlineKeyboardButton(p.name[:60], callback_data=callbacks.ROSTER_REMOVE_ASK.data(p.id))]
        for p in shown
    ]
    if (page + 1) * REMOVE_PER_PAGE < len(pharmacies):
        data = callbacks.ROSTER_REMOVE_LIST.data(org.id, page + 1)
        rows.append([InlineKeyboardButton(roster_texts.REMOVE_NEXT_PAGE, callback_data=data)])
    await query.message.reply_text(
        roster_texts.REMOVE_CHOOSE, reply_markup=InlineKeyboardMarkup(rows)
    )


async def remove_ask_button(update: Update, context: BotContext) -> None:
    """The chosen pharmacy, who votes for it, and the question whether to remove it."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    pharmacy = await _board_pharmacy(update, context)
    if pharmacy is None:
        return
    await query.answer()
    view = await context.polls.roster.roster(pharmacy.org_id)
    members = [escape(label) for label in view.approved.get(pharmacy.id, [])]
    yes = callbacks.ROSTER_REMOVE.data(pharmacy.id, "ja")
    no = callbacks.ROSTER_REMOVE.data(pharmacy.id, "nee")
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(roster_texts.REMOVE_YES, callback_data=yes),
                InlineKeyboardButton(roster_texts.CANCEL_NO, callback_data=no),
            ]
        ]
    )
    text = roster_texts.remove_ask(escape(pharmacy.name), pharmacy.agb, members)
    await query.message.edit_text(text, reply_markup=markup)


async def remove_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    pharmacy = await _board_pharmacy(update, context)
    if pharmacy is None:
        return
    await query.answer()
    if context.match.group("answer") == "nee":
        await query.message.edit_text(roster_texts.REMOVE_CANCELLED)
        return
    roster = context.polls.roster
    removed = await roster.remove_pharmacy(pharmacy.id, query.from_user.id, now_utc())
    if removed is None:
        await query.message.edit_text(roster_texts.REMOVE_GONE)
        return
    total = len(await roster.pharmacies(removed.org_id))
    await query.message.edit_text(roster_texts.removed_done(escape(removed.name), total))


async def _board_pharmacy(update: Update, context: BotContext) -> pr.Pharmacy | None:
    """The pharmacy a removal button names, if it is on the roster and the presser is board
    of its organisation; answers the press itself otherwise."""
    query = update.callback_query
    assert query is not None and context.match is not None
    pharmacy = await context.polls.roster.pharmacy(int(context.match.group("pharmacy")))
    org_id = pharmacy.org_id if pharmacy and not pharmacy.removed else None
    org = await board_press(query, context, org_id, roster_texts.REMOVE_GONE)
    return pharmacy if org is not None else None


async def _running_votes_note(context: BotContext, org_id: int) -> str:
    """Open votes keep the roster of their opening; the board hears so after an import."""
    running = await context.polls.votes.open_electorates(org_id)
    if not running:
        return ""
    sizes = [(poll.id, size, poll.unit.singular, poll.unit.plural) for poll, size in running]
    return "\n\n" + kind_texts.import_during_vote(sizes)
