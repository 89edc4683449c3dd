"""Several groups, one organisation: /koppelcode, /koppel, /ontkoppel and /organisatie.

Some RAOs have a board group and a members group, or a group per district, that share one
roster, polls and results. A board member of a group that has an organisation asks for a
one-time code; a board member of the other group types it there. The organisations service
decides in one transaction whether the link is allowed, so a refused attempt changes nothing.
"""

from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.dutch_dates import format_moment
from bot.handlers.common import in_group
from bot.handlers.polls.common import (
    group_organisation,
    is_board_here,
    link_user,
    user_organisations,
)
from bot.permissions import is_board
from bot.polls import records as pr
from bot.polls.linking import normalise_code
from bot.texts import board as board_texts
from bot.texts import common as common_texts
from bot.texts import orgs as org_texts
from bot.texts import roster as roster_texts
from bot.texts.common import escape

log = logging.getLogger(__name__)


async def _notify(context: BotContext, chat_id: int | None, text: str) -> None:
    if chat_id is None:
        return
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as exc:
        log.info("could not tell group %s about a link change: %s", chat_id, exc)


async def group_titles(context: BotContext, chat_ids: tuple[int, ...]) -> list[str]:
    """Titles of the linked groups, asking Telegram for groups the bot has not seen talk yet."""
    known = await context.polls.orgs.known_group_titles()
    titles = []
    for chat_id in chat_ids:
        title = known.get(chat_id)
        if title is None:
            try:
                found = await context.bot.get_chat(chat_id)
            except TelegramError as exc:
                log.info("could not look up group %s: %s", chat_id, exc)
            else:
                title = found.title
                if title:
                    await context.chats.seen_chat(chat_id, found.type, title)
        titles.append(title or org_texts.unknown_group(chat_id))
    return titles


# --- /koppelcode -------------------------------------------------------------------------


async def link_code_command(update: Update, context: BotContext) -> None:
    """The one-time code goes to the board member privately: whoever holds it can join a
    group to the organisation's roster and votes, so the group only hears that it was sent."""
    found = await in_group(update, org_texts.LINK_GROUP_ONLY)
    if found is None:
        return
    message, chat, user = found
    await link_user(context, user)
    org = await group_organisation(context, chat)
    if not await is_board_here(context, chat, org, user):
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    code, expires = await context.polls.orgs.new_link_code(org, chat.id, user.id, now_utc())
    until = format_moment(expires, context.settings.tz)
    title = escape(chat.title or org_texts.unknown_group(chat.id))
    text = org_texts.link_code_created(code, escape(org.name), title, until)
    if await send_private(context.bot, user.id, text):
        await message.reply_text(org_texts.LINK_CODE_SENT)
    else:
        await message.reply_text(board_texts.start_private_first(context.bot.username))


# --- /koppel <code> ----------------------------------------------------------------------


async def link_command(update: Update, context: BotContext) -> None:
    found = await in_group(update, org_texts.LINK_GROUP_ONLY)
    if found is None:
        return
    message, chat, user = found
    if not await is_board(context, chat, user):
        await message.reply_text(org_texts.LINK_NOT_BOARD)
        return
    args = context.args or []
    if not args:
        await message.reply_text(org_texts.LINK_USAGE)
        return
    typed = " ".join(args)
    code = normalise_code(typed)
    if code is None:
        await message.reply_text(org_texts.link_unknown(escape(typed[:20])))
        return
    await link_user(context, user)
    outcome = await context.polls.orgs.link(code, chat.id, user.id, now_utc())
    status = outcome.status
    if status is pr.LinkStatus.LINKED:
        assert outcome.org is not None
        org_name = escape(outcome.org.name)
        await message.reply_text(org_texts.linked(org_name))
        if outcome.code_chat != chat.id:
            title = escape(chat.title or org_texts.unknown_group(chat.id))
            await _notify(context, outcome.code_chat, org_texts.linked_notice(title, org_name))
    elif status is pr.LinkStatus.UNKNOWN_CODE:
        await message.reply_text(org_texts.link_unknown(code))
    elif status is pr.LinkStatus.EXPIRED:
        await message.reply_text(org_texts.link_expired(code))
    elif status is pr.LinkStatus.USED:
        await message.reply_text(org_texts.link_used(code))
    elif status is pr.LinkStatus.ALREADY_LINKED:
        org = await context.polls.orgs.organisation_for_chat(chat.id)
        await message.reply_text(org_texts.link_already(escape(org.name if org else "")))
    else:
        assert outcome.org is not None and outcome.current is not None
        await message.reply_text(
            org_texts.link_has_data(escape(outcome.current.name), escape(outcome.org.name))
        )


