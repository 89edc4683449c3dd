"""Questions, browsing, inline mode, ratings and the competition-law guard in groups.

Handlers parse the update, check permissions, call the KnowledgeService and render; they never
touch storage. The board's commands live in `knowledge_board`.
"""

from __future__ import annotations

import html
import logging

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
from telegram.error import BadRequest, TelegramError

from bot import callbacks
from bot.context import BotContext
from bot.handlers.common import edit_or_reply
from bot.html_check import check_html as check_plain
from bot.knowledge.loader import Knowledge
from bot.knowledge.records import Vote
from bot.knowledge.replies import (
    BROWSE_CALLBACK,
    MORE_CALLBACK,
    Reply,
    browse_reply,
    entry_reply,
    extra_html,
    more_html,
    result_reply,
)
from bot.knowledge.service import Asker
from bot.texts import knowledge as texts

log = logging.getLogger(__name__)


def _knowledge(context: BotContext) -> Knowledge:
    return context.knowledge_service.knowledge


def _markup(reply: Reply) -> InlineKeyboardMarkup | None:
    rows = [
        [InlineKeyboardButton(label[:64], callback_data=data) for label, data in row]
        for row in reply.buttons
    ]
    if reply.rate is not None and len(reply.rate) <= 50:
        rate = callbacks.KNOWLEDGE_RATE
        rows.append(
            [
                InlineKeyboardButton(texts.RATE_UP, callback_data=rate.data("up", reply.rate)),
                InlineKeyboardButton(texts.RATE_DOWN, callback_data=rate.data("down", reply.rate)),
            ]
        )
    return InlineKeyboardMarkup(rows) if rows else None


async def _answer_question(
    message: Message, context: BotContext, query: str, chat: Chat | None
) -> None:
    user = message.from_user
    asker = Asker(
        chat_id=message.chat_id,
        in_group=chat is not None and chat.type != Chat.PRIVATE,
        user_id=user.id if user else None,
    )
    answered = await context.knowledge_service.ask(query, asker)
    result = answered.result
    reply = result_reply(_knowledge(context), result)
    if result.outcome == "suggest" and answered.question_id is not None:
        suggest = callbacks.KNOWLEDGE_SUGGEST
        reply = Reply(
            reply.html,
            [
                [(label, suggest.data(answered.question_id, pick))]
                for pick, [(label, _)] in enumerate(reply.buttons)
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
    await _answer_question(message, context, query, update.effective_chat)


async def private_text(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    await _answer_question(message, context, message.text, update.effective_chat)


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
            await _answer_question(message, context, question, chat)
        else:
            await message.reply_text(texts.ASK_USAGE)
        return
    await _guard(message, chat, context)


async def _guard(message: Message, chat: Chat, context: BotContext) -> None:
    """Every risky message counts; a member is warned at most once per quiet period."""
    assert message.from_user is not None
    check = await context.knowledge_service.check_message(
        chat.id, message.from_user.id, message.text or ""
    )
    if not check.warn:
        return
    verdict = check.verdict
    rule = _knowledge(context).entries.get(verdict.rule or "")
    title = html.escape(rule.title, quote=False) if rule else ""
    markup = None
    if rule is not None:
        button = InlineKeyboardButton(
            texts.GUARD_RULE_BUTTON, callback_data=callbacks.KNOWLEDGE_ENTRY.data(rule.id)
        )
        markup = InlineKeyboardMarkup([[button]])
    signal = texts.GUARD_SIGNALS[verdict.signal or "prices"]
    await message.reply_text(
        texts.GUARD_WARNING.format(signal=signal, rule=title), reply_markup=markup
    )


def _entry(context: BotContext, entry_id: str) -> Reply | None:
    knowledge = _knowledge(context)
    entry = knowledge.entries.get(entry_id)
    if entry is not None:
        return entry_reply(knowledge, entry)
    if entry_id in knowledge.extra:
        return Reply(extra_html(knowledge, entry_id))
    return None


async def entry_button(update: Update, context: BotContext) -> None:
    """A related entry or the guard's rule: shown as a new reply under the message."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    reply = _entry(context, context.match.group("entry"))
    if reply is None:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.reply_text(reply.html, reply_markup=_markup(reply))


async def suggest_button(update: Update, context: BotContext) -> None:
    """A tapped suggestion replaces the suggestions, and tells the board's loop it helped."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    entry_id = await context.knowledge_service.tap_suggestion(
        int(context.match.group("question")), int(context.match.group("pick"))
    )
    reply = _entry(context, entry_id) if entry_id else None
    if reply is None:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await edit_or_reply(query.message, reply.html, _markup(reply))


async def rate_button(update: Update, context: BotContext) -> None:
    query, user = update.callback_query, update.effective_user
    if query is None or context.match is None or user is None:
        return
    entry_id = context.match.group("entry")
    if entry_id not in _knowledge(context).entries:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    vote: Vote = 1 if context.match.group("vote") == "up" else -1
    previous = await context.knowledge_service.rate(entry_id, user.id, vote)
    if previous is None:
        await query.answer(texts.RATE_THANKS)
    else:
        await query.answer(texts.RATE_SAME if previous == vote else texts.RATE_CHANGED)


async def more_button(update: Update, context: BotContext) -> None:
    """ "Meer": the caveats of an entry, once, as a reply under the answer. The button then
    leaves the answer (its other buttons, 👍/👎 and related entries, stay); a press that still
    reaches the bot (a client showing the old keyboard) is told where the caveats are."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    entry = _knowledge(context).entries.get(query.data.removeprefix(MORE_CALLBACK))
    if entry is None or not entry.details:
        await query.answer(texts.UNKNOWN_ENTRY, show_alert=True)
        return
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    rows = message.reply_markup.inline_keyboard if message.reply_markup else ()
    if not any(button.callback_data == query.data for row in rows for button in row):
        await query.answer(texts.MORE_SHOWN)
        return
    await query.answer()
    kept = [[b for b in row if b.callback_data != query.data] for row in rows]
    kept = [row for row in kept if row]
    try:
        await message.edit_reply_markup(InlineKeyboardMarkup(kept) if kept else None)
    except TelegramError as exc:
        log.debug("could not drop the Meer button: %s", exc)
    await message.reply_text(more_html(entry))


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
