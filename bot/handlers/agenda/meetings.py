"""Agenda commands: meetings, schedule subscriptions, lead times, following, /agenda, /ics and
importing an .ics file. Thin: parse the update, call AgendaService, render the Dutch reply."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    Update,
    User,
)
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.agenda.ics import MAX_ICS_BYTES
from bot.agenda.meeting_input import parse_meeting
from bot.agenda.reminders import LeadTimeError, reminder_times
from bot.agenda.schedules import Schedule
from bot.agenda.service import AgendaService, UnknownScheduleError
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.common import edit_or_reply, now_utc
from bot.permissions import is_board
from bot.texts import agenda as texts

log = logging.getLogger(__name__)

MAX_BUTTONS = 20
_MEMBER_STATUSES = (
    ChatMemberStatus.MEMBER,
    ChatMemberStatus.ADMINISTRATOR,
    ChatMemberStatus.OWNER,
    ChatMemberStatus.RESTRICTED,
)


def _markup(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup | None:
    if not rows:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label[:64], callback_data=data)] for label, data in rows]
    )


def _argument_text(message: Message) -> str:
    """Everything after the command word, with the user's own spacing."""
    parts = re.split(r"\s", message.text or "", maxsplit=1)
    return parts[1].strip() if len(parts) > 1 else ""


async def _group_title(context: BotContext, chat_id: int) -> str:
    titles = await context.storage.chats.group_chats()
    title = titles.get(chat_id)
    if title:
        return title
    try:
        chat = await context.bot.get_chat(chat_id)
    except TelegramError:
        return texts.UNKNOWN_GROUP
    return chat.title or texts.UNKNOWN_GROUP


