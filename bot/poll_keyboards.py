"""The buttons of the voting feature: vote buttons, the scan's link and its statement prompts.

Telegram markup shared by the handlers and the jobs (which post and remind), so it lives
outside both.
"""

from __future__ import annotations

import html

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.polls import records as pr
from bot.polls.maturity import DONT_KNOW, SCALE, STATEMENTS
from bot.polls.purpose import Purpose
from bot.texts import guided as guided_texts
from bot.texts import scan as scan_texts
from bot.texts import votes as vote_texts


def vote_keyboard(poll: pr.PollRecord) -> InlineKeyboardMarkup:
    buttons = [
        InlineKeyboardButton(label[:60], callback_data=callbacks.VOTE.data(poll.id, index))
        for index, label in enumerate(poll.options)
    ]
    if poll.kind is pr.StoredKind.MANDATE:
        return InlineKeyboardMarkup([buttons])
    return InlineKeyboardMarkup([[button] for button in buttons])


def scan_keyboard(poll: pr.PollRecord, bot_username: str) -> InlineKeyboardMarkup:
    url = create_deep_linked_url(bot_username, callbacks.SCAN_LINK.payload(poll.id))
    return InlineKeyboardMarkup([[InlineKeyboardButton(vote_texts.SCAN_BUTTON, url=url)]])


def poll_keyboard(poll: pr.PollRecord, bot_username: str) -> InlineKeyboardMarkup:
    """The buttons under a poll's group message."""
    if poll.kind is pr.StoredKind.SCAN:
        return scan_keyboard(poll, bot_username)
    return vote_keyboard(poll)


def guided_confirm_keyboard(purpose: Purpose = Purpose.MANDATE) -> InlineKeyboardMarkup:
    """Post / stop, and a row to choose the kind (the chosen one ticked)."""
    kinds = [
        InlineKeyboardButton(
            ("✓ " if kind is purpose else "") + kind.label,
            callback_data=callbacks.GUIDED_KIND.data(kind.value),
        )
        for kind in (Purpose.MANDATE, Purpose.CONSULTATION, Purpose.GENERAL_MEETING)
    ]
    return InlineKeyboardMarkup(
        [
            kinds,
            [
                InlineKeyboardButton(
                    guided_texts.GUIDED_POST_BUTTON,
                    callback_data=callbacks.GUIDED_MANDATE.data("ok"),
                ),
                InlineKeyboardButton(
                    guided_texts.GUIDED_STOP_BUTTON,
                    callback_data=callbacks.GUIDED_MANDATE.data("stop"),
                ),
            ],
        ]
    )


_STATEMENTS = {statement.key: statement for statement in STATEMENTS}


def scan_prompt(
    poll: pr.PollRecord, answers: dict[str, int], after: int | None = None
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The next statement to answer: the first unanswered one, else the one after `after`
    (going through a completed scan again); None when the member is done."""
    index = next((i for i, key in enumerate(poll.options) if key not in answers), None)
    if index is None:
        index = 0 if after is None else after + 1
        if index >= len(poll.options):
            return None
    return scan_prompt_at(poll, answers, index)


def scan_prompt_at(
    poll: pr.PollRecord, answers: dict[str, int], index: int
) -> tuple[str, InlineKeyboardMarkup]:
    """Statement `index` with the scores 1-5, "weet ik niet" and (after the first) "vorige"."""
    key = poll.options[index]
    statement = _STATEMENTS[key]
    text = vote_texts.scan_statement_prompt(
        poll.id,
        index + 1,
        len(poll.options),
        html.escape(statement.text, quote=False),
        answers.get(key),
    )
    scores = [
        InlineKeyboardButton(str(score), callback_data=callbacks.SCAN.data(poll.id, index, score))
        for score in SCALE
    ]
    extra = [
        InlineKeyboardButton(
            scan_texts.DONT_KNOW_BUTTON,
            callback_data=callbacks.SCAN.data(poll.id, index, DONT_KNOW),
        )
    ]
    if index > 0:
        back = callbacks.SCAN_BACK.data(poll.id, index - 1)
        extra.insert(0, InlineKeyboardButton(scan_texts.PREVIOUS_BUTTON, callback_data=back))
    return text, InlineKeyboardMarkup([scores, extra])
