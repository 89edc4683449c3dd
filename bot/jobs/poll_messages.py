"""Private reminders that keep telling the truth.

A reminder is recorded when it is sent (with the units it was about); after a vote, a move of
the closing time, the closing or the withdrawal of the poll, `refresh_reminders` edits each
recorded reminder whose meaning changed (decided by `bot.polls.nudges`), so no member is left
with "nog niet gestemd" after their pharmacy voted, or with a deadline that no longer holds.
"""

from __future__ import annotations

import logging

from telegram import CallbackQuery, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, TelegramError

from bot.clock import now_utc
from bot.context import BotApp, services_of_app
from bot.delivery.private import send_private_message
from bot.poll_keyboards import vote_keyboard
from bot.polls import nudges
from bot.polls import records as pr
from bot.polls.results import ReminderTarget

log = logging.getLogger(__name__)


async def send_reminder(
    application: BotApp,
    poll: pr.PollRecord,
    target: ReminderTarget,
    text: str,
    markup: InlineKeyboardMarkup,
) -> bool:
    """Sends one private reminder and records it; false when the member cannot be reached."""
    message = await send_private_message(application.bot, target.user_id, text, markup)
    if message is None:
        return False
    await services_of_app(application).polls.votes.record_reminder(
        poll,
        target.user_id,
        message.message_id,
        (target.unit_key,) if target.unit_key else (),
        target.unit_label,
        nudges.state(poll, voted=False),
        now_utc(),
    )
    return True


async def refresh_reminders(application: BotApp, poll_id: int) -> None:
    """Edits the recorded reminders of the poll whose text stopped being true."""
    polls = services_of_app(application).polls
    poll = await polls.votes.poll(poll_id)
    if poll is None:
        return
    messages = await polls.votes.reminder_messages(poll_id)
    if not messages:
        return
    voted_units: set[str] = set()
    if poll.kind is not pr.StoredKind.SCAN:
        voted_units = await polls.results.voted_units(poll)
    for message in messages:
        shown = nudges.state(poll, voted=bool(voted_units & set(message.unit_keys)))
        if shown == message.shown:
            continue
        rendered = nudges.text(poll, shown, message.unit_label, polls.tz)
        if rendered is None:
            continue
        markup = vote_keyboard(poll) if rendered.buttons else None
        try:
            await application.bot.edit_message_text(
                rendered.text,
                chat_id=message.user_id,
                message_id=message.message_id,
                reply_markup=markup,
            )
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                log.info("could not update a reminder of poll %s: %s", poll_id, exc)
                continue
        except TelegramError as exc:
            log.info("could not update a reminder of poll %s: %s", poll_id, exc)
            continue
        await polls.votes.set_reminder_shown(poll_id, message.user_id, message.message_id, shown)


async def drop_private_buttons(query: CallbackQuery) -> None:
    """A vote button pressed in a private chat after closing: the buttons go, they no longer
    do anything (a reminder sent before reminders were recorded is never refreshed)."""
    message = query.message
    if not isinstance(message, Message) or message.chat.type != "private":
        return
    if message.reply_markup is None:
        return
    try:
        await message.edit_reply_markup(None)
    except TelegramError as exc:
        log.debug("could not drop the buttons of a closed vote: %s", exc)