async def _in_group(update: Update, context: BotContext) -> tuple[Message, Chat, User] | None:
    """The message, group and user of a group command; tells the user when it is private."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.GROUP_ONLY)
        return None
    await context.storage.chats.remember_chat(chat.id, chat.type, chat.title)
    return message, chat, user


async def _board_in_group(
    update: Update, context: BotContext, action: str
) -> tuple[Message, Chat, User] | None:
    found = await _in_group(update, context)
    if found is None:
        return None
    message, chat, user = found
    if not await is_board(context, chat, user):
        await message.reply_text(texts.NOT_BOARD.format(action=action))
        return None
    return found


async def _callback_board(update: Update, context: BotContext) -> tuple[Message, Chat, str] | None:
    """A button pressed in a group by a board member: (message, chat, data after prefix)."""
    query = update.callback_query
    if query is None or query.data is None or not isinstance(query.message, Message):
        return None
    chat = query.message.chat
    if not await is_board(context, chat, query.from_user):
        await query.answer(texts.BUTTON_NOT_BOARD, show_alert=True)
        return None
    await query.answer()
    assert context.match is not None
    return query.message, chat, context.match.group(1)


# --- /vergadering --------------------------------------------------------------------------


async def meeting_command(update: Update, context: BotContext) -> None:
    found = await _board_in_group(update, context, texts.ACTION_ADD_MEETING)
    if found is None:
        return
    message, chat, user = found
    text = _argument_text(message)
    if not text:
        await message.reply_text(texts.MEETING_USAGE)
        return
    service, now = context.agenda, now_utc()
    request = parse_meeting(text, now, service.tz)
    meeting = await service.add_meeting(chat.id, request, user.id, now)
    leads, _ = await service.leads(chat.id)
    labels = [
        lead.label()
        for lead, due in reminder_times(meeting.start_utc, leads, service.tz)
        if due > now
    ]
    lines = [
        texts.MEETING_SAVED,
        f"<b>{html.escape(meeting.title, quote=False)}</b>",
        texts.MEETING_LINE_MOMENT.format(moment=format_moment(meeting.start_utc, service.tz)),
    ]
    if meeting.location:
        place = html.escape(meeting.location, quote=False)
        lines.append(texts.MEETING_LINE_PLACE.format(place=place))
    rule = service.describe_rule(meeting)
    if rule is not None:
        after_first = meeting.start_utc + timedelta(seconds=1)
        later = meeting.to_event().occurrences(
            service.tz, after_first, after_first + timedelta(days=400)
        )[:2]
        following = texts.join_words([format_moment(s, service.tz) for s in later])
        lines.append(texts.MEETING_LINE_REPEAT.format(rule=rule, next=following))
    lines.append(
        texts.MEETING_LINE_LEADS.format(
            leads=texts.leads_phrase(labels) if labels else texts.MEETING_NO_REMINDERS
        )
    )
    await message.reply_text("\n".join(lines))


# --- /annuleer -----------------------------------------------------------------------------


async def cancel_command(update: Update, context: BotContext) -> None:
    found = await _board_in_group(update, context, texts.ACTION_CANCEL_MEETING)
    if found is None:
        return
    message, chat, _ = found
    service = context.agenda
    upcoming = (await service.upcoming_meetings(chat.id, now_utc()))[:MAX_BUTTONS]
    if not upcoming:
        await message.reply_text(texts.CANCEL_NONE)
        return
    rows = [
        (
            f"{format_moment(start, service.tz)} · {meeting.title}",
            callbacks.AGENDA_CANCEL.data(meeting.id),
        )
        for meeting, start in upcoming
    ]
    await message.reply_text(texts.CANCEL_CHOOSE, reply_markup=_markup(rows))


async def cancel_button(update: Update, context: BotContext) -> None:
    found = await _callback_board(update, context)
    if found is None:
        return
    message, chat, data = found
    service = context.agenda
    meeting = None
    if data.isdigit():
        meeting = await service.cancel_meeting(chat.id, int(data), now_utc())
    if meeting is None:
        await edit_or_reply(message, texts.CANCEL_GONE)
        return
    title = html.escape(meeting.title, quote=False)
    rule = service.describe_rule(meeting)
    if rule is not None:
        text = texts.CANCEL_DONE_SERIES.format(title=title, rule=rule)
    else:
        moment = format_moment(meeting.start_utc, service.tz)
        text = texts.CANCEL_DONE.format(title=title, moment=moment)
    await edit_or_reply(message, text)


# --- /abonneer and /opzeggen ---------------------------------------------------------------


async def _subscribed_reply(
    service: AgendaService, chat_id: int, schedule: Schedule, added: bool
) -> str:
    title = html.escape(schedule.title, quote=False)
    if not added:
        return texts.SUBSCRIBE_ALREADY.format(title=title)
    lines = [texts.SUBSCRIBE_DONE.format(title=title)]
    upcoming = service.upcoming_items(schedule, now_utc())
    if upcoming:
        lines += [texts.SUBSCRIBE_NEXT, *(f"• {line}" for line in upcoming)]
    else:
        lines.append(texts.SUBSCRIBE_NO_FUTURE)
    leads, _ = await service.leads(chat_id)
    milestone = service.milestone_leads(leads)
    labels = [lead.label() for lead in milestone]
    lines.append(
        texts.MEETING_LINE_LEADS.format(
            leads=texts.leads_phrase(labels) if labels else texts.LEADS_MILESTONES_NONE
        )
    )
    return "\n".join(lines)


def _unknown_schedule(exc: UnknownScheduleError) -> str:
    if not exc.known:
        return texts.SUBSCRIBE_NONE_AVAILABLE
    return texts.SUBSCRIBE_UNKNOWN.format(
        name=html.escape(exc.name, quote=False), names=", ".join(exc.known)
    )


async def subscribe_command(update: Update, context: BotContext) -> None:
    found = await _board_in_group(update, context, texts.ACTION_SUBSCRIBE)
    if found is None:
        return
    message, chat, user = found
    service, now = context.agenda, now_utc()
    name = _argument_text(message)
    if name:
        try:
            schedule, added = await service.subscribe(chat.id, name, user.id, now)
        except UnknownScheduleError as exc:
            await message.reply_text(_unknown_schedule(exc))
            return
        await message.reply_text(await _subscribed_reply(service, chat.id, schedule, added))
        return
    subscribed = set(await context.storage.agenda.schedule_subscriptions(chat.id))
    rows = [
        (schedule.title, callbacks.AGENDA_SUBSCRIBE.data(schedule.id))
        for schedule in service.schedule_choices(now)
        if schedule.id not in subscribed
        and callbacks.AGENDA_SUBSCRIBE.pattern.match(f"agd:s:{schedule.id}")
    ][:MAX_BUTTONS]
    if not rows:
        await message.reply_text(texts.SUBSCRIBE_NONE_LEFT)
        return
    await message.reply_text(texts.SUBSCRIBE_CHOOSE, reply_markup=_markup(rows))


async def subscribe_button(update: Update, context: BotContext) -> None:
    found = await _callback_board(update, context)
    if found is None:
        return
    message, chat, schedule_id = found
    service = context.agenda
    query = update.callback_query
    by = query.from_user.id if query is not None else None
    try:
        schedule, added = await service.subscribe(chat.id, schedule_id, by, now_utc())
    except UnknownScheduleError as exc:
        await edit_or_reply(message, _unknown_schedule(exc))
        return
    await edit_or_reply(message, await _subscribed_reply(service, chat.id, schedule, added))


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    found = await _board_in_group(update, context, texts.ACTION_UNSUBSCRIBE)
    if found is None:
        return
    message, chat, _ = found
    service = context.agenda
    name = _argument_text(message)
    if name:
        await message.reply_text(await _unsubscribe(service, chat.id, name))
        return
    subscribed = await service.subscriptions(chat.id)
    rows = [
        (schedule.title, callbacks.AGENDA_UNSUBSCRIBE.data(schedule.id))
        for schedule in subscribed
        if callbacks.AGENDA_UNSUBSCRIBE.pattern.match(f"agd:o:{schedule.id}")
    ][:MAX_BUTTONS]
    if not rows:
        await message.reply_text(texts.UNSUBSCRIBE_NONE)
        return
    await message.reply_text(texts.UNSUBSCRIBE_CHOOSE, reply_markup=_markup(rows))


async def _unsubscribe(service: AgendaService, chat_id: int, name: str) -> str:
    try:
        schedule, removed = await service.unsubscribe(chat_id, name, now_utc())
    except UnknownScheduleError as exc:
        return _unknown_schedule(exc)
    if not removed:
        return texts.UNSUBSCRIBE_NOT_SUBSCRIBED.format(name=html.escape(schedule.id))
    return texts.UNSUBSCRIBE_DONE.format(title=html.escape(schedule.title, quote=False))


async def unsubscribe_button(update: Update, context: BotContext) -> None:
    found = await _callback_board(update, context)
    if found is None:
        return
    message, chat, schedule_id = found
    await edit_or_reply(message, await _unsubscribe(context.agenda, chat.id, schedule_id))


# --- /herinneringen ------------------------------------------------------------------------


async def leads_command(update: Update, context: BotContext) -> None:
    found = await _in_group(update, context)
    if found is None:
        return
    message, chat, user = found
    service = context.agenda
    text = _argument_text(message)
    board = await is_board(context, chat, user)
    if not text:
        current = await service.leads_text(chat.id)
        await message.reply_text(current + ("\n\n" + texts.LEADS_HOW_TO_CHANGE if board else ""))
        return
    if not board:
        await message.reply_text(texts.NOT_BOARD.format(action=texts.ACTION_LEADS))
        return
    try:
        reset = text.lower() in texts.LEADS_RESET_WORDS
        await service.set_leads(chat.id, None if reset else text, now_utc())
    except LeadTimeError as exc:
        await message.reply_text(html.escape(exc.message, quote=False))
        return
    await message.reply_text(texts.LEADS_SET.format(current=await service.leads_text(chat.id)))


# --- /volg and /ontvolg --------------------------------------------------------------------


@dataclass(frozen=True)
class _GroupChoice:
    """What /volg or /ontvolg does to one group, and how it offers a choice of several."""

    action: Callable[[BotContext, User, int], Awaitable[str]]
    route: callbacks.Route
    none_text: str
    choose_text: str


async def _for_groups(
    context: BotContext,
    message: Message,
    user: User,
    groups: list[int],
    choice: _GroupChoice,
) -> None:
    """/volg and /ontvolg in private: nothing to do, the one group at once, or buttons."""
    if not groups:
        await message.reply_text(choice.none_text)
    elif len(groups) == 1:
        await message.reply_text(await choice.action(context, user, groups[0]))
    else:
        rows = [(await _group_title(context, g), choice.route.data(g)) for g in groups]
        await message.reply_text(choice.choose_text, reply_markup=_markup(rows[:MAX_BUTTONS]))


async def _is_member(context: BotContext, chat_id: int, user_id: int) -> bool:
    try:
        member = await context.bot.get_chat_member(chat_id, user_id)
    except TelegramError:
        return False
    return member.status in _MEMBER_STATUSES


async def _follow(context: BotContext, user: User, chat_id: int) -> str:
    storage = context.storage
    group = html.escape(await _group_title(context, chat_id), quote=False)
    added = await context.agenda.follow(user.id, chat_id, now_utc())
    return (texts.FOLLOW_DONE if added else texts.FOLLOW_ALREADY).format(group=group) + (
        ""
        if await storage.chats.has_started(user.id)
        else "\n\n"
        + texts.FOLLOW_START_FIRST.format(
            link=create_deep_linked_url(
                context.bot.username, callbacks.FOLLOW_LINK.payload(chat_id)
            )
        )
    )


_FOLLOW = _GroupChoice(
    _follow, callbacks.AGENDA_FOLLOW, texts.FOLLOW_NO_GROUPS, texts.FOLLOW_CHOOSE
)


async def follow_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    storage = context.storage
    if chat.type != Chat.PRIVATE:
        await storage.chats.remember_chat(chat.id, chat.type, chat.title)
        await message.reply_text(await _follow(context, user, chat.id))
        return
    candidates = set(await storage.agenda.agenda_chats()) | set(await storage.chats.group_chats())
    followed = set(await storage.agenda.followed_agendas(user.id))
    groups = [
        chat_id
        for chat_id in sorted(candidates - followed)
        if await _is_member(context, chat_id, user.id)
    ]
    await _for_groups(context, message, user, groups, _FOLLOW)


async def follow_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    data = context.match.group("chat")
    if not await _is_member(context, int(data), query.from_user.id):
        await query.answer(texts.FOLLOW_NOT_MEMBER, show_alert=True)
        return
    await query.answer()
    await edit_or_reply(query.message, await _follow(context, query.from_user, int(data)))


async def follow_start(update: Update, context: BotContext) -> None:
    """`/start volg-1001` from the link in FOLLOW_START_FIRST: confirm the subscription."""
    message, user = update.effective_message, update.effective_user
    value = callbacks.FOLLOW_LINK.value_of(message.text if message else None)
    if value is None or message is None or user is None:
        return
    chat_id = int(value)
    if not await _is_member(context, chat_id, user.id):
        await message.reply_text(texts.FOLLOW_NOT_MEMBER)
        return
    await message.reply_text(await _follow(context, user, chat_id))


async def _unfollow(context: BotContext, user: User, chat_id: int) -> str:
    group = html.escape(await _group_title(context, chat_id), quote=False)
    removed = await context.agenda.unfollow(user.id, chat_id, now_utc())
    return (texts.UNFOLLOW_DONE if removed else texts.UNFOLLOW_NOT_FOLLOWING).format(group=group)


_UNFOLLOW = _GroupChoice(
    _unfollow, callbacks.AGENDA_UNFOLLOW, texts.UNFOLLOW_NONE, texts.UNFOLLOW_CHOOSE
)


async def unfollow_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(await _unfollow(context, user, chat.id))
        return
    followed = await context.storage.agenda.followed_agendas(user.id)
    await _for_groups(context, message, user, followed, _UNFOLLOW)


async def unfollow_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None or not isinstance(query.message, Message):
        return
    data = context.match.group("chat")
    await query.answer()
    if data:
        await edit_or_reply(query.message, await _unfollow(context, query.from_user, int(data)))


# --- /agenda and /ics ----------------------------------------------------------------------


async def _agenda_chats(update: Update, context: BotContext) -> list[int] | None:
    """The group itself, or in private the groups the member follows (None: told why not)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    storage = context.storage
    if chat.type != Chat.PRIVATE:
        await storage.chats.remember_chat(chat.id, chat.type, chat.title)
        return [chat.id]
    followed = await storage.agenda.followed_agendas(user.id)
    if not followed:
        await message.reply_text(texts.AGENDA_PRIVATE_NONE)
        return None
    return followed


