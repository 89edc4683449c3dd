"""/uitkomst: what the board did with a closed vote. A first outcome is stored at once; one
that replaces an earlier outcome is asked first, with the old and the new text side by side,
since the old one disappears from /besluiten and the agenda. The typed text waits in
`PollsRuntime.pending` under a token the buttons carry.
"""

from __future__ import annotations

from telegram import Update

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls.board_tools import confirm_markup
from bot.handlers.polls.common import board_poll_press, command_body, escape, resolve_poll
from bot.polls import records as pr
from bot.polls.decisions import OutcomeInput, format_review
from bot.polls.outcome import PendingReplacement, RecordedOutcome, record_outcome
from bot.texts import board as board_texts
from bot.texts import decisions as texts


async def outcome_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    args = context.args or []
    if not args:
        await message.reply_text(board_texts.OUTCOME_USAGE)
        return
    poll = await resolve_poll(
        update, context, args[:1], board=True, usage=board_texts.OUTCOME_USAGE
    )
    if poll is None:
        return
    text = command_body(message).split(maxsplit=1)
    if len(text) < 2 or not text[1].strip():
        await message.reply_text(board_texts.outcome_usage_for(poll.id))
        return
    now = now_utc()
    given = context.polls.votes.read_outcome(poll, text[1].strip(), now)
    if poll.outcome is None:
        done = await record_outcome(context.polls.votes, context.agenda, poll, given, user.id, now)
        await _announce(context, poll, done)
        if chat.id != poll.chat_id:
            await message.reply_text(board_texts.outcome_saved(poll.id))
        return
    waiting = PendingReplacement(poll.id, poll.outcome, given)
    token = context.polls.pending.put(chat.id, waiting, now)
    markup = confirm_markup(
        texts.OUTCOME_REPLACE_YES,
        callbacks.OUTCOME_CONFIRM.data(poll.id, token, "ja"),
        callbacks.OUTCOME_CONFIRM.data(poll.id, token, "nee"),
    )
    ask = texts.outcome_replace_ask(
        poll.id,
        escape(poll.question),
        escape(poll.outcome),
        escape(given.statement),
        _review_note(context, poll, given),
    )
    await message.reply_text(ask, reply_markup=markup)


def _review_note(context: BotContext, poll: pr.PollRecord, given: OutcomeInput) -> str:
    tz = context.settings.tz
    if given.review is not None:
        return texts.ask_review_new(format_review(given.review, tz))
    if poll.review_date is None:
        return ""
    if given.drop_review:
        return texts.ASK_REVIEW_DROPPED
    return texts.ask_review_kept(format_review(poll.review_date, tz))


async def outcome_confirm_button(update: Update, context: BotContext) -> None:
    """The answer to "uitkomst vervangen?"."""
    found = await board_poll_press(update, context)
    if found is None or context.match is None:
        return
    query, message, poll = found
    now = now_utc()
    waiting = context.polls.pending.pop(
        context.match.group("token"), message.chat.id, PendingReplacement, now
    )
    if waiting is None or waiting.poll_id != poll.id:
        await message.edit_text(texts.outcome_ask_expired(poll.id))
        return
    if context.match.group("answer") == "nee":
        await message.edit_text(texts.outcome_replace_cancelled(poll.id))
        return
    if poll.outcome != waiting.old:  # another /uitkomst came after the question
        await message.edit_text(texts.outcome_changed_meanwhile(poll.id))
        return
    done = await record_outcome(
        context.polls.votes, context.agenda, poll, waiting.given, query.from_user.id, now
    )
    await _announce(context, poll, done)
    await message.edit_text(texts.outcome_replaced_done(poll.id))


async def _announce(context: BotContext, poll: pr.PollRecord, done: RecordedOutcome) -> None:
    """The outcome in the poll's group, saying whether it replaced one and what became of the
    review date."""
    posted = board_texts.outcome_posted(
        poll.id, escape(poll.question), escape(done.statement), replaced=done.replaced is not None
    )
    if done.replaced is not None:
        posted += "\n\n" + texts.previous_outcome(escape(done.replaced))
    tz = context.settings.tz
    if done.review is not None and done.review_change == "nieuw":
        posted += "\n\n" + texts.review_added(format_review(done.review, tz))
    elif done.review is not None and done.review_change == "blijft":
        posted += "\n\n" + texts.review_kept(format_review(done.review, tz))
    elif done.review_change == "vervallen":
        posted += "\n\n" + texts.REVIEW_DROPPED
    await context.bot.send_message(poll.chat_id, posted)
