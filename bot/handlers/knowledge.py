"""Questions, browsing, inline mode, reloading and the competition-law guard in groups."""

from __future__ import annotations

import html
import logging
from datetime import UTC, datetime, timedelta

from telegram import (
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InputTextMessageContent,
    Message,
    MessageEntity,
    Update,
)
from telegram.error import BadRequest

from bot.assembly import build_knowledge
from bot.context import BotContext
from bot.handlers.common import edit_or_reply
from bot.html_check import check_html as check_plain
from bot.knowledge.guard import assess
from bot.knowledge.loader import Knowledge, KnowledgeError
from bot.knowledge.replies import (
    BROWSE_CALLBACK,
    ENTRY_CALLBACK,
    MORE_CALLBACK,
    Reply,
    browse_reply,
    entry_reply,
    extra_html,
    more_html,
    result_reply,
)
from bot.permissions import is_board, is_operator
from bot.texts import common as common_texts
from bot.texts import knowledge as texts

log = logging.getLogger(__name__)
GUARD_QUIET = timedelta(minutes=30)
SUGGEST_CALLBACK = "ks:"


def _knowledge(context: BotContext) -> Knowledge:
    knowledge = context.knowledge
    assert knowledge is not None, "knowledge is loaded at start-up"
    return knowledge


def _markup(reply: Reply, prefix_map: dict[str, str] | None = None) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    rows = [
        [InlineKeyboardButton(label[:64], callback_data=data) for label, data in row]
        for row in reply.buttons
    ]
    return InlineKeyboardMarkup(rows)


async def _answer_question(message: Message, context: BotContext, query: str) -> None:
    knowledge = _knowledge(context)
    result = knowledge.index.search(query)
    reply = result_reply(knowledge, result)
    if result.outcome == "suggest":
        reply = Reply(
            reply.html,
            [
                [(label, SUGGEST_CALLBACK + data.removeprefix(ENTRY_CALLBACK))]
                for [(label, data)] in reply.buttons
            ],
        )
    await message.reply_text(reply.html, reply_markup=_markup(reply))


async def ask_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(texts.ASK_USAGE)
        return
    await _answer_question(message, context, query)


async def private_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await _answer_question(message, context, message.text)


def _addressed_text(message: Message, bot_username: str, bot_id: int) -> str | None:
    """The question in a group message that mentions the bot or replies to it, else None."""
    text = message.text or ""
    mention = f"@{bot_username}".lower()
    mentioned = (
        any(
            entity.type == MessageEntity.MENTION
            and text[entity.offset : entity.offset + entity.length].lower() == mention
            for entity in message.entities
        )
        or mention in text.lower()
    )
    replied = (
        message.reply_to_message is not None
        and message.reply_to_message.from_user is not None
        and message.reply_to_message.from_user.id == bot_id
    )
    if not mentioned and not replied:
        return None
    cleaned = " ".join(w for w in text.split() if w.lower() != mention)
    return cleaned.strip()


async def group_text(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    if message.from_user is None or message.from_user.is_bot:
        return
    question = _addressed_text(message, context.bot.username, context.bot.id)
    if question is not None:
        if question:
            await _answer_question(message, context, question)
        else:
            await message.reply_text(texts.ASK_USAGE)
        return
    await _guard(message, chat, context)


async def _guard(message: Message, chat: Chat, context: BotContext) -> None:
    verdict = assess(message.text or "")
    if not verdict.risky:
        return
    storage = context.storage
    if not await storage.knowledge.claim_guard_warning(chat.id, datetime.now(UTC), GUARD_QUIET):
        return
    knowledge = _knowledge(context)
    rule = knowledge.entries.get(verdict.rule or "")
    title = html.escape(rule.title, quote=False) if rule else ""
    markup = None
    if rule is not None:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        texts.GUARD_RULE_BUTTON, callback_data=ENTRY_CALLBACK + rule.id
                    )
                ]
            ]
        )
    signal = texts.GUARD_SIGNALS[verdict.signal or "prices"]
    await message.reply_text(
        texts.GUARD_WARNING.format(signal=signal, rule=title), reply_markup=markup
    )


