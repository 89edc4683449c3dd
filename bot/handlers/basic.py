"""What every chat gets regardless of feature: the allowed-chats gate, chat tracking, supergroup
migration, the greeting when the bot is added to a group, /start without a payload, unknown
buttons and the error handler."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import traceback

from telegram import Chat, ChatMember, ChatMemberRestricted, Message, Update
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot import permissions
from bot.context import BotContext
from bot.errors import UserFacingError
from bot.html_check import HtmlParseError, check_html
from bot.logsetup import redact
from bot.texts import common as texts
from bot.texts import ops as ops_texts

log = logging.getLogger(__name__)


async def gate_allowed_chats(update: Update, context: BotContext) -> None:
    """Stops every handler for group chats the operator did not allow; the group hears why,
    once, and the bot leaves it (RAO_BOT_ALLOWED_CHATS)."""
    allowed = context.settings.allowed_chats
    chat = update.effective_chat
    if allowed and chat is not None and chat.type != Chat.PRIVATE and chat.id not in allowed:
        left: set[int] = context.bot_data.left_chats
        change = update.my_chat_member
        if change is not None:
            if not _in_chat(change.new_chat_member):
                raise ApplicationHandlerStop  # removed (or left): there is no one to tell
            left.discard(chat.id)  # added again after it left: say why and leave again
        if chat.id not in left:
            left.add(chat.id)
            try:
                await context.bot.send_message(chat.id, texts.NOT_ALLOWED_CHAT)
                await context.bot.leave_chat(chat.id)
                log.info("left group %s: not in RAO_BOT_ALLOWED_CHATS", chat.id)
            except TelegramError as exc:
                log.warning("could not leave group %s: %s", chat.id, exc)
        raise ApplicationHandlerStop


_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:@(?P<bot>\w+))?(?:\s|$)")


async def gate_roles(update: Update, context: BotContext) -> None:
    """Enforces the board and operator rows of `bot.permissions` before any handler runs, so a
    refused command or button gets one short reply and changes nothing."""
    query, message = update.callback_query, update.effective_message
    if query is not None:
        role = permissions.button_role(query.data or "")
        if role is None:
            return  # no route: basic.unknown_button answers it
        chat = query.message.chat if isinstance(query.message, Message) else None
        if not await permissions.has_role(context, chat, query.from_user, role):
            await query.answer(_refusal(role, chat), show_alert=True)
            raise ApplicationHandlerStop
        return
    if message is None or not message.text:
        return
    match = _COMMAND.match(message.text)
    if match is None:
        return
    addressed = match.group("bot")
    if addressed is not None and addressed.lower() != (context.bot.username or "").lower():
        return  # a command for another bot in the group
    role = permissions.command_role(match.group("name"))
    if not await permissions.has_role(context, update.effective_chat, update.effective_user, role):
        await message.reply_text(_refusal(role, update.effective_chat))
        raise ApplicationHandlerStop


def _refusal(role: permissions.Role, chat: Chat | None) -> str:
    """One short sentence. In private the bot knows the board only through its groups, so a
    board member who never used it there is told where to start, not that they are not board."""
    if role is permissions.Role.OPERATOR:
        return texts.OPERATOR_ONLY
    if chat is not None and chat.type == Chat.PRIVATE:
        return texts.BOARD_ONLY_PRIVATE
    return texts.BOARD_ONLY


async def track_chats(update: Update, context: BotContext) -> None:
    """Remembers every chat and every user who writes in private, once, for all features.

    On Telegram, writing to the bot in private is starting it: from then on the bot may send
    that user private messages (reminders, vote nudges)."""
    chat, user, message = update.effective_chat, update.effective_user, update.effective_message
    if chat is None:
        return
    if user is not None and user.username:
        await context.chats.seen_username(user.id, user.username, user.full_name)
    if chat.type == Chat.PRIVATE:
        if user is not None and message is not None:
            await context.chats.seen_user(user.id, user.first_name, user.username, started=True)
    elif message is not None or update.my_chat_member is not None:
        await context.chats.seen_chat(chat.id, chat.type, chat.title)


async def migrate_chat(update: Update, context: BotContext) -> None:
    """A group upgraded to a supergroup gets a new id; stored rows follow it. Telegram sends
    both a `migrate_to_chat_id` (old chat) and a `migrate_from_chat_id` (new chat) message;
    moving is idempotent, so whichever arrives first does it."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id is not None:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id is not None:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    await context.chats.migrated(old, new)
    log.info("chat %s migrated to supergroup %s", old, new)
    raise ApplicationHandlerStop


