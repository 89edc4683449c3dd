"""Meetings in the group: /vergadering (with its questions), /annuleer (one occurrence, it
and the later ones, or the whole series) and /verplaats. Thin: parse the update, call the
agenda's meeting desk, render the Dutch reply."""

from __future__ import annotations

import html

from telegram import Message, Update

from bot import callbacks
from bot.agenda.meeting_desk import (
    CancelScope,
    DuplicateFound,
    MeetingAsk,
    MeetingSaved,
    Proposal,
)
from bot.agenda.meeting_input import series_start_line
from bot.clock import now_utc
from bot.context import BotContext
from bot.dutch_dates import format_moment
from bot.handlers.agenda.shared import (
    MAX_BUTTONS,
    argument_text,
    board_button,
    board_in_group,
    epoch,
    from_epoch,
    markup,
)
from bot.handlers.common import edit_or_reply
from bot.texts import agenda as texts
from bot.texts import agenda_series as series_texts

# --- /vergadering --------------------------------------------------------------------------


async def meeting_command(update: Update, context: BotContext) -> None:
    found = await board_in_group(update, context, texts.ACTION_ADD_MEETING)
    if found is None:
        return
    message, chat, user = found
    text = argument_text(message)
    if not text:
        await message.reply_text(texts.MEETING_USAGE)
        return
    proposal = await context.agenda.meetings.propose(chat.id, text, user.id, now_utc())
    await _answer(context, message, proposal, edit=False)


async def _answer(context: BotContext, message: Message, proposal: Proposal, edit: bool) -> None:
    tz = context.agenda.tz
    if isinstance(proposal, MeetingAsk):
        rows = [
            (choice.label, callbacks.AGENDA_CHOOSE.data(proposal.token, index))
            for index, choice in enumerate(proposal.question.choices)
        ]
        text, keyboard = proposal.question.message, markup(rows)
    elif isinstance(proposal, DuplicateFound):
        text = series_texts.MEETING_DUPLICATE.format(
            title=html.escape(proposal.existing.title, quote=False),
            moment=format_moment(proposal.request.start_utc, tz),
        )
        keyboard = markup(
            [
                (series_texts.DUPLICATE_YES, callbacks.AGENDA_DUPLICATE.data(proposal.token, "ja")),
                (series_texts.DUPLICATE_NO, callbacks.AGENDA_DUPLICATE.data(proposal.token, "nee")),
            ]
        )
    else:
        text, keyboard = _saved_text(context, proposal), None
    if edit:
        await edit_or_reply(message, text, keyboard)
    else:
        await message.reply_text(text, reply_markup=keyboard)


def _saved_text(context: BotContext, saved: MeetingSaved) -> str:
    tz = context.agenda.tz
    meeting = saved.meeting
    lines = [
        texts.MEETING_SAVED,
        f"<b>{html.escape(meeting.title, quote=False)}</b>",
        texts.MEETING_LINE_MOMENT.format(moment=format_moment(meeting.start_utc, tz)),
    ]
    if meeting.end_utc is not None:
        lines.append(
            series_texts.MEETING_END_LINE.format(end=f"{meeting.end_utc.astimezone(tz):%H:%M}")
        )
    if meeting.location:
        place = html.escape(meeting.location, quote=False)
        lines.append(texts.MEETING_LINE_PLACE.format(place=place))
    rule = context.agenda.describe_rule(meeting)
    if rule is not None:
        following = texts.join_words([format_moment(s, tz) for s in saved.following])
        lines.append(texts.MEETING_LINE_REPEAT.format(rule=rule, next=following))
        first = series_start_line(saved.request, tz)
        if first:
            lines.append(first)
    leads = list(saved.leads)
    lines.append(
        texts.MEETING_LINE_LEADS.format(
            leads=texts.leads_phrase(leads) if leads else texts.MEETING_NO_REMINDERS
        )
    )
    return "\n".join(lines)


