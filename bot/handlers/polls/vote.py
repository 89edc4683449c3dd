"""The vote buttons, the confirmation when a press would replace the vote another member of
the pharmacy cast, and /toelichting (a voter explains their vote, privately: typed in the
group during a secret vote, the bot removes it there).

The vote button is the hot path: one transaction in the service, then the callback answer that
tells the voter what was recorded, then a debounced refresh of the group message and the
private notes to members whose vote was replaced. Nothing else (no permission look-ups at
Telegram) happens before the answer.
"""

from __future__ import annotations

import contextlib
import logging
from html import escape

from telegram import (
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.error import TelegramError

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.handling import acted_at
from bot.delivery.private import send_private
from bot.handlers.polls.common import (
    command_body,
    group_organisation,
    poll_number,
    resolve_poll,
    signed_name,
    voter,
)
from bot.jobs import poll_messages
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls.render import choice_text, confirm_text, notice_text, vote_answer_text
from bot.polls.rules import PollInputError
from bot.texts import board as board_texts
from bot.texts import proxies as proxy_texts

STORED = (pr.CastStatus.RECORDED, pr.CastStatus.CHANGED)

log = logging.getLogger(__name__)


async def vote_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    poll_id, option = int(context.match.group("poll")), int(context.match.group("option"))
    # Judged by when the press reached the bot, also when it is handled after a restart.
    outcome = await context.polls.votes.cast(
        poll_id, voter(query.from_user), option, acted_at(now_utc())
    )
    if outcome.status is pr.CastStatus.NEEDS_CONFIRM:
        await _ask_confirmation(query, context, outcome, option)
        return
    org_name = ""
    if outcome.status is pr.CastStatus.NOT_MEMBER and outcome.poll is not None:
        org = await context.polls.orgs.organisation(outcome.poll.org_id)
        org_name = org.name if org else ""
    closed = outcome.status is pr.CastStatus.CLOSED and outcome.poll is not None
    voted = False
    if closed and outcome.poll is not None:
        voted = (await context.polls.results.own_vote(outcome.poll, query.from_user.id)).voted
    stored = outcome.status in STORED
    try:
        await query.answer(vote_answer_text(outcome, org_name, voted), show_alert=not stored)
    finally:
        if stored:  # the vote counts even when the answer could not be delivered
            polls_jobs.request_refresh(context.application, poll_id)
    if stored:
        await _tell_others(context, outcome, query)
    if closed:
        await poll_messages.drop_private_buttons(query)


def _confirm_markup(outcome: pr.CastOutcome, option: int) -> InlineKeyboardMarkup:
    poll = outcome.poll
    assert poll is not None
    new = choice_text(poll, outcome.choice)
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    proxy_texts.confirm_button(new),
                    callback_data=callbacks.VOTE_CONFIRM.data(
                        poll.id, option, outcome.confirm_base
                    ),
                )
            ],
            [
                InlineKeyboardButton(
                    proxy_texts.KEEP_BUTTON, callback_data=callbacks.VOTE_KEEP.data(poll.id)
                )
            ],
        ]
    )


async def _ask_confirmation(
    query: CallbackQuery, context: BotContext, outcome: pr.CastOutcome, option: int
) -> None:
    """The current vote and who cast it, privately, with buttons to replace it or not."""
    poll = outcome.poll
    assert poll is not None
    markup = _confirm_markup(outcome, option)
    if await send_private(context.bot, query.from_user.id, confirm_text(outcome), markup):
        await query.answer(proxy_texts.CONFIRM_ANSWER, show_alert=True)
        return
    first = outcome.conflicts[0]
    text = proxy_texts.confirm_unreachable(
        ", ".join(c.unit_label for c in outcome.conflicts),
        choice_text(poll, first.previous.choice),
        first.previous.by_label,
        context.bot.username,
    )
    await query.answer(text[:200], show_alert=True)


async def confirm_button(update: Update, context: BotContext) -> None:
    """ "Ja, wijzig": the press again, now allowed to replace the votes it was asked about."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    match = context.match
    poll_id, option = int(match.group("poll")), int(match.group("option"))
    base = int(match.group("base"))
    outcome = await context.polls.votes.cast(
        poll_id, voter(query.from_user), option, now_utc(), confirm_base=base
    )
    message = query.message if isinstance(query.message, Message) else None
    if outcome.status is pr.CastStatus.NEEDS_CONFIRM:  # changed again meanwhile
        await query.answer(proxy_texts.CONFIRM_CHANGED_AGAIN, show_alert=True)
        if message is not None:
            await _edit(message, confirm_text(outcome), _confirm_markup(outcome, option))
        return
    stored = outcome.status in STORED
    await query.answer(vote_answer_text(outcome, ""), show_alert=not stored)
    if message is not None and outcome.poll is not None:
        # The callback answers above are plain text; this edit is HTML, and options are typed.
        text = (
            proxy_texts.confirmed(poll_id, escape(choice_text(outcome.poll, outcome.choice)))
            if stored
            else escape(vote_answer_text(outcome, ""))
        )
        await _edit(message, text, None)
    if stored:
        polls_jobs.request_refresh(context.application, poll_id)
        await _tell_others(context, outcome, query)


async def keep_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None:
        return
    await query.answer()
    if isinstance(query.message, Message):
        await _edit(query.message, proxy_texts.KEPT, None)


async def _edit(message: Message, text: str, markup: InlineKeyboardMarkup | None) -> None:
    # When the edit fails the question stays; pressing it again asks or answers anew.
    with contextlib.suppress(TelegramError):
        await message.edit_text(text, reply_markup=markup)


async def _tell_others(context: BotContext, outcome: pr.CastOutcome, query: CallbackQuery) -> None:
    """Members whose vote for a unit was replaced (or whose proxy ended) hear it privately."""
    poll = outcome.poll
    if poll is None:
        return
    user = query.from_user
    by = signed_name(user)
    for notice in outcome.notices:
        try:
            await send_private(
                context.bot, notice.user_id, notice_text(poll, notice, outcome.choice, by)
            )
        except TelegramError:
            continue  # a note that cannot be delivered never undoes the stored vote


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
    about = await context.polls.votes.group_reason(org.id, poll_number(args[0]) if args else None)
    body = command_body(message).split(maxsplit=1)
    if not about.secret or len(body) < 2:  # a bare command holds no reason to hide
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
        return
    try:
        await message.delete()
        deleted = True
    except TelegramError as exc:
        log.info("could not delete a reason typed in group %s: %s", chat.id, exc)
        deleted = False
    outcome = board_texts.REASON_USAGE
    poll = about.poll
    if poll is not None and len(body) > 1:
        try:
            await context.polls.votes.give_reason(poll, user.id, body[1].strip(), now_utc())
            outcome = board_texts.reason_saved(poll.id, poll.secret)
        except PollInputError as exc:
            outcome = exc.message
    text = board_texts.reason_removed_from_group(deleted, outcome)
    if not await send_private(context.bot, user.id, text) and not deleted:
        await message.reply_text(board_texts.REASON_PRIVATE_ONLY)