def _in_chat(member: ChatMember) -> bool:
    """Whether this status means being in the chat; a restricted member still is."""
    if isinstance(member, ChatMemberRestricted):
        return member.is_member
    return member.status in (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER)


async def bot_added(update: Update, context: BotContext) -> None:
    """Telegram tells the bot when its own status in a chat changes (`my_chat_member`). Added
    to a group, the bot says what it is and gives the first steps at once: whoever added it is
    normally the group's administrator, so the board, and until then the bot said nothing.
    A promotion says nothing; removed, the bot could not say anything."""
    change = update.my_chat_member
    if change is None or change.chat.type not in (Chat.GROUP, Chat.SUPERGROUP):
        return
    if _in_chat(change.old_chat_member) or not _in_chat(change.new_chat_member):
        return
    await context.bot.send_message(change.chat.id, texts.WELCOME_GROUP + texts.FIRST_STEPS_BOARD)
    log.info("added to group %s by user %s", change.chat.id, change.from_user.id)


async def start(update: Update, context: BotContext) -> None:
    message, user, chat = update.effective_message, update.effective_user, update.effective_chat
    if message is None or user is None or chat is None:
        return
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.welcome_private(user.first_name))
    else:
        # A group's board starts here: what to do first, so the first vote has a roster.
        board = await permissions.is_board(context, chat, user)
        await message.reply_text(texts.WELCOME_GROUP + (texts.FIRST_STEPS_BOARD if board else ""))


async def unknown_button(update: Update, context: BotContext) -> None:
    """Buttons whose data fits no route (old messages, forged data) get an answer, not
    Telegram's endless spinner."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.UNKNOWN_BUTTON, show_alert=True)


def _secrets(context: BotContext) -> tuple[str, ...]:
    return (context.bot.token,)


async def _report_to_operator(update: object, context: BotContext) -> None:
    """PTB's errorhandlerbot pattern: the operator chat gets the failure with its update, so a
    volunteer operator sees problems without reading logs. Everything is redacted."""
    chat_id = context.settings.error_chat
    error = context.error
    if chat_id is None or error is None:
        return
    update_json = json.dumps(
        update.to_dict() if isinstance(update, Update) else str(update), ensure_ascii=False
    )
    trace = "".join(traceback.format_exception(None, error, error.__traceback__))
    secrets = _secrets(context)
    text = ops_texts.error_report(
        redact(f"{type(error).__name__}: {error}", secrets)[:300],
        redact(update_json, secrets)[:1500],
        redact(trace, secrets)[-1500:],
    )
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError:
        log.warning("could not send the error report to the operator chat")


async def on_error(update: object, context: BotContext) -> None:
    """A `UserFacingError` is the user's to fix: its Dutch message is the reply. Anything else
    is logged and the user hears that something went wrong, never how."""
    error = context.error
    if isinstance(error, (NetworkError, RetryAfter)):
        # Telegram or the network still failed after every retry (bot.delivery): an apology
        # would travel the same road, and after an unknown outcome the reply may have arrived.
        reason = redact(f"{type(error).__name__}: {error}", _secrets(context))
        log.warning("gave up on a reply: %s", reason)
        context.ops.record_error(reason)
        return
    user_facing = isinstance(error, UserFacingError)
    if not user_facing:
        log.error("error while handling an update", exc_info=error)
        context.ops.record_error(redact(f"{type(error).__name__}: {error}", _secrets(context)))
        await _report_to_operator(update, context)
    text = error.message if isinstance(error, UserFacingError) else texts.GENERIC_ERROR
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if update.callback_query is not None:
        # An alert shows plain text: the message's tags and entities would show as typed.
        with contextlib.suppress(HtmlParseError):
            text = check_html(text)
        with contextlib.suppress(TelegramError):
            await update.callback_query.answer(text[:190], show_alert=True)
        return
    message = update.effective_message
    if message is None:
        return
    try:
        if user_facing:
            await message.reply_text(text)
        else:
            await context.bot.send_message(update.effective_chat.id, text)
    except TelegramError:
        log.warning("could not tell chat %s about the error", update.effective_chat.id)
