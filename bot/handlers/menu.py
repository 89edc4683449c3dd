"""The one table of bot commands: each spec drives its `CommandHandler`, `/help` and the
command menus that Telegram shows, per scope (members in private and groups; the board's
commands only to group administrators)."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from rapidfuzz import fuzz, process
from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeDefault,
    Chat,
    Update,
)

from bot.context import BotApp, BotContext
from bot.handlers import basic, dashboard, knowledge, knowledge_board, operator, privacy
from bot.handlers.agenda import calendar_files, follow, meetings, schedules
from bot.handlers.polls import (
    board_tools,
    conversation,
    create,
    decisions,
    orgs,
    outcome,
    picker,
    proxy,
    registration,
    results,
    roster,
    vote,
)
from bot.permissions import Role, has_role, is_operator
from bot.texts import agenda as agenda_texts
from bot.texts import common as texts
from bot.texts import decisions as decision_texts
from bot.texts import knowledge as knowledge_texts
from bot.texts import ops as ops_texts
from bot.texts import poll_commands as polls_texts
from bot.texts import privacy as pv_texts
from bot.texts import proxies as proxy_texts
from bot.texts import vote_kinds as kind_texts
from bot.texts import web as web_texts

Callback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


class Section(IntEnum):
    """Order of the features in /help and in the menus."""

    BASICS = 0
    QUESTIONS = 1
    VOTES = 2
    AGENDA = 3


@dataclass(frozen=True)
class CommandSpec:
    name: str
    callback: Callback
    description: str  # Dutch, shown in the Telegram menu and in /help
    section: Section
    board_only: bool = False
    usage: str = ""
    operator_only: bool = False  # never in a menu; in /help for operators only


async def help_command(update: Update, context: BotContext) -> None:
    """Members see what they can do; the board list is shown to the board only, to keep it short."""
    message = update.effective_message
    if message is None:
        return
    lines = [texts.HELP_HEADER]
    lines += [texts.help_line(c.name, c.description) for c in MEMBER_COMMANDS]
    board_commands = [c for c in COMMANDS if c.board_only]
    if await is_operator(context, update.effective_user):
        board_commands += [c for c in COMMANDS if c.operator_only]
    # In private: the board of any group the bot knows (is_board alone is False there).
    if await has_role(context, update.effective_chat, update.effective_user, Role.BOARD):
        lines += ["", texts.HELP_BOARD_HEADER]
        lines += [texts.help_line(c.name, c.description) for c in board_commands]
    elif update.effective_chat is not None and update.effective_chat.type != Chat.PRIVATE:
        lines += ["", texts.HELP_BOARD_HINT_GROUP]
    else:
        lines += ["", texts.HELP_BOARD_HINT]
    lines += ["", kind_texts.HELP_SECRECY, "", texts.HELP_FOOTER]
    await message.reply_text("\n".join(lines))


SUGGEST_CUTOFF = 75  # "stemmignen" -> stemmingen, "vergadring" -> vergadering


async def unknown_command(update: Update, context: BotContext) -> None:
    """A command no handler took: in private (or addressed to this bot in a group) a typo
    deserves an answer, since silence reads as a broken bot. A bare unknown command in a group
    may be for another bot there, so it stays unanswered."""
    message = update.effective_message
    if message is None or not message.text:
        return
    word, _, _ = message.text[1:].partition(" ")
    name, _, addressed = word.partition("@")
    private = message.chat.type == Chat.PRIVATE
    if not private and addressed.lower() != (context.bot.username or "").lower():
        return
    names = [c.name for c in COMMANDS if not c.operator_only]
    if name.lower() in names:
        return  # a known command its handler chose not to take (e.g. a /start link)
    found = process.extractOne(name.lower(), names, scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    await message.reply_text(texts.unknown_command(found[0] if found else None))


def _specs() -> list[CommandSpec]:
    b, q, v, a = Section.BASICS, Section.QUESTIONS, Section.VOTES, Section.AGENDA
    pt, at, kt, xt = polls_texts, agenda_texts, knowledge_texts, proxy_texts
    dt = decision_texts
    return [
        CommandSpec("start", basic.start, texts.CMD_START, b),
        CommandSpec("help", help_command, texts.CMD_HELP, b),
        CommandSpec("mijngegevens", privacy.my_data_command, pv_texts.CMD_MY_DATA, b),
        CommandSpec("vergeetmij", privacy.forget_command, pv_texts.CMD_FORGET, b),
        CommandSpec("status", operator.status_command, ops_texts.CMD_STATUS, b, operator_only=True),
        CommandSpec("vraag", knowledge.ask_command, kt.CMD_ASK, q, usage="/vraag <vraag>"),
        CommandSpec("v", knowledge.ask_command, kt.CMD_ASK_SHORT, q),
        CommandSpec("begrippen", knowledge.browse_command, kt.CMD_BROWSE, q),
        CommandSpec(
            "acmwacht",
            knowledge_board.guard_command,
            kt.CMD_GUARD,
            q,
            board_only=True,
            usage="/acmwacht [log|regel] aan|uit",
        ),
        CommandSpec("acmlog", knowledge_board.acmlog_command, kt.CMD_ACMLOG, q, board_only=True),
        CommandSpec(
            "onbeantwoord",
            knowledge_board.unanswered_command,
            kt.CMD_UNANSWERED,
            q,
            board_only=True,
        ),
        CommandSpec("herlaad", knowledge_board.reload_command, kt.CMD_RELOAD, q, board_only=True),
        CommandSpec("aanmelden", registration.register_command, pt.CMD_AANMELDEN, v),
        CommandSpec("stemmingen", results.list_command, pt.CMD_STEMMINGEN, v),
        CommandSpec("uitslag", picker.command("uitslag"), pt.CMD_UITSLAG, v, usage="/uitslag <nr>"),
        CommandSpec("besluiten", decisions.decisions_command, dt.CMD_BESLUITEN, v),
        CommandSpec(
            "toelichting",
            vote.reason_command,
            pt.CMD_TOELICHTING,
            v,
            usage="/toelichting <nr> <tekst>",
        ),
        CommandSpec(
            "volmacht",
            proxy.proxy_command,
            xt.CMD_VOLMACHT,
            v,
            usage="/volmacht <nr> @gebruiker",
        ),
        CommandSpec("stop", conversation.cancel_command, pt.CMD_STOP, v),
        CommandSpec("organisatie", orgs.organisation_command, pt.CMD_ORGANISATIE, v),
        CommandSpec("mandaat", create.mandate_command, pt.CMD_MANDAAT, v, board_only=True),
        CommandSpec("peiling", create.poll_command, pt.CMD_PEILING, v, board_only=True),
        CommandSpec("scan", create.scan_command, pt.CMD_SCAN, v, board_only=True),
        CommandSpec("sluit", picker.command("sluit"), pt.CMD_SLUIT, v, board_only=True),
        CommandSpec("intrekken", picker.command("intrekken"), pt.CMD_INTREKKEN, v, board_only=True),
        CommandSpec(
            "verleng",
            board_tools.move_command,
            pt.CMD_VERLENG,
            v,
            board_only=True,
            usage="/verleng <nr> <moment>",
        ),
        CommandSpec("herinner", picker.command("herinner"), pt.CMD_HERINNER, v, board_only=True),
        CommandSpec("opkomst", picker.command("opkomst"), pt.CMD_OPKOMST, v, board_only=True),
        CommandSpec("uitkomst", outcome.outcome_command, pt.CMD_UITKOMST, v, board_only=True),
        CommandSpec("export", picker.command("export"), pt.CMD_EXPORT, v, board_only=True),
        CommandSpec("wijzig", board_tools.edit_command, pt.CMD_WIJZIG, v, board_only=True),
        CommandSpec("volmachten", proxy.cap_command, xt.CMD_VOLMACHTEN, v, board_only=True),
        CommandSpec("leden", roster.members_command, pt.CMD_LEDEN, v, board_only=True),
        CommandSpec("stemwijze", roster.unit_command, pt.CMD_STEMWIJZE, v, board_only=True),
        CommandSpec("koppelcode", orgs.link_code_command, pt.CMD_KOPPELCODE, v, board_only=True),
        CommandSpec(
            "koppel", orgs.link_command, pt.CMD_KOPPEL, v, board_only=True, usage="/koppel <code>"
        ),
        CommandSpec("ontkoppel", orgs.unlink_command, pt.CMD_ONTKOPPEL, v, board_only=True),
        CommandSpec("dashboard", dashboard.dashboard_command, web_texts.CMD_DASHBOARD, v),
        CommandSpec(
            "agendalink",
            dashboard.agendalink_command,
            web_texts.CMD_AGENDALINK,
            a,
            board_only=True,
            usage="/agendalink [vernieuw]",
        ),
        CommandSpec("agenda", calendar_files.agenda_command, at.CMD_AGENDA, a),
        CommandSpec("ics", calendar_files.ics_command, at.CMD_ICS, a),
        CommandSpec("volg", follow.follow_command, at.CMD_FOLLOW, a),
        CommandSpec("ontvolg", follow.unfollow_command, at.CMD_UNFOLLOW, a),
        CommandSpec(
            "vergadering",
            meetings.meeting_command,
            at.CMD_MEETING,
            a,
            board_only=True,
            usage=at.USAGE_MEETING,
        ),
        CommandSpec("annuleer", meetings.cancel_command, at.CMD_CANCEL, a, board_only=True),
        CommandSpec(
            "verplaats",
            meetings.move_command,
            at.CMD_MOVE,
            a,
            board_only=True,
            usage=at.USAGE_MOVE,
        ),
        CommandSpec(
            "vergaderduur",
            schedules.duration_command,
            at.CMD_DURATION,
            a,
            board_only=True,
            usage=at.USAGE_DURATION,
        ),
        CommandSpec("abonneer", schedules.subscribe_command, at.CMD_SUBSCRIBE, a, board_only=True),
        CommandSpec(
            "opzeggen", schedules.unsubscribe_command, at.CMD_UNSUBSCRIBE, a, board_only=True
        ),
        CommandSpec(
            "herinneringen",
            schedules.leads_command,
            at.CMD_LEADS,
            a,
            board_only=True,
            usage=at.USAGE_LEADS,
        ),
    ]


COMMANDS: list[CommandSpec] = sorted(_specs(), key=lambda c: c.section)
MEMBER_COMMANDS = [c for c in COMMANDS if not c.board_only and not c.operator_only]


def menus() -> list[tuple[BotCommandScope, list[BotCommand]]]:
    """Members' commands for private chats, groups and the default; administrators of a group
    see the board's commands too."""
    members = [BotCommand(c.name, c.description) for c in MEMBER_COMMANDS]
    board = [BotCommand(c.name, c.description) for c in COMMANDS if not c.operator_only]
    return [
        (BotCommandScopeDefault(), members),
        (BotCommandScopeAllPrivateChats(), members),
        (BotCommandScopeAllGroupChats(), members),
        (BotCommandScopeAllChatAdministrators(), board),
    ]


async def set_menus(application: BotApp) -> None:
    for scope, commands in menus():
        await application.bot.set_my_commands(commands, scope=scope)
