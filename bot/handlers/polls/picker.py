"""A board command typed without a number lists the polls as buttons (see
`common.resolve_poll`); a press here runs the command for the chosen poll, with the same
checks as when the number was typed."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Update

from bot.context import BotContext
from bot.handlers.polls import board_tools, results
from bot.handlers.polls.common import check_poll
from bot.polls import records as pr
from bot.texts import votes as vote_texts

Action = Callable[[Update, BotContext, pr.PollRecord], Awaitable[None]]


@dataclass(frozen=True)
class Pick:
    action: Action
    board: bool
    open_only: bool = False
    allow_withdrawn: bool = False


PICKS: dict[str, Pick] = {
    "sluit": Pick(board_tools.ask_close, board=True, open_only=True),
    "herinner": Pick(board_tools.remind, board=True, open_only=True),
    "intrekken": Pick(board_tools.ask_withdraw, board=True),
    "opkomst": Pick(results.show_turnout, board=True),
    "export": Pick(results.send_export, board=True, allow_withdrawn=True),
    "uitslag": Pick(results.show_result, board=False),
}


async def poll_picked(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    pick = PICKS.get(context.match.group("command"))
    poll = await context.polls.votes.poll(int(context.match.group("poll")))
    if pick is None or poll is None:
        await query.answer(vote_texts.VOTE_UNKNOWN_POLL, show_alert=True)
        return
    await query.answer()
    if await check_poll(
        update,
        context,
        poll,
        board=pick.board,
        open_only=pick.open_only,
        allow_withdrawn=pick.allow_withdrawn,
    ):
        await pick.action(update, context, poll)
