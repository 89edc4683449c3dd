"""Polls shared with the other groups of their organisation (linked with /koppel).

The poll's live message (buttons, turnout) exists only in the group where it was started:
editing one message per group on every vote would soon hit Telegram's flood limits. The other
groups get a short notice with a button that opens the vote in the private chat, and the
result is posted in every group, each chat under its own delivery-ledger ref so that a group
that already has it is never sent it again.
"""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.context import BotApp, services_of_app
from bot.delivery.ledger import DeliveryHeld
from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.texts import orgs as org_texts

log = logging.getLogger(__name__)


async def linked_chats(application: BotApp, poll: pr.PollRecord) -> list[int]:
    """The organisation's groups other than the poll's own, in linking order."""
    return (await services_of_app(application).polls.orgs.poll_chats(poll))[1:]


def result_ref(poll: pr.PollRecord, chat_id: int) -> str:
    """The ledger ref of the result in `chat_id`; the poll's own group keeps the ref it had
    before results were shared, so results already sent are not sent again."""
    base = f"poll-result:{poll.id}"
    return base if chat_id == poll.chat_id else f"{base}:chat{chat_id}"


def gone(exc: TelegramError) -> bool:
    """A linked group that refuses the bot (removed, blocked, chat gone) must not keep the
    result pending for ever; the poll's own group always must."""
    if isinstance(exc, DeliveryHeld):
        return exc.refused
    return isinstance(exc, Forbidden | BadRequest | ChatMigrated)


def _markup(application: BotApp, poll: pr.PollRecord) -> InlineKeyboardMarkup:
    scan = poll.kind is pr.StoredKind.SCAN
    link = callbacks.SCAN_LINK if scan else callbacks.VOTE_LINK
    url = create_deep_linked_url(application.bot.username, link.payload(poll.id))
    label = org_texts.SHARED_SCAN_BUTTON if scan else org_texts.SHARED_VOTE_BUTTON
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, url=url)]])


async def notify_linked_groups(application: BotApp, poll: pr.PollRecord) -> None:
    """A short notice of a new poll in the organisation's other groups."""
    chats = await linked_chats(application, poll)
    if not chats:
        return
    services = services_of_app(application)
    origin = await services.agenda.group_title(poll.chat_id) or org_texts.unknown_group(
        poll.chat_id
    )
    closes = format_moment(poll.closes_utc, services.polls.tz) if poll.closes_utc else None
    text = org_texts.shared_poll_notice(
        poll.id,
        html.escape(poll.question, quote=False),
        html.escape(origin, quote=False),
        closes,
        scan=poll.kind is pr.StoredKind.SCAN,
    )
    await send_to_linked_groups(application, poll, text, _markup(application, poll), chats)


async def send_to_linked_groups(
    application: BotApp,
    poll: pr.PollRecord,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    chats: list[int] | None = None,
) -> None:
    """A one-off notice (a new or withdrawn poll) in the organisation's other groups; a group
    that cannot be reached is skipped."""
    for chat_id in chats if chats is not None else await linked_chats(application, poll):
        try:
            await application.bot.send_message(chat_id, text, reply_markup=markup)
        except TelegramError as exc:
            log.info("could not tell group %s about poll %s: %s", chat_id, poll.id, exc)