# --- /ontkoppel --------------------------------------------------------------------------


async def unlink_command(update: Update, context: BotContext) -> None:
    """Asks first: the group loses the organisation's roster, votes and results."""
    found = await in_group(update, org_texts.LINK_GROUP_ONLY)
    if found is None:
        return
    message, chat, user = found
    if not await is_board(context, chat, user):
        await message.reply_text(org_texts.UNLINK_NOT_BOARD)
        return
    outcome = await context.polls.orgs.check_unlink(chat.id)
    if await _unlink_refused(message, outcome):
        return
    assert outcome.org is not None
    markup = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    org_texts.UNLINK_YES, callback_data=callbacks.UNLINK_CONFIRM.data("ja")
                ),
                InlineKeyboardButton(
                    org_texts.UNLINK_NO, callback_data=callbacks.UNLINK_CONFIRM.data("nee")
                ),
            ]
        ]
    )
    await message.reply_text(org_texts.unlink_ask(escape(outcome.org.name)), reply_markup=markup)


async def _unlink_refused(message: Message, outcome: pr.UnlinkOutcome) -> bool:
    if outcome.status is pr.UnlinkStatus.NOT_LINKED or outcome.org is None:
        await message.reply_text(org_texts.UNLINK_NOT_LINKED)
        return True
    if outcome.status is pr.UnlinkStatus.LAST_GROUP:
        await message.reply_text(org_texts.unlink_last_group(escape(outcome.org.name)))
        return True
    return False


async def unlink_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    message, chat = query.message, query.message.chat
    if not await is_board(context, chat, query.from_user):
        await query.answer(org_texts.UNLINK_NOT_BOARD, show_alert=True)
        return
    await query.answer()
    if context.match.group("answer") == "nee":
        await message.edit_text(org_texts.UNLINK_CANCELLED)
        return
    outcome = await context.polls.orgs.unlink(chat.id)
    if outcome.status is not pr.UnlinkStatus.UNLINKED or outcome.org is None:
        await message.edit_reply_markup(None)
        await _unlink_refused(message, outcome)
        return
    org_name = escape(outcome.org.name)
    await message.edit_text(org_texts.unlinked(org_name))
    remaining = await context.polls.orgs.organisation(outcome.org.id)
    title = escape(chat.title or org_texts.unknown_group(chat.id))
    for chat_id in remaining.chat_ids if remaining else ():  # each lost the group's meetings
        await _notify(context, chat_id, org_texts.unlinked_notice(title, org_name))


# --- /organisatie ------------------------------------------------------------------------


async def organisation_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    await link_user(context, user)
    if chat.type != Chat.PRIVATE:
        org = await group_organisation(context, chat)
        text = await _overview(context, org, here=chat.id)
        await message.reply_text(f"{text}\n\n{org_texts.ORGANISATION_LINK_HINT}")
        return
    organisations = await user_organisations(context, user, board=False)
    if not organisations:
        await message.reply_text(roster_texts.NO_ORGANISATION)
        return
    parts = [await _overview(context, org, here=None) for org in organisations[:10]]
    await message.reply_text("\n\n".join(parts))


async def _overview(context: BotContext, org: pr.Organisation, here: int | None) -> str:
    titles = await group_titles(context, org.chat_ids)
    groups = [
        escape(title) + (org_texts.THIS_GROUP if chat_id == here else "")
        for chat_id, title in zip(org.chat_ids, titles, strict=True)
    ]
    counts = await context.polls.orgs.counts(org)
    return org_texts.organisation_overview(
        escape(org.name), groups, counts.pharmacies, counts.members, org.voting_unit.singular
    )
