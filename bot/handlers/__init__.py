"""Every handler of the bot, registered here and only here, in the order PTB tries them.

Groups run in ascending order and in each group the first matching handler wins:
- INBOX: skip an update handled before; mark the one being handled (bot.delivery.handling);
- GATE: stop updates from chats the operator did not allow;
- ROLES: refuse board and operator commands and buttons to others (table in `bot.permissions`);
- TRACK: remember chats and users, move stored ids when a group becomes a supergroup;
- MAIN: commands (from the table in `menu`), `/start` deep links, buttons, uploaded files,
  the guided conversations (which stop further handling of the text they consume) and the
  greeting when the bot is added to a group (`my_chat_member`, after the gate: a group the
  operator did not allow is told so and left instead);
- TEXT_FALLBACK: any other text is a question for the knowledge base (and group messages pass
  the competition-law guard).
"""

from __future__ import annotations

from enum import IntEnum

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot import callbacks
from bot.context import BotApp, BotContext, Services
from bot.delivery.handling import begin_update
from bot.handlers import basic, knowledge, menu, privacy
from bot.handlers.agenda import calendar_files, follow, meetings, schedules
from bot.handlers.polls import (
    board_tools,
    conversation,
    guided,
    orgs,
    outcome,
    picker,
    registration,
    results,
    roster,
    roster_files,
    scan,
    vote,
)


class Group(IntEnum):
    INBOX = -4
    GATE = -3
    ROLES = -2
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
    add(TypeHandler(Update, basic.gate_roles), group=Group.ROLES)
    add(MessageHandler(filters.StatusUpdate.MIGRATE, basic.migrate_chat), group=Group.TRACK)
    add(TypeHandler(Update, basic.track_chats), group=Group.TRACK)

    # Deep links first: each payload has its own /start entry point.
    add(_start_link(callbacks.REGISTER_LINK, registration.register_start))
    add(_start_link(callbacks.GUIDED_MANDATE_LINK, guided.guided_mandate_start))
    add(_start_link(callbacks.SCAN_LINK, scan.scan_start))
    add(_start_link(callbacks.FOLLOW_LINK, follow.follow_start))
    add(_start_link(callbacks.VOTE_LINK, calendar_files.vote_start))
    for spec in menu.COMMANDS:
        add(CommandHandler(spec.name, spec.callback))
    # Only reached when no command above matched: a group handles one handler per update.
    add(MessageHandler(filters.COMMAND & filters.UpdateType.MESSAGE, menu.unknown_command))

    buttons: list[tuple[callbacks.Route, menu.Callback]] = [
        (callbacks.VOTE, vote.vote_button),
        (callbacks.VOTE_CONFIRM, vote.confirm_button),
        (callbacks.VOTE_KEEP, vote.keep_button),
        (callbacks.SCAN, scan.scan_button),
        (callbacks.SCAN_BACK, scan.scan_back_button),
        (callbacks.MEMBER_DECISION, roster.member_decision),
        (callbacks.ROSTER_REMOVE_LIST, roster_files.remove_list_button),
        (callbacks.ROSTER_REMOVE_ASK, roster_files.remove_ask_button),
        (callbacks.ROSTER_REMOVE, roster_files.remove_button),
        (callbacks.ROSTER_REPLACE, roster_files.replace_button),
        (callbacks.GUIDED_MANDATE, guided.guided_button),
        (callbacks.GUIDED_KIND, guided.guided_kind_button),
        (callbacks.VOTE_SHOW, results.vote_show_button),
        (callbacks.POLL_PICK, picker.poll_picked),
        (callbacks.POLL_CONFIRM, board_tools.poll_confirm_button),
        (callbacks.MOVE_CONFIRM, board_tools.move_confirm_button),
        (callbacks.OUTCOME_CONFIRM, outcome.outcome_confirm_button),
        (callbacks.CHOOSE_ORG, roster.choose_org_button),
        (callbacks.UNLINK_CONFIRM, orgs.unlink_button),
        (callbacks.AGENDA_CANCEL, meetings.cancel_button),
        (callbacks.AGENDA_CANCEL_AT, meetings.cancel_at_button),
        (callbacks.AGENDA_CANCEL_SCOPE, meetings.cancel_scope_button),
        (callbacks.AGENDA_CANCEL_KEEP, meetings.cancel_keep_button),
        (callbacks.AGENDA_CHOOSE, meetings.choose_button),
        (callbacks.AGENDA_DUPLICATE, meetings.duplicate_button),
        (callbacks.AGENDA_MOVE, meetings.move_button),
        (callbacks.AGENDA_REMOVED, calendar_files.removed_button),
        (callbacks.AGENDA_SHOW, calendar_files.agenda_button),
        (callbacks.AGENDA_ICS, calendar_files.ics_button),
        (callbacks.AGENDA_SUBSCRIBE, schedules.subscribe_button),
        (callbacks.AGENDA_UNSUBSCRIBE, schedules.unsubscribe_button),
        (callbacks.AGENDA_FOLLOW, follow.follow_button),
        (callbacks.AGENDA_UNFOLLOW, follow.unfollow_button),
        (callbacks.KNOWLEDGE_ENTRY, knowledge.entry_button),
        (callbacks.KNOWLEDGE_SUGGEST, knowledge.suggest_button),
        (callbacks.KNOWLEDGE_RATE, knowledge.rate_button),
        (callbacks.KNOWLEDGE_BROWSE, knowledge.browse_button),
        (callbacks.KNOWLEDGE_MORE, knowledge.more_button),
        (callbacks.FORGET, privacy.forget_button),
    ]
    for route, callback in buttons:
        add(CallbackQueryHandler(callback, pattern=route.pattern))
    add(CallbackQueryHandler(basic.unknown_button))
    add(ChatMemberHandler(basic.bot_added, ChatMemberHandler.MY_CHAT_MEMBER))
    add(InlineQueryHandler(knowledge.inline_query))

    roster_file: filters.BaseFilter = filters.Document.FileExtension("csv")
    for extension in ("txt", "tsv", "xlsx", "xls", "xlsm"):
        roster_file = roster_file | filters.Document.FileExtension(extension)
    add(MessageHandler(roster_file, roster_files.roster_document))
    add(
        MessageHandler(
            filters.Document.FileExtension("ics") | filters.Document.MimeType("text/calendar"),
            calendar_files.ics_document,
        )
    )
    add(
        MessageHandler(
            filters.TEXT
            & ~filters.COMMAND
            & filters.ChatType.PRIVATE
            & conversation.InConversation(services.polls.conversations),
            conversation.conversation_text,
        )
    )

    text = filters.TEXT & ~filters.COMMAND
    add(MessageHandler(text & filters.ChatType.GROUPS, knowledge.group_text), Group.TEXT_FALLBACK)
    add(
        MessageHandler(text & filters.ChatType.PRIVATE, knowledge.private_text),
        Group.TEXT_FALLBACK,
    )
    application.add_error_handler(basic.on_error)
