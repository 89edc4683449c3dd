"""Starting polls: /mandaat (one line, or guided in private without text), /peiling, /scan.

A poll started in a group is posted there; one started in private goes to the organisation's
main group, and the board member is told where it went.
"""

from __future__ import annotations

from telegram import Chat, Message, Update, User

from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls import guided
from bot.handlers.polls.common import command_body, command_organisation, escape
from bot.jobs import polls as polls_jobs
from bot.polls import records as pr
from bot.polls.mandate_command import (
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.rules import PollInputError
from bot.texts import board as board_texts
from bot.texts import votes as vote_texts


async def _starting(
    update: Update, context: BotContext, command: str
) -> tuple[Message, Chat, User, pr.Organisation] | None:
    """What every poll-starting command checks first; None once the user has been told why not."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return None
    org = await command_organisation(update, context, board=True, command=command)
    if org is None:
        return None
    return message, chat, user, org


def _poll_chat(chat: Chat, org: pr.Organisation) -> int:
    """A poll started in private is posted in the organisation's main group."""
    chat_id = chat.id if chat.type != Chat.PRIVATE else org.main_chat
    assert chat_id is not None
    return chat_id


async def _announce_started(
    context: BotContext,
    message: Message,
    chat: Chat,
    org: pr.Organisation,
    poll: pr.PollRecord,
) -> None:
    """Posts the new poll; a board member who started it in private is told where it went."""
    await polls_jobs.post_poll(context.application, poll)
    if chat.type == Chat.PRIVATE:
        await message.reply_text(board_texts.poll_posted_elsewhere(poll.id, escape(org.name)))


async def mandate_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "mandaat")
    if started is None:
        return
    message, chat, user, org = started
    if not command_body(message):
        await guided.start_guided_mandate(update, context, org)
        return
    request = parse_mandate_command(
        message.text or "",
        now_utc(),
        context.settings.tz,
        default_unit=org.voting_unit,
    )
    poll = await context.polls.votes.create_mandate(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def poll_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "peiling")
    if started is None:
        return
    message, chat, user, org = started
    request = parse_poll_command(message.text or "", now_utc(), context.settings.tz)
    poll = await context.polls.votes.create_quick_poll(
        org, request, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)


async def scan_command(update: Update, context: BotContext) -> None:
    started = await _starting(update, context, "scan")
    if started is None:
        return
    message, chat, user, org = started
    body = command_body(message)
    closes = None
    if body:
        try:
            closes = parse_closing_moment(body, now_utc(), context.settings.tz)
        except PollInputError as exc:  # the error handler replies with it
            raise PollInputError(f"{exc.message}\n\n{vote_texts.SCAN_USAGE}") from exc
    poll = await context.polls.votes.create_scan(
        org, closes, _poll_chat(chat, org), user.id, now_utc()
    )
    await _announce_started(context, message, chat, org, poll)