async def choose_button(update: Update, context: BotContext) -> None:
    """One of the two readings of a `/vergadering` was picked."""
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, user = found
    token, index = context.match.group("token"), int(context.match.group("choice"))
    proposal = await context.agenda.meetings.choose(chat.id, token, index, user.id, now_utc())
    if proposal is None:
        await edit_or_reply(message, series_texts.QUESTION_EXPIRED)
        return
    await _answer(context, message, proposal, edit=True)


async def duplicate_button(update: Update, context: BotContext) -> None:
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, user = found
    token, now = context.match.group("token"), now_utc()
    desk = context.agenda.meetings
    if context.match.group("answer") == "nee":
        dropped = desk.drop(chat.id, token, now)
        text = series_texts.DUPLICATE_DROPPED if dropped else series_texts.QUESTION_EXPIRED
        await edit_or_reply(message, text)
        return
    saved = await desk.confirm(chat.id, token, user.id, now)
    if saved is None:
        await edit_or_reply(message, series_texts.QUESTION_EXPIRED)
        return
    await _answer(context, message, saved, edit=True)


# --- /annuleer -----------------------------------------------------------------------------


async def cancel_command(update: Update, context: BotContext) -> None:
    found = await board_in_group(update, context, texts.ACTION_CANCEL_MEETING)
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
            f"{format_moment(start, service.tz)} · {meeting.title}"
            + (f" ({series_texts.SERIES_MARK})" if meeting.recurrence else ""),
            callbacks.AGENDA_CANCEL.data(meeting.id),
        )
        for meeting, start in upcoming
    ]
    # Typed words after /annuleer pick nothing: say so rather than ignore them silently.
    ask = texts.CANCEL_CHOOSE_WITH_BUTTONS if argument_text(message) else texts.CANCEL_CHOOSE
    await message.reply_text(ask, reply_markup=markup(rows))


async def cancel_button(update: Update, context: BotContext) -> None:
    """A meeting was picked: a single one is cancelled, a series asks which occurrence."""
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, _ = found
    meeting_id, now = int(context.match.group("meeting")), now_utc()
    picked = await context.agenda.meetings.occurrences(chat.id, meeting_id, now)
    if picked is None:
        await edit_or_reply(message, texts.CANCEL_GONE)
        return
    meeting, occurrences = picked
    if not meeting.recurrence:
        # One tap in a list must not cancel: members who follow it lose their reminders.
        at = epoch(meeting.start_utc)
        rows = [
            (texts.CANCEL_YES, callbacks.AGENDA_CANCEL_SCOPE.data(meeting_id, at, "reeks")),
            (texts.CANCEL_NO, callbacks.AGENDA_CANCEL_KEEP.data(meeting_id)),
        ]
        text = texts.CANCEL_CONFIRM.format(
            title=html.escape(meeting.title, quote=False),
            moment=format_moment(meeting.start_utc, context.agenda.tz),
        )
        await edit_or_reply(message, text, markup(rows))
        return
    tz = context.agenda.tz
    rows = [
        (
            format_moment(o.start_utc, tz),
            callbacks.AGENDA_CANCEL_AT.data(meeting.id, epoch(o.recurrence_id or o.start_utc)),
        )
        for o in occurrences
    ]
    text = series_texts.CANCEL_WHICH.format(title=html.escape(meeting.title, quote=False))
    await edit_or_reply(message, text, markup(rows))


async def cancel_at_button(update: Update, context: BotContext) -> None:
    """An occurrence of a series was picked: only this one, this and later, or all?"""
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, _ = found
    meeting_id, at = int(context.match.group("meeting")), context.match.group("at")
    picked = await context.agenda.meetings.occurrences(chat.id, meeting_id, now_utc())
    if picked is None:
        await edit_or_reply(message, texts.CANCEL_GONE)
        return
    meeting, occurrences = picked
    start = next(
        (o.start_utc for o in occurrences if o.recurrence_id == from_epoch(at)), from_epoch(at)
    )
    route = callbacks.AGENDA_CANCEL_SCOPE
    rows = [
        (series_texts.CANCEL_ONLY_THIS, route.data(meeting_id, at, "een")),
        (series_texts.CANCEL_THIS_AND_LATER, route.data(meeting_id, at, "volgende")),
        (series_texts.CANCEL_WHOLE_SERIES, route.data(meeting_id, at, "reeks")),
    ]
    text = series_texts.CANCEL_SCOPE_QUESTION.format(
        title=html.escape(meeting.title, quote=False),
        moment=format_moment(start, context.agenda.tz),
    )
    await edit_or_reply(message, text, markup(rows))