async def agenda_command(update: Update, context: BotContext) -> None:
    chats = await _agenda_chats(update, context)
    message = update.effective_message
    if chats is None or message is None:
        return
    await message.reply_text(await context.agenda.agenda_html(chats, now_utc()))


async def ics_command(update: Update, context: BotContext) -> None:
    chats = await _agenda_chats(update, context)
    message = update.effective_message
    if chats is None or message is None:
        return
    group = await _group_title(context, chats[0]) if len(chats) == 1 else "RAO"
    exported = await context.agenda.export(
        chats, now_utc(), texts.ICS_CALENDAR_NAME.format(group=group)
    )
    if exported is None:
        await message.reply_text(texts.ICS_EMPTY)
        return
    data, count = exported
    slug = re.sub(r"[^a-z0-9]+", "-", group.lower()).strip("-") or "rao"
    await message.reply_document(
        InputFile(data, filename=texts.ICS_FILE_NAME.format(slug=slug)),
        caption=texts.ICS_CAPTION.format(group=html.escape(group, quote=False), count=count),
    )


async def ics_document(update: Update, context: BotContext) -> None:
    """A board member sends an .ics file in the group: import its meetings."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None or message.document is None:
        return
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.ICS_IMPORT_PRIVATE)
        return
    await context.storage.chats.remember_chat(chat.id, chat.type, chat.title)
    if not await is_board(context, chat, user):
        await message.reply_text(texts.NOT_BOARD.format(action=texts.ACTION_IMPORT))
        return
    document = message.document
    if document.file_size is not None and document.file_size > MAX_ICS_BYTES:
        await message.reply_text(texts.ICS_TOO_LARGE.format(max_mb=MAX_ICS_BYTES // (1024 * 1024)))
        return
    try:
        file = await context.bot.get_file(document.file_id)
        data = bytes(await file.download_as_bytearray())
    except TelegramError:
        log.warning("could not download .ics file %s", document.file_id, exc_info=True)
        await message.reply_text(texts.ICS_DOWNLOAD_FAILED)
        return
    service = context.agenda
    outcome = await service.import_calendar(chat.id, data, user.id, now_utc())
    counts = outcome.counts
    lines = [
        texts.ICS_IMPORTED.format(
            created=counts.created, updated=counts.updated, unchanged=counts.unchanged
        )
    ]
    if outcome.first:
        lines += [texts.ICS_IMPORTED_FIRST, *(f"• {service.event_line(e)}" for e in outcome.first)]
    await message.reply_text("\n".join(lines))
