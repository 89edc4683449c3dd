"""The vote buttons and /toelichting (a voter explains their vote).

The vote button is the hot path: one transaction in the service, then the callback answer that
tells the voter what was recorded, then a debounced refresh of the group message. Nothing else
(no permission look-ups at Telegram) happens in between.
"""

from __future__ import annotations

from telegram import Chat, Update

from bot.context import BotContext
from bot.handlers.common import now_utc
from bot.handlers.polls.common import command_body, resolve_poll, voter
from bot.jobs import poll_messages
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls.render import vote_answer_text
from bot.texts import board as board_texts


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
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
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
