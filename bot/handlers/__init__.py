"""Every handler of the bot, registered here and only here, in the order PTB tries them.

Groups run in ascending order and in each group the first matching handler wins:
- INBOX: skip an update handled before; mark the one being handled (bot.delivery.handling);
- GATE: stop updates from chats the operator did not allow;
- TRACK: remember chats and users, move stored ids when a group becomes a supergroup;
- MAIN: commands (from the table in `menu`), `/start` deep links, buttons, uploaded files and
  the guided conversations (which stop further handling of the text they consume);
- TEXT_FALLBACK: any other text is a question for the knowledge base (and group messages pass
  the competition-law guard).
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks
from bot.context import BotApp, BotContext, Services
from bot.delivery.handling import begin_update
from bot.handlers import basic, knowledge, menu
from bot.handlers.agenda import meetings
from bot.handlers.polls import roster, votes


class Group(IntEnum):
    INBOX = -3
    GATE = -2
    TRACK = -1
    MAIN = 0
    TEXT_FALLBACK = 10


def _start_link(
    link: callbacks.DeepLink, callback: menu.Callback
) -> CommandHandler[BotContext, None]:
    return CommandHandler("start", callback, filters.Regex(link.pattern))


def register(application: BotApp, services: Services) -> None:
    add = application.add_handler
    add(TypeHandler(Update, begin_update), group=Group.INBOX)
    add(TypeHandler(Update, basic.gate_allowed_chats), group=Group.GATE)
    add(MessageHandler(filters.StatusUpdate.MIGRATE, basic.migrate_chat), group=Group.TRACK)
    add(TypeHandler(Update, basic.track_chats), group=Group.TRACK)

    # Deep links first: each payload has its own /start entry point.
    add(_start_link(callbacks.REGISTER_LINK, roster.register_start))
    add(_start_link(callbacks.GUIDED_MANDATE_LINK, roster.guided_mandate_start))
    add(_start_link(callbacks.SCAN_LINK, votes.scan_start))
    add(_start_link(callbacks.FOLLOW_LINK, meetings.follow_start))
    for spec in menu.COMMANDS:
        add(CommandHandler(spec.name, spec.callback))

    buttons: list[tuple[callbacks.Route, menu.Callback]] = [
        (callbacks.VOTE, votes.vote_button),
        (callbacks.SCAN, votes.scan_button),
        (callbacks.MEMBER_DECISION, roster.member_decision),
        (callbacks.GUIDED_MANDATE, roster.guided_button),
        (callbacks.CHOOSE_ORG, roster.choose_org_button),
        (callbacks.AGENDA_CANCEL, meetings.cancel_button),
        (callbacks.AGENDA_SUBSCRIBE, meetings.subscribe_button),
        (callbacks.AGENDA_UNSUBSCRIBE, meetings.unsubscribe_button),
        (callbacks.AGENDA_FOLLOW, meetings.follow_button),
        (callbacks.AGENDA_UNFOLLOW, meetings.unfollow_button),
        (callbacks.KNOWLEDGE_ENTRY, knowledge.entry_button),
        (callbacks.KNOWLEDGE_SUGGEST, knowledge.entry_button),
        (callbacks.KNOWLEDGE_BROWSE, knowledge.browse_button),
        (callbacks.KNOWLEDGE_MORE, knowledge.more_button),
    ]
    for route, callback in buttons:
        add(CallbackQueryHandler(callback, pattern=route.pattern))
    add(CallbackQueryHandler(basic.unknown_button))
    add(InlineQueryHandler(knowledge.inline_query))

    add(MessageHandler(filters.Document.FileExtension("csv"), roster.roster_document))
    add(
        MessageHandler(
            filters.Document.FileExtension("ics") | filters.Document.MimeType("text/calendar"),
            meetings.ics_document,
        )
    )
    add(
        MessageHandler(
            filters.TEXT
            & ~filters.COMMAND
            & filters.ChatType.PRIVATE
            & roster.InConversation(services.polls),
            roster.conversation_text,
        )
    )

    text = filters.TEXT & ~filters.COMMAND
    add(MessageHandler(text & filters.ChatType.GROUPS, knowledge.group_text), Group.TEXT_FALLBACK)
    add(
        MessageHandler(text & filters.ChatType.PRIVATE, knowledge.private_text),
        Group.TEXT_FALLBACK,
    )
    application.add_error_handler(basic.on_error)
