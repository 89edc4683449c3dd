"""Commands that act on one poll (/sluit, /herinner, /intrekken, /opkomst, /export, /uitslag):
one table says who may use each and on which polls. Typed with a number they act at once;
without one they list the polls as buttons (see `common.resolve_poll`), and a press here runs
the same action with the same checks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from telegram import Update

from bot.context import BotContext
from bot.handlers.polls import board_tools, results
from bot.handlers.polls.common import check_poll, resolve_poll
from bot.polls import records as pr
from bot.texts import board as board_texts
from bot.texts import votes as vote_texts

Action = Callable[[Update, BotContext, pr.PollRecord], Awaitable[None]]


@dataclass(frozen=True)
class Pick:
    action: Action
    board: bool
    usage: str
    open_only: bool = False
    allow_withdrawn: bool = False


PICKS: dict[str, Pick] = {
    "sluit": Pick(board_tools.ask_close, True, board_texts.CLOSE_USAGE, open_only=True),
    "herinner": Pick(board_tools.remind, True, board_texts.REMIND_USAGE, open_only=True),
    "intrekken": Pick(board_tools.ask_withdraw, True, board_texts.WITHDRAW_USAGE),
    "opkomst": Pick(results.show_turnout, True, board_texts.TURNOUT_USAGE),
    "export": Pick(results.send_export, True, board_texts.EXPORT_USAGE, allow_withdrawn=True),
    "uitslag": Pick(results.show_result, False, board_texts.RESULT_USAGE),
}


def command(name: str) -> Callable[[Update, BotContext], Coroutine[Any, Any, None]]:
    """The /<name> handler: the poll its number names (or buttons to choose), then the action."""
    pick = PICKS[name]

    async def handle(update: Update, context: BotContext) -> None:
        poll = await resolve_poll(
            update,
            context,
            context.args or [],
            board=pick.board,
            usage=pick.usage,
            open_only=pick.open_only,
            command=name,
            allow_withdrawn=pick.allow_withdrawn,
        )
        if poll is not None:
            await pick.action(update, context, poll)

    handle.__name__ = f"{name}_command"
    return handle


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
