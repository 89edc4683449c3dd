"""The vote buttons and /toelichting (a voter explains their vote, privately: typed in the
group during a secret vote, the bot removes it there).

The vote button is the hot path: one transaction in the service, then the callback answer that
tells the voter what was recorded, then a debounced refresh of the group message. Nothing else
(no permission look-ups at Telegram) happens in between.
"""

from __future__ import annotations

import logging

from telegram import Chat, Update
from telegram.error import TelegramError

from bot.context import BotContext
from bot.handlers.common import now_utc
from bot.handlers.polls.common import (
    command_body,
    group_organisation,
    resolve_poll,
    send_private,
    voter,
)
from bot.jobs import poll_messages
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls.render import vote_answer_text
from bot.polls.rules import PollInputError
from bot.texts import board as board_texts

log = logging.getLogger(__name__)


async def vote_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    poll_id, option = int(context.match.group("poll")), int(context.match.group("option"))
    outcome = await context.polls.votes.cast(poll_id, voter(query.from_user), option, now_utc())
    org_name = ""
    if outcome.status is pr.CastStatus.NOT_MEMBER and outcome.poll is not None:
        org = await context.polls.orgs.organisation(outcome.poll.org_id)
        org_name = org.name if org else ""
    closed = outcome.status is pr.CastStatus.CLOSED and outcome.poll is not None
    voted = False
    if closed and outcome.poll is not None:
        voted = (await context.polls.results.own_vote(outcome.poll, query.from_user.id)).voted
    stored = outcome.status in (pr.CastStatus.RECORDED, pr.CastStatus.CHANGED)
    try:
        await query.answer(vote_answer_text(outcome, org_name, voted), show_alert=not stored)
    finally:
        if stored:  # the vote counts even when the answer could not be delivered
            polls_jobs.request_refresh(context.application, poll_id)
    if closed:
        await poll_messages.drop_private_buttons(query)


async def reason_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await _reason_in_group(update, context)
        return
    args = context.args or []
    body = command_body(message).split(maxsplit=1)
    if len(args) < 2 or len(body) < 2:
        await message.reply_text(board_texts.REASON_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=False, usage=board_texts.REASON_USAGE
    )
    if poll is None:
        return
    await context.polls.votes.give_reason(poll, user.id, body[1].strip(), now_utc())
    await message.reply_text(board_texts.reason_saved(poll.id, poll.secret))


async def _reason_in_group(update: Update, context: BotContext) -> None:
    """A reason typed in the group. During a secret vote it must not stay readable there: the
    bot deletes the message and keeps the reason as if it had been sent privately (or says
    privately why it could not); otherwise it only points to the private chat."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    org = await group_organisation(context, chat)
    args = context.args or []
    number = args[0].lstrip("#") if args else ""
    poll = await context.polls.votes.poll(int(number)) if number.isdigit() else None
    if poll is not None and poll.org_id != org.id:
        poll = None
    secret = (
        poll.secret
        if poll is not None
        else any(p.secret for p in await context.polls.votes.open_polls(org.id))
    )
    if not secret:
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
        return
    try:
        await message.delete()
        deleted = True
    except TelegramError as exc:
        log.info("could not delete a reason typed in group %s: %s", chat.id, exc)
        deleted = False
    body = command_body(message).split(maxsplit=1)
    outcome = board_texts.REASON_USAGE
    if poll is not None and len(body) > 1:
        try:
            await context.polls.votes.give_reason(poll, user.id, body[1].strip(), now_utc())
            outcome = board_texts.reason_saved(poll.id, poll.secret)
        except PollInputError as exc:
            outcome = exc.message
    text = board_texts.reason_removed_from_group(deleted, outcome)
    if not await send_private(context.bot, user.id, text) and not deleted:
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