_SCOPES: dict[str, CancelScope] = {"een": "een", "volgende": "volgende", "reeks": "reeks"}


async def cancel_scope_button(update: Update, context: BotContext) -> None:
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, user = found
    match = context.match
    scope = _SCOPES[match.group("scope")]
    meeting_id, at = int(match.group("meeting")), int(match.group("at"))
    await _cancel(context, message, chat.id, meeting_id, at, scope, user.id)


async def cancel_keep_button(update: Update, context: BotContext) -> None:
    """ "Nee, laten staan": the question says nothing changed."""
    found = await board_button(update, context)
    if found is not None:
        await edit_or_reply(found[0], texts.CANCEL_KEPT)


async def _cancel(
    context: BotContext,
    message: Message,
    chat_id: int,
    meeting_id: int,
    at: int,
    scope: CancelScope,
    by: int,
) -> None:
    service = context.agenda
    moment = from_epoch(str(at))
    done = await service.meetings.cancel(chat_id, meeting_id, moment, scope, by, now_utc())
    if done is None:
        await edit_or_reply(message, texts.CANCEL_GONE)
        return
    meeting = done.meeting
    title = html.escape(meeting.title, quote=False)
    when = format_moment(moment, service.tz)
    if done.scope == "een":
        text = series_texts.CANCEL_DONE_ONE.format(title=title, moment=when)
    elif done.scope == "volgende":
        text = series_texts.CANCEL_DONE_LATER.format(title=title, moment=when)
    elif meeting.recurrence:
        rule = service.describe_rule(meeting) or ""
        text = texts.CANCEL_DONE_SERIES.format(title=title, rule=rule)
    else:
        text = texts.CANCEL_DONE.format(
            title=title, moment=format_moment(meeting.start_utc, service.tz)
        )
    await edit_or_reply(message, text)


# --- /verplaats ----------------------------------------------------------------------------


async def move_command(update: Update, context: BotContext) -> None:
    found = await board_in_group(update, context, texts.ACTION_MOVE_MEETING)
    if found is None:
        return
    message, chat, _ = found
    text = argument_text(message)
    if not text:
        await message.reply_text(series_texts.MOVE_USAGE)
        return
    service = context.agenda
    ask = await service.meetings.propose_move(chat.id, text, now_utc())
    rows = [
        (
            f"{format_moment(o.start_utc, service.tz)} · {o.title}",
            callbacks.AGENDA_MOVE.data(
                ask.token, meeting.id, epoch(o.recurrence_id or o.start_utc)
            ),
        )
        for meeting, o in ask.choices
    ]
    moment = format_moment(ask.start_utc, service.tz)
    await message.reply_text(
        series_texts.MOVE_CHOOSE.format(moment=moment), reply_markup=markup(rows)
    )


async def move_button(update: Update, context: BotContext) -> None:
    found = await board_button(update, context)
    if found is None or context.match is None:
        return
    message, chat, user = found
    match, service = context.match, context.agenda
    moved = await service.meetings.move(
        chat.id,
        match.group("token"),
        int(match.group("meeting")),
        from_epoch(match.group("at")),
        user.id,
        now_utc(),
    )
    if moved is None:
        await edit_or_reply(message, series_texts.QUESTION_EXPIRED)
        return
    text = (
        series_texts.MOVE_DONE_ONE if moved.meeting.recurrence else series_texts.MOVE_DONE
    ).format(
        title=html.escape(moved.title, quote=False),
        old=format_moment(moved.old_start, service.tz),
        new=format_moment(moved.new_start, service.tz),
    )
    await edit_or_reply(message, text)
