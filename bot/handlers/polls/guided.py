"""The guided /mandaat: four questions in the private chat (`bot.polls.conversations`), a
summary with post / stop buttons, and the vote posted in the organisation's main group.
"""

from __future__ import annotations

from telegram import Chat, Message, Update, User
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.handlers.polls.common import escape, is_org_board, linked_org
from bot.jobs.polls import post_poll
from bot.poll_keyboards import guided_confirm_keyboard
from bot.polls import records as pr
from bot.polls.conversations import (
    MandateState,
    Step,
    advance,
    choose_purpose,
    confirm_mandate,
    mandate_summary,
)
from bot.polls.purpose import Purpose, purpose_of
from bot.texts import board as board_texts
from bot.texts import common as common_texts
from bot.texts import guided as guided_texts


async def start_guided_mandate(update: Update, context: BotContext, org: pr.Organisation) -> None:
    """Starts the private conversation; from a group the bot moves to the private chat."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    conversations = context.polls.conversations
    await conversations.save(user.id, MandateState(org_id=org.id))
    text = guided_texts.guided_intro(escape(org.name))
    if chat.type == Chat.PRIVATE:
        await context.bot.send_message(user.id, text)
        return
    if await send_private(context.bot, user.id, text):
        await message.reply_text(guided_texts.GUIDED_MOVED_PRIVATE)
    else:
        await conversations.clear(user.id)
        url = create_deep_linked_url(
            context.bot.username, callbacks.GUIDED_MANDATE_LINK.payload(org.id)
        )
        await message.reply_text(guided_texts.guided_start_link(url))


async def guided_mandate_start(update: Update, context: BotContext) -> None:
    """Deep link mandaat_<org>: the guided /mandaat continues in the private chat."""
    found = await linked_org(update, context, callbacks.GUIDED_MANDATE_LINK)
    if found is None:
        return
    message, user, org = found
    if await is_org_board(context, org, user):
        await start_guided_mandate(update, context, org)
    else:
        await message.reply_text(common_texts.BOARD_ONLY)


async def mandate_step(
    message: Message, context: BotContext, user: User, state: MandateState
) -> None:
    """One answer in the guided /mandaat."""
    new_state, reply = advance(state, message.text or "", now=now_utc(), tz=context.settings.tz)
    if new_state != state:
        await context.polls.conversations.save(user.id, new_state)
    purpose = purpose_of(new_state.purpose) or Purpose.MANDATE
    markup = guided_confirm_keyboard(purpose) if reply.confirm else None
    await message.reply_text(reply.text, reply_markup=markup)


async def guided_kind_button(update: Update, context: BotContext) -> None:
    """The kind of the vote, chosen on the summary: the summary shows it and its meaning."""
    query = update.callback_query
    if query is None or context.match is None:
        return
    user = query.from_user
    state = await context.polls.conversations.load(user.id)
    purpose = purpose_of(context.match.group("purpose")) or Purpose.MANDATE
    chosen = choose_purpose(state, purpose) if isinstance(state, MandateState) else None
    if chosen is None:
        await query.answer(guided_texts.GUIDED_GONE, show_alert=True)
        return
    await context.polls.conversations.save(user.id, chosen)
    await query.answer()
    if isinstance(query.message, Message):
        await query.message.edit_text(
            mandate_summary(chosen, context.settings.tz),
            reply_markup=guided_confirm_keyboard(purpose),
        )


async def guided_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if query is None or context.match is None:
        return
    user = query.from_user
    message = query.message if isinstance(query.message, Message) else None
    conversations = context.polls.conversations
    state = await conversations.load(user.id)
    if not isinstance(state, MandateState):
        await query.answer(guided_texts.GUIDED_GONE, show_alert=True)
        return
    if context.match.group("action") == "stop":
        await conversations.clear(user.id)
        await query.answer()
        if message is not None:
            await message.edit_text(guided_texts.GUIDED_STOPPED)
        return
    if state.step is not Step.CONFIRM:
        await query.answer(guided_texts.GUIDED_GONE, show_alert=True)
        return
    org = await context.polls.orgs.organisation(state.org_id)
    if org is None or org.main_chat is None or not await is_org_board(context, org, user):
        await conversations.clear(user.id)
        await query.answer(common_texts.BOARD_ONLY, show_alert=True)
        return
    now = now_utc()
    decided = confirm_mandate(state, org.voting_unit, now)
    if isinstance(decided, tuple):  # the closing time passed while the summary was shown
        await conversations.save(user.id, decided[0])
        await query.answer()
        await context.bot.send_message(user.id, decided[1].text)
        return
    poll = await context.polls.votes.create_mandate(org, decided, org.main_chat, user.id, now)
    await conversations.clear(user.id)
    await query.answer()
    await post_poll(context.application, poll)
    if message is not None:
        await message.edit_text(board_texts.poll_posted_elsewhere(poll.id, escape(org.name)))
