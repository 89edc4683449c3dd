"""/dashboard opens the Mini App (bot.web) with a web-app button; /agendalink gives the board
the organisation's secret calendar feed URL (privately: the URL is the only key)."""

from __future__ import annotations

from html import escape

from telegram import Chat, InlineKeyboardButton, InlineKeyboardMarkup, Update, WebAppInfo

from bot.clock import now_utc
from bot.context import BotContext
from bot.handlers.polls.common import board_organisations, is_board_here, reply_privately
from bot.polls import records as pr
from bot.texts import common as common_texts
from bot.texts import web as texts
from bot.web.feeds import FEED_PATH

# Words that renew the feed link; any other word gets the usage reply and changes nothing.
RENEW_WORDS = frozenset({"vernieuw", "vernieuwen", "nieuw", "nieuwe", "opnieuw", "intrekken"})


def _base(context: BotContext) -> str | None:
    dashboard = context.services.web
    return dashboard.base if dashboard is not None else None


async def dashboard_command(update: Update, context: BotContext) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None or user is None:
        return
    base = _base(context)
    if base is None:
        await message.reply_text(texts.DASHBOARD_OFF)
        return
    if chat.type != Chat.PRIVATE:  # Telegram allows web-app buttons in private chats only
        await message.reply_text(texts.DASHBOARD_PRIVATE_ONLY)
        return
    orgs = await board_organisations(context, user)
    if len(orgs) > 1:
        rows = [
            [InlineKeyboardButton(org.name, web_app=WebAppInfo(f"{base}/web/?org={org.id}"))]
            for org in orgs
        ]
        await message.reply_text(texts.DASHBOARD_PICK, reply_markup=InlineKeyboardMarkup(rows))
        return
    button = InlineKeyboardButton(texts.DASHBOARD_BUTTON, web_app=WebAppInfo(f"{base}/web/"))
    await message.reply_text(texts.DASHBOARD_OPEN, reply_markup=InlineKeyboardMarkup([[button]]))


async def _board_org(update: Update, context: BotContext) -> pr.Organisation | None:
    chat, user = update.effective_chat, update.effective_user
    message = update.effective_message
    if chat is None or message is None:
        return None
    if chat.type != Chat.PRIVATE:
        org = await context.polls.orgs.organisation_for_chat(chat.id)
        if org is None:
            await message.reply_text(texts.AGENDALINK_NO_ORG)
            return None
        if not await is_board_here(context, chat, org, user):
            await message.reply_text(common_texts.BOARD_ONLY)
            return None
        return org
    orgs = await board_organisations(context, user)
    if len(orgs) != 1:
        await message.reply_text(texts.AGENDALINK_PICK if orgs else texts.AGENDALINK_NO_ORG)
        return None
    return orgs[0]


async def agendalink_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    base = _base(context)
    if base is None:
        await message.reply_text(texts.DASHBOARD_OFF)
        return
    org = await _board_org(update, context)
    if org is None:
        return
    args = context.args or []
    renew = bool(args)
    if args and (len(args) > 1 or args[0].lower() not in RENEW_WORDS):
        # A board revoking a leaked link must never get the old one back as if it were new.
        await message.reply_text(texts.agendalink_usage(escape(" ".join(args))))
        return
    feeds = context.services.web.feeds if context.services.web is not None else None
    assert feeds is not None
    secret = await feeds.secret(org.id, user.id, now_utc(), renew)
    url = base + FEED_PATH.format(secret=secret)
    text = texts.agendalink(escape(org.name), escape(url))
    await reply_privately(update, context, (texts.AGENDALINK_RENEWED if renew else "") + text)
