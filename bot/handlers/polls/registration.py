"""Registering as a member: /aanmelden in a group gives a link to the private chat, where the
bot asks for the pharmacy and its AGB code (`bot.polls.conversations`), stores a pending
request (`RosterService.register`) and tells the organisation's main group.
"""

from __future__ import annotations

import logging

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update, User
from telegram.error import TelegramError
from telegram.helpers import create_deep_linked_url

from bot import callbacks
from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls.common import (
    display_name,
    escape,
    group_organisation,
    link_user,
    linked_org,
)
from bot.polls import records as pr
from bot.polls.conversations import RegistrationState, Step, advance
from bot.texts import roster as roster_texts

log = logging.getLogger(__name__)


async def register_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        org = await group_organisation(context, chat)
        url = create_deep_linked_url(context.bot.username, callbacks.REGISTER_LINK.payload(org.id))
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton(roster_texts.REGISTER_BUTTON, url=url)]]
        )
        await message.reply_text(
            roster_texts.register_link(escape(org.name), url), reply_markup=markup
        )
        return
    organisations = await context.polls.orgs.organisations()
    if len(organisations) != 1:
        await message.reply_text(roster_texts.REGISTER_WHERE)
        return
    await start_registration(message, context, user, organisations[0])


async def register_start(update: Update, context: BotContext) -> None:
    """Deep link aanmelden_<org>: the registration starts in the private chat."""
    found = await linked_org(update, context, callbacks.REGISTER_LINK)
    if found is not None:
        await start_registration(found[0], context, found[1], found[2])


async def start_registration(
    message: Message, context: BotContext, user: User, org: pr.Organisation
) -> None:
    await link_user(context, user)
    start = await context.polls.roster.registration_start(org.id, user.id)
    org_name = escape(org.name)
    if start.approved:
        names = ", ".join(escape(m.pharmacy_name or "") for m in start.approved)
        await message.reply_text(roster_texts.register_already(org_name, names))
        return
    await context.polls.conversations.save(user.id, RegistrationState(org_id=org.id))
    await message.reply_text(roster_texts.register_ask_name(org_name, start.pending))


async def registration_step(
    message: Message, context: BotContext, user: User, state: RegistrationState
) -> None:
    """One answer in the registration conversation."""
    conversations = context.polls.conversations
    org = await context.polls.orgs.organisation(state.org_id)
    if org is None:
        await conversations.clear(user.id)
        await message.reply_text(roster_texts.REGISTER_UNKNOWN_ORG)
        return
    now = now_utc()
    new_state, reply = advance(state, message.text or "", now=now, tz=context.settings.tz)
    if new_state.step is not Step.SUBMIT:
        if new_state != state:
            await conversations.save(user.id, new_state)
        await message.reply_text(reply.text)
        return
    registration = await context.polls.roster.register(
        org.id,
        user.id,
        user.username,
        display_name(user),
        new_state.name or "",
        new_state.agb,
        now,
    )
    plan = registration.plan
    if registration.member is None:
        assert plan.mismatch is not None
        await message.reply_text(roster_texts.register_agb_mismatch(escape(plan.mismatch.name)))
        return
    await conversations.clear(user.id)
    notes = []
    if plan.known_by_agb is not None and new_state.agb is not None:
        notes.append(roster_texts.register_agb_known(new_state.agb, escape(plan.known_by_agb.name)))
    shown = escape(plan.name)
    done = roster_texts.register_done(escape(org.name), shown, new_state.agb)
    await message.reply_text("\n".join([*notes, done]))
    if org.main_chat is not None:
        try:
            await context.bot.send_message(
                org.main_chat,
                roster_texts.register_notice(escape(registration.member.label), shown),
            )
        except TelegramError as exc:
            log.info("could not announce a registration in %s: %s", org.main_chat, exc)
