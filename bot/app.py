"""Builds the real python-telegram-bot Application and wires storage and features into it."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ApplicationBuilder, Defaults

from bot.assembly import build_knowledge
from bot.commands import COMMANDS
from bot.config import Settings
from bot.handlers import agenda, basic, knowledge, polls
from bot.knowledge.loader import Knowledge
from bot.services import SERVICES_KEY, AnyApp, Services, services_from_app
from bot.storage import Storage

log = logging.getLogger(__name__)

FEATURES = [basic, knowledge, agenda, polls]


def build_application(
    settings: Settings,
    *,
    knowledge: Knowledge | None = None,
    update_queue: asyncio.Queue[object] | None = None,
) -> AnyApp:
    """The same Application runs against Telegram and the sandbox; only the URL differs.

    Tests pass a `knowledge` built once for the whole run (building the search index is most of
    a start-up) and an `update_queue` whose progress the sandbox's idle barrier can watch.
    """
    token = settings.token_value()
    api_url = settings.api_url.rstrip("/")
    file_url = api_url[: -len("/bot")] + "/file/bot" if api_url.endswith("/bot") else api_url
    builder = (
        ApplicationBuilder()
        .token(token)
        .base_url(api_url)
        .base_file_url(file_url)
        .defaults(
            Defaults(
                parse_mode=ParseMode.HTML,
                tzinfo=settings.tz,
                link_preview_options=LinkPreviewOptions(is_disabled=True),
            )
        )
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=settings.rate_overall,
                group_max_rate=settings.rate_group,
                max_retries=5,
            )
        )
        .concurrent_updates(settings.concurrent_updates)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.api_url.startswith("http://127.") or settings.api_url.startswith(
        "http://localhost"
    ):
        # A local sandbox must not be reached through a proxy from the environment.
        from telegram.request import HTTPXRequest

        builder = builder.request(
            HTTPXRequest(connection_pool_size=64, httpx_kwargs={"trust_env": False})
        ).get_updates_request(HTTPXRequest(httpx_kwargs={"trust_env": False}))
    if update_queue is not None:
        builder = builder.update_queue(update_queue)
    application = builder.build()
    application.bot_data[SERVICES_KEY] = Services(
        settings=settings,
        storage=Storage(settings.db),
        knowledge=knowledge if knowledge is not None else build_knowledge(settings),
    )
    for feature in FEATURES:
        feature.register(application)
    return application


async def _post_init(application: AnyApp) -> None:
    services = services_from_app(application)
    await services.storage.open()
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS])
    for hook in services.startup_hooks:
        await hook(application)
    log.info("bot started as @%s", application.bot.username)


async def _post_shutdown(application: AnyApp) -> None:
    await services_from_app(application).storage.close()
