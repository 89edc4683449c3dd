"""The maturity scan in the private chat: the deep link from the group and the score buttons.

Each answer is stored at once; the message then shows the next statement (or the end), so a
member can stop halfway and pick up where they left off.
"""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls.common import is_member, link_user, voter
from bot.jobs import polls as polls_jobs
from bot.poll_keyboards import scan_prompt, scan_prompt_at
from bot.polls import records as pr
from bot.texts import scan as scan_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

_REFUSALS = {
    pr.CastStatus.CLOSED: vote_texts.SCAN_CLOSED,
    pr.CastStatus.NOT_MEMBER: vote_texts.SCAN_NOT_MEMBER,
    pr.CastStatus.UNKNOWN_OPTION: vote_texts.VOTE_UNKNOWN_OPTION,
}


async def scan_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    match = context.match
    poll_id, index = int(match.group("poll")), int(match.group("statement"))
    score = int(match.group("score"))
    answer = await context.polls.votes.answer_scan(
        poll_id, voter(query.from_user), index, score, now_utc()
    )
    poll = answer.poll
    if answer.status not in (pr.CastStatus.RECORDED, pr.CastStatus.DUPLICATE) or poll is None:
        text = _REFUSALS.get(answer.status, vote_texts.VOTE_UNKNOWN_POLL)
        await query.answer(text, show_alert=True)
        return
    await query.answer(vote_texts.scan_saved(score))
    prompt = scan_prompt(poll, answer.answers or {}, after=index)
    if isinstance(query.message, Message):
        try:
            if prompt is None:
                await query.message.edit_text(vote_texts.scan_done(poll.id))
            else:
                await query.message.edit_text(prompt[0], reply_markup=prompt[1])
        except TelegramError as exc:
            log.debug("could not show the next statement: %s", exc)
    polls_jobs.request_refresh(context.application, poll_id)


async def scan_back_button(update: Update, context: BotContext) -> None:
    """ "Vorige": the statement before, with the member's answer to it (changeable)."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    poll = await context.polls.votes.poll(int(context.match.group("poll")))
    index = int(context.match.group("statement"))
    if poll is None or poll.kind is not pr.StoredKind.SCAN or index >= len(poll.options):
        await query.answer(vote_texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    if not poll.is_open:
        await query.answer(vote_texts.SCAN_CLOSED, show_alert=True)
        return
    await query.answer()
    answers = await context.polls.results.member_scan_answers(poll.id, query.from_user.id)
    text, markup = scan_prompt_at(poll, answers, index)
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except TelegramError as exc:
            log.debug("could not show the previous statement: %s", exc)


async def scan_start(update: Update, context: BotContext) -> None:
    """Deep link scan_<poll>: the first (or next) statement in the private chat."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    number = callbacks.SCAN_LINK.value_of(message.text)
    poll = await context.polls.votes.poll(int(number)) if number else None
    if poll is None or poll.kind is not pr.StoredKind.SCAN:
        await message.reply_text(vote_texts.VOTE_UNKNOWN_POLL)
        return
    if not poll.is_open:
        await message.reply_text(vote_texts.SCAN_CLOSED)
        return
    await link_user(context, user)
    org = await context.polls.orgs.organisation(poll.org_id)
    if org is None or not await is_member(context, org, user):
        await message.reply_text(vote_texts.SCAN_NOT_MEMBER)
        return
    answers = await context.polls.results.member_scan_answers(poll.id, user.id)
    prompt = scan_prompt(poll, answers)
    if prompt is None:
        await message.reply_text(vote_texts.scan_done(poll.id))
        return
    await message.reply_text(f"{scan_texts.SCAN_INTRO}\n\n{prompt[0]}", reply_markup=prompt[1])
