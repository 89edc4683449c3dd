"""/volmacht (a member entrusts their pharmacy's vote on one poll to another member, privately)
and /volmachten (the board sets how many proxies one member may hold).

The proxy holder's press on the vote counts for their own pharmacy and for the grantor's
(one press; the callback answer says so), until a member of the grantor's pharmacy votes.
"""

from __future__ import annotations

from telegram import Chat, Update

from bot.clock import now_utc
from bot.context import BotContext
from bot.delivery.private import send_private
from bot.handlers.polls.common import (
    command_organisation,
    escape,
    open_poll_and_rest,
)
from bot.poll_keyboards import vote_keyboard
from bot.polls import records as pr
from bot.polls.proxy_rules import ProxyRefusal, parse_cap
from bot.polls.proxy_service import ProxyOutcome
from bot.texts import board as board_texts
from bot.texts import proxies as texts

_REVOKE_WORDS = {"intrekken", "intrek", "stop", "terug", "weg"}


def _units(proxies: tuple[pr.Proxy, ...] | list[pr.Proxy]) -> str:
    return escape(", ".join(dict.fromkeys(p.unit_label for p in proxies)))


async def proxy_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    if chat.type != Chat.PRIVATE:
        await message.reply_text(texts.PROXY_PRIVATE_ONLY)
        return
    args = context.args or []
    if not args:
        await message.reply_text(await _overview(context, user.id) + "\n\n" + texts.PROXY_USAGE)
        return
    found = await open_poll_and_rest(update, context, board=False, usage=texts.PROXY_USAGE)
    if found is None:
        return
    poll, _ = found
    now = now_utc()
    if args[1].lower() in _REVOKE_WORDS:
        outcome = await context.polls.proxies.revoke(poll.id, user.id, now)
        if outcome.refusal is not None:
            await message.reply_text(await _refusal(context, outcome, poll, ""))
            return
        await message.reply_text(await _announce_revoke(context, poll, outcome, user.id))
        return
    handle = args[1].lstrip("@")
    outcome = await context.polls.proxies.grant(poll.id, user.id, handle, now)
    if outcome.refusal is not None:
        await message.reply_text(await _refusal(context, outcome, poll, "@" + handle))
        return
    if outcome.unchanged and outcome.holder is not None:
        holder = escape(outcome.holder.label)
        await message.reply_text(texts.proxy_already(poll.id, holder, _units(outcome.proxies)))
        return
    await message.reply_text(await _announce_grant(context, poll, outcome, user.id))


async def _announce_revoke(
    context: BotContext, poll: pr.PollRecord, outcome: ProxyOutcome, user_id: int
) -> str:
    """Tells each holder (and a unit-mate whose proxy this member revoked); returns the reply,
    which names the proxy that ended, whoever of the pharmacy gave it."""
    revoker = escape(outcome.by.label) if outcome.by is not None else ""
    lines = []
    for proxy in outcome.proxies:
        unit, holder = escape(proxy.unit_label), escape(proxy.holder_label)
        if proxy.grantor_user_id is None or proxy.grantor_user_id == user_id:
            lines.append(texts.proxy_revoked(poll.id, unit, holder))
        else:
            grantor = escape(proxy.grantor_label)
            lines.append(texts.proxy_revoked_of_mate(poll.id, unit, holder, grantor))
            note = texts.proxy_revoked_grantor(poll.id, revoker, unit, holder)
            await send_private(context.bot, proxy.grantor_user_id, note)
        if proxy.holder_user_id is not None:
            text = texts.proxy_revoked_holder(poll.id, revoker, unit)
            await send_private(context.bot, proxy.holder_user_id, text)
    return "\n".join(lines)


