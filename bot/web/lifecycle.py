"""Starting and stopping the dashboard with the Application (post_init / post_shutdown).

Polling mode with RAO_BOT_WEB_PORT: its own aiohttp server on the bot's loop. Webhook mode:
the webhook's server takes the routes (bot.delivery.webhook asks `services.web`). With an
address known, private chats get the menu button that opens the dashboard.
"""

from __future__ import annotations

import gc
import logging

from telegram import MenuButtonWebApp, WebAppInfo
from telegram.error import TelegramError

from bot.context import BotApp, services_of_app
from bot.texts import web as texts
from bot.web.server import Dashboard

log = logging.getLogger(__name__)


async def on_startup(application: BotApp) -> None:
    services = services_of_app(application)
    settings = services.settings
    dashboard = Dashboard(application)
    services.web = dashboard
    port = None
    if not services.webhook and settings.web_port:
        port = await dashboard.start(settings.web_listen, settings.web_port)
        log.info("dashboard listening on %s:%d", settings.web_listen, port)
    dashboard.base = settings.web_base(port) if port or settings.web_url else None
    if dashboard.base is None:
        return
    # Everything loaded so far (the knowledge index above all) lives as long as the process:
    # out of the collector's full passes, which otherwise add 100 ms+ pauses to a page that
    # reads a 2,000-member roster.
    gc.collect()
    gc.freeze()
    button = MenuButtonWebApp(texts.MENU_BUTTON, WebAppInfo(dashboard.base + "/web/"))
    try:
        await application.bot.set_chat_menu_button(menu_button=button)
    except TelegramError as exc:  # e.g. Telegram refuses a non-https address
        log.warning("dashboard: menu button not set: %s", exc)


async def on_shutdown(application: BotApp) -> None:
    dashboard = services_of_app(application).web
    if dashboard is not None:
        await dashboard.stop()
