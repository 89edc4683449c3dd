"""The agenda as a message (/agenda) and as a file (/ics), and .ics files sent in the group.

In private both commands show the agenda of the member's group, asking which group with
buttons when the member is in several. A group's agenda is its organisation's (linked groups
share it) and includes the closing days of open votes.
"""

from __future__ import annotations

import html
import logging
import re

from telegram import Chat, InputFile, Message, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.agenda.shared import (
    MAX_BUTTONS,
    board_button,
    group_title,
    is_member,
    markup,
    member_agendas,
    vote_link,
)
from bot.handlers.common import edit_or_reply
from bot.handlers.polls.common import link_user
from bot.handlers.polls.results import show_vote_here
from bot.permissions import is_board
from bot.polls.records import PollRecord
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts

log = logging.getLogger(__name__)


async def _which_group(
    update: Update, context: BotContext, route: callbacks.Route, question: str
) -> int | None:
    """The group itself; in private the member's one group, or None after asking with
    buttons (or saying that the member is in no group the bot knows)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    if chat.type != Chat.PRIVATE:
        return chat.id
    groups = await member_agendas(context, user.id)
    if not groups:
        groups = (await context.agenda.followed(user.id))[:1]
    if len(groups) == 1:
        return groups[0]
    if not groups:
        await message.reply_text(texts.AGENDA_PRIVATE_NONE)
        return None
    rows = [(await group_title(context, g), route.data(g)) for g in groups[:MAX_BUTTONS]]
    await message.reply_text(question, reply_markup=markup(rows))
    return None


async def _chosen_group(update: Update, context: BotContext) -> tuple[Message, int] | None:
    """A group picked with a button in private, if the member is (still) in it."""
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return None
    chat_id = int(context.match.group("chat"))
    if not await is_member(context, chat_id, query.from_user.id):
        await query.answer(texts.AGENDA_NOT_MEMBER, show_alert=True)
        return None
    await query.answer()
    return query.message, chat_id


async def _agenda_text(context: BotContext, chat_id: int, private: bool) -> str:
    text = await context.agenda.agenda_html(chat_id, now_utc(), vote_link(context))
    if not private:
        return text
    group = html.escape(await group_title(context, chat_id), quote=False)
    return texts.AGENDA_GROUP_HEADER.format(group=group) + "\n" + text


async def agenda_command(update: Update, context: BotContext) -> None:
    chat_id = await _which_group(update, context, callbacks.AGENDA_SHOW, texts.AGENDA_CHOOSE)
    message, chat = update.effective_message, update.effective_chat
    if chat_id is None or message is None or chat is None:
        return
    await message.reply_text(await _agenda_text(context, chat_id, chat.type == Chat.PRIVATE))


async def agenda_button(update: Update, context: BotContext) -> None:
    found = await _chosen_group(update, context)
    if found is not None:
        message, chat_id = found
        await edit_or_reply(message, await _agenda_text(context, chat_id, True))


async def _send_ics(context: BotContext, message: Message, chat_id: int) -> None:
    group = await group_title(context, chat_id)
    exported = await context.agenda.calendars.export(
        chat_id, now_utc(), texts.ICS_CALENDAR_NAME.format(group=group), vote_link(context)
    )
    if exported is None:
        await message.reply_text(texts.ICS_EMPTY)
        return
    data, count = exported
    slug = re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-") or "rao"
    await message.reply_document(
        InputFile(data, filename=texts.ICS_FILE_NAME.format(slug=slug)),
        caption=texts.ics_caption(html.escape(group, quote=False), count),
    )


async def ics_command(update: Update, context: BotContext) -> None:
    chat_id = await _which_group(update, context, callbacks.AGENDA_ICS, texts.ICS_CHOOSE)
    message = update.effective_message
    if chat_id is not None and message is not None:
        await _send_ics(context, message, chat_id)


async def ics_button(update: Update, context: BotContext) -> None:
    found = await _chosen_group(update, context)
    if found is not None:
        message, chat_id = found
        await _send_ics(context, message, chat_id)


async def ics_document(update: Update, context: BotContext) -> None:
    """A board member sends an .ics file in the group: import its meetings."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.document is None:
        return
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.ICS_IMPORT_PRIVATE)
        return
    if not await is_board(context, chat, user):
        await message.reply_text(texts.NOT_BOARD.format(action=texts.ACTION_IMPORT))
        return
    desk = context.agenda.calendars
    document = message.document
    if document.file_size is not None and document.file_size > desk.max_bytes:
        await message.reply_text(texts.ICS_TOO_LARGE.format(max_mb=desk.max_bytes // (1024 * 1024)))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        log.warning("could not download .ics file %s", document.file_id, exc_info=True)
        await message.reply_text(texts.ICS_DOWNLOAD_FAILED)
        return
    report = await desk.import_file(chat.id, data, user.id, now_utc())
    counts, service = report.counts, context.agenda
    lines = [
        texts.ICS_IMPORTED.format(
            created=counts.created, updated=counts.updated, unchanged=counts.unchanged
        )
    ]
    lines += [html.escape(note, quote=False) for note in report.notes]
    if report.first:
        lines += [texts.ICS_IMPORTED_FIRST, *(f"• {service.event_line(e)}" for e in report.first)]
    keyboard = None
    if report.token is not None:
        lines += ["", series_texts.ICS_REMOVED_HEADER]
        lines += [f"• {service.event_line(m.to_event())}" for m in report.removed[:MAX_BUTTONS]]
        route = callbacks.AGENDA_REMOVED
        keyboard = markup(
            [
                (series_texts.ICS_REMOVED_YES, route.data(report.token, "ja")),
                (series_texts.ICS_REMOVED_NO, route.data(report.token, "nee")),
            ]
        )
    await message.reply_text("\n".join(lines), reply_markup=keyboard)


async def removed_button(update: Update, context: BotContext) -> None:
    """After an import: cancel the meetings that are gone from the source calendar, or not."""
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, _ = found
    desk, token, now = context.agenda.calendars, context.match.group("token"), now_utc()
    if context.match.group("answer") == "nee":
        kept = desk.keep_removed(chat.id, token, now)
        text = series_texts.ICS_REMOVED_KEPT if kept else series_texts.QUESTION_EXPIRED
        await edit_or_reply(message, text)
        return
    cancelled = await desk.cancel_removed(chat.id, token, now)
    if cancelled is None:
        await edit_or_reply(message, series_texts.QUESTION_EXPIRED)
        return
    titles = [html.escape(m.title, quote=False) for m in cancelled]
    await edit_or_reply(
        message,
        series_texts.ICS_REMOVED_DONE.format(count=len(cancelled), titles=texts.join_words(titles)),
    )


async def _in_organisation(context: BotContext, poll: PollRecord, user_id: int) -> bool:
    """In one of the groups that share the poll (linked groups of its organisation)."""
    for chat_id in await context.polls.orgs.poll_chats(poll):
        if await is_member(context, chat_id, user_id):
            return True
    return False


async def vote_start(update: Update, context: BotContext) -> None:
    """`/start stemming_<nr>` from a deadline in the agenda or the notice of a poll in a
    linked group: a voter gets the vote buttons here, anyone else in the group where and until
    when to vote."""
    message, user = update.effective_message, update.effective_user
    value = callbacks.VOTE_LINK.value_of(message.text if message else None)
    if value is None or message is None or user is None:
        return
    poll = await context.agenda.open_vote(int(value), now_utc())
    if poll is not None and message.chat.type == Chat.PRIVATE:
        await link_user(context, user)
        own = await context.polls.results.own_vote(poll, user.id)
        if own.member:
            await show_vote_here(context, message, poll, own, user.id)
            return
    if poll is None or not await _in_organisation(context, poll, user.id):
        await message.reply_text(series_texts.VOTE_LINK_CLOSED)
        return
    group = html.escape(await group_title(context, poll.chat_id), quote=False)
    closes = format_moment(poll.closes_utc, context.agenda.tz) if poll.closes_utc else "?"
    await message.reply_text(
        series_texts.VOTE_LINK_INFO.format(
            number=poll.id,
            question=html.escape(poll.question, quote=False),
            moment=closes,
            group=group,
        )
    )