async def _announce_grant(
    context: BotContext, poll: pr.PollRecord, outcome: ProxyOutcome, user_id: int
) -> str:
    """Tells the holder, a holder whose earlier proxy was replaced and, when a unit-mate had
    given that one, the unit-mate; returns the reply."""
    assert outcome.holder is not None
    holder = escape(outcome.holder.label)
    units = _units(outcome.proxies)
    text = texts.proxy_granted(poll.id, holder, units)
    grantor = escape(outcome.proxies[0].grantor_label) if outcome.proxies else ""
    reached = False
    if outcome.holder.user_id is not None:
        reached = await send_private(
            context.bot,
            outcome.holder.user_id,
            texts.proxy_for_holder(poll.id, grantor, units, escape(poll.question)),
            vote_keyboard(poll),
        )
    if not reached:
        text += "\n\n" + texts.proxy_holder_unreachable(holder)
    for earlier in outcome.replaced:
        unit, mate = escape(earlier.unit_label), earlier.grantor_user_id not in (None, user_id)
        if earlier.holder_user_id is not None and earlier.holder_user_id != outcome.holder.user_id:
            note = (
                texts.proxy_moved(poll.id, grantor, unit)
                if mate
                else texts.proxy_replaced(poll.id, grantor, unit)
            )
            await send_private(context.bot, earlier.holder_user_id, note)
        if mate and earlier.grantor_user_id is not None:
            old = escape(earlier.holder_label)
            note = texts.proxy_moved_grantor(poll.id, grantor, unit, old, holder)
            await send_private(context.bot, earlier.grantor_user_id, note)
    return text


async def _refusal(
    context: BotContext, outcome: ProxyOutcome, poll: pr.PollRecord, handle: str
) -> str:
    refusal = outcome.refusal
    holder = escape(outcome.holder.label) if outcome.holder is not None else escape(handle)
    if refusal is ProxyRefusal.CLOSED:
        return texts.refused_closed(poll.id)
    if refusal is ProxyRefusal.OLD_POLL:
        return texts.refused_old_poll(poll.id)
    if refusal is ProxyRefusal.NOT_ALLOWED:
        return texts.REFUSED_NOT_ALLOWED
    if refusal is ProxyRefusal.NO_SEAT:
        return texts.refused_no_seat(poll.id)
    if refusal is ProxyRefusal.HOLDER_UNKNOWN:
        org = await context.polls.orgs.organisation(poll.org_id)
        return texts.refused_holder_unknown(holder, escape(org.name if org else ""))
    if refusal is ProxyRefusal.HOLDER_SELF:
        return texts.REFUSED_HOLDER_SELF
    if refusal is ProxyRefusal.HOLDER_SAME_UNIT:
        return texts.refused_same_unit(holder)
    if refusal is ProxyRefusal.VOTED:
        return texts.refused_voted(poll.id)
    if refusal is ProxyRefusal.USED:
        used = [p for p in outcome.proxies if p.used]
        name = escape(used[0].holder_label) if used else holder
        return texts.refused_used(poll.id, name)
    if refusal is ProxyRefusal.CAP:
        return texts.refused_cap(poll.id, holder, outcome.cap)
    if refusal is ProxyRefusal.NONE:
        return texts.refused_none(poll.id)
    return board_texts.poll_not_found(poll.id)


async def _overview(context: BotContext, user_id: int) -> str:
    proxies = await context.polls.proxies.of_user(user_id)
    if not proxies:
        return texts.PROXIES_NONE
    lines = [texts.PROXIES_TITLE]
    for proxy in proxies:
        unit = escape(proxy.unit_label)
        if proxy.holder_user_id == user_id:
            lines.append(texts.proxy_held_line(proxy.poll_id, unit, escape(proxy.grantor_label)))
        else:
            lines.append(texts.proxy_given_line(proxy.poll_id, unit, escape(proxy.holder_label)))
    return "\n".join(lines)


async def cap_command(update: Update, context: BotContext) -> None:
    """/volmachten [max N | uit]: the board's cap on proxies per member per vote."""
    message = update.effective_message
    org = await command_organisation(update, context, board=True, command="volmachten")
    if org is None or message is None:
        return
    words = " ".join(context.args or [])
    if not words:
        await message.reply_text(texts.cap_current(org.proxy_cap))
        return
    cap = parse_cap(words)
    if cap is None:
        await message.reply_text(texts.CAP_USAGE)
        return
    await context.polls.proxies.set_cap(org.id, cap)
    await message.reply_text(texts.cap_set(cap))
