"""Milestone schedules and the group's agenda settings: /abonneer, /opzeggen, /herinneringen,
/vergaderduur."""

from __future__ import annotations

import html

from telegram import Update

from bot import callbacks
from bot.agenda.schedules import Schedule
from bot.agenda.service import AgendaService, UnknownScheduleError
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.agenda.shared import (
    MAX_BUTTONS,
    argument_text,
    board_button,
    board_in_group,
    markup,
)
from bot.handlers.common import edit_or_reply, in_group
from bot.permissions import is_board
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts


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
    labels = [lead.label() for lead in service.milestone_leads(leads)]
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
    found = await board_in_group(update, context, texts.ACTION_SUBSCRIBE)
    if found is None:
        return
    message, chat, user = found
    service, now = context.agenda, now_utc()
    name = argument_text(message)
    if name:
        try:
            schedule, added = await service.subscribe(chat.id, name, user.id, now)
        except UnknownScheduleError as exc:
            await message.reply_text(_unknown_schedule(exc))
            return
        await message.reply_text(await _subscribed_reply(service, chat.id, schedule, added))
        return
    rows = [
        (schedule.title, callbacks.AGENDA_SUBSCRIBE.data(schedule.id))
        for schedule in await service.subscribable(chat.id, now)
        if callbacks.AGENDA_SUBSCRIBE.fits(schedule.id)
    ][:MAX_BUTTONS]
    if not rows:
        await message.reply_text(texts.SUBSCRIBE_NONE_LEFT)
        return
    await message.reply_text(texts.SUBSCRIBE_CHOOSE, reply_markup=markup(rows))


async def subscribe_button(update: Update, context: BotContext) -> None:
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, user = found
    service = context.agenda
    schedule_id = context.match.group("schedule")
    try:
        schedule, added = await service.subscribe(chat.id, schedule_id, user.id, now_utc())
    except UnknownScheduleError as exc:
        await edit_or_reply(message, _unknown_schedule(exc))
        return
    await edit_or_reply(message, await _subscribed_reply(service, chat.id, schedule, added))


async def unsubscribe_command(update: Update, context: BotContext) -> None:
    found = await board_in_group(update, context, texts.ACTION_UNSUBSCRIBE)
    if found is None:
        return
    message, chat, _ = found
    service = context.agenda
    name = argument_text(message)
    if name:
        await message.reply_text(await _unsubscribe(service, chat.id, name))
        return
    rows = [
        (schedule.title, callbacks.AGENDA_UNSUBSCRIBE.data(schedule.id))
        for schedule in await service.subscriptions(chat.id)
        if callbacks.AGENDA_UNSUBSCRIBE.fits(schedule.id)
    ][:MAX_BUTTONS]
    if not rows:
        await message.reply_text(texts.UNSUBSCRIBE_NONE)
        return
    await message.reply_text(texts.UNSUBSCRIBE_CHOOSE, reply_markup=markup(rows))


async def _unsubscribe(service: AgendaService, chat_id: int, name: str) -> str:
    try:
        schedule, removed = await service.unsubscribe(chat_id, name, now_utc())
    except UnknownScheduleError as exc:
        return _unknown_schedule(exc)
    if not removed:
        return texts.UNSUBSCRIBE_NOT_SUBSCRIBED.format(name=html.escape(schedule.id))
    return texts.UNSUBSCRIBE_DONE.format(title=html.escape(schedule.title, quote=False))


async def unsubscribe_button(update: Update, context: BotContext) -> None:
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, _ = found
    schedule_id = context.match.group("schedule")
    await edit_or_reply(message, await _unsubscribe(context.agenda, chat.id, schedule_id))


async def leads_command(update: Update, context: BotContext) -> None:
    """Show the lead times; the board sets them ('14d 3d 2u', 'standaard') or switches
    posting reminders in this group 'uit' or 'aan' (linked groups share one agenda)."""
    found = await in_group(update, texts.GROUP_ONLY)
    if found is None:
        return
    message, chat, user = found
    service, now = context.agenda, now_utc()
    text = argument_text(message)
    board = await is_board(context, chat, user)
    if not text:
        current = await service.leads_text(chat.id)
        await message.reply_text(current + ("\n\n" + texts.LEADS_HOW_TO_CHANGE if board else ""))
        return
    if not board:
        await message.reply_text(texts.NOT_BOARD.format(action=texts.ACTION_LEADS))
        return
    word = text.lower()
    if word in texts.LEADS_POSTING_WORDS:
        post = texts.LEADS_POSTING_WORDS[word]
        await service.set_posting(chat.id, post, now)
        await message.reply_text(texts.LEADS_POSTING_ON if post else texts.LEADS_POSTING_SET_OFF)
        return
    reset = word in texts.LEADS_RESET_WORDS
    await service.set_leads(chat.id, None if reset else text, now)
    await message.reply_text(texts.LEADS_SET.format(current=await service.leads_text(chat.id)))


async def duration_command(update: Update, context: BotContext) -> None:
    """Show the group's meeting length; the board sets it ('90 min', '1u30', 'standaard')."""
    found = await in_group(update, texts.GROUP_ONLY)
    if found is None:
        return
    message, chat, user = found
    service = context.agenda
    text = argument_text(message)
    board = await is_board(context, chat, user)
    if not text:
        current = await service.duration_text(chat.id)
        how = "\n\n" + series_texts.DURATION_HOW_TO_CHANGE if board else ""
        await message.reply_text(current + how)
        return
    if not board:
        await message.reply_text(texts.NOT_BOARD.format(action=texts.ACTION_DURATION))
        return
    reset = text.lower() in texts.LEADS_RESET_WORDS
    await service.set_default_duration(chat.id, None if reset else text, now_utc())
    current = await service.duration_text(chat.id)
    await message.reply_text(series_texts.DURATION_SET.format(current=current))