async def entry_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    knowledge = _knowledge(context)
    in_place = query.data.startswith(SUGGEST_CALLBACK)
    entry_id = query.data.split(":", 1)[1]
    entry = knowledge.entries.get(entry_id)
    if entry is not None:
        reply = entry_reply(knowledge, entry)
    elif entry_id in knowledge.extra:
        reply = Reply(extra_html(knowledge, entry_id))
    else:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    await query.answer()
    message = query.message
    if isinstance(message, Message):
        if in_place:
            await edit_or_reply(message, reply.html, _markup(reply))
        else:
            await message.reply_text(reply.html, reply_markup=_markup(reply))


async def more_button(update: Update, context: BotContext) -> None:
    """ "Meer": the caveats of an entry, as a reply under the answer."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    entry = _knowledge(context).entries.get(query.data.removeprefix(MORE_CALLBACK))
    if entry is None or not entry.details:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.reply_text(more_html(entry))


async def browse_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    reply = browse_reply(_knowledge(context), 1)
    await message.reply_text(reply.html, reply_markup=_markup(reply))


async def browse_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or query.data is None:
        return
    try:
        page = int(query.data.removeprefix(BROWSE_CALLBACK))
    except ValueError:
        await query.answer()
        return
    await query.answer()
    reply = browse_reply(_knowledge(context), page)
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(reply.html, reply_markup=_markup(reply))
        except BadRequest:
            log.debug("browse page unchanged")


async def inline_query(update: Update, context: BotContext) -> None:
    query = update.inline_query
    if query is None:
        return
    knowledge = _knowledge(context)
    results: list[InlineQueryResultArticle] = []
    for hit in knowledge.index.top(query.query, limit=10) if query.query.strip() else []:
        entry = knowledge.entries.get(hit.id)
        if entry is not None:
            body, description = entry_reply(knowledge, entry).html, entry.answer[:120]
        elif hit.id in knowledge.extra:
            body = extra_html(knowledge, hit.id)
            description = check_plain(body)[len(hit.title) :].strip()[:120]
        else:
            continue
        results.append(
            InlineQueryResultArticle(
                id=hit.id[:64],
                title=hit.title,
                description=description,
                input_message_content=InputTextMessageContent(body),
            )
        )
    await query.answer(results, cache_time=60, is_personal=False)


async def reload_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if not (
        await is_operator(context, update.effective_user)
        or await is_board(context, update.effective_chat, update.effective_user)
    ):
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    services = context.services
    try:
        knowledge = build_knowledge(services.settings)
    except KnowledgeError as exc:
        problems = [html.escape(str(p), quote=False) for p in exc.problems[:15]]
        if len(exc.problems) > 15:
            problems.append(f"… en nog {len(exc.problems) - 15}")
        await message.reply_text(texts.RELOAD_FAILED.format(problems="\n".join(problems)))
        return
    services.knowledge = knowledge
    await message.reply_text(
        texts.RELOAD_OK.format(terms=len(knowledge.terms), rules=len(knowledge.rules))
    )


async def guard_command(update: Update, context: BotContext) -> None:
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    if chat.type == Chat.PRIVATE:
        await message.reply_text(texts.GUARD_GROUP_ONLY)
        return
    if not await is_board(context, chat, update.effective_user):
        await message.reply_text(common_texts.BOARD_ONLY)
        return
    storage = context.storage
    arg = (context.args or [""])[0].lower()
    if arg in ("aan", "on"):
        await storage.knowledge.set_guard(chat.id, True)
    elif arg in ("uit", "off"):
        await storage.knowledge.set_guard(chat.id, False)
    elif arg:
        await message.reply_text(texts.GUARD_USAGE)
        return
    enabled, _ = await storage.knowledge.guard_state(chat.id)
    await message.reply_text(texts.GUARD_ON if enabled else texts.GUARD_OFF)
