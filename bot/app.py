"""Builds the real python-telegram-bot Application and wires storage and features into it."""

from __future__ import annotations

import asyncio
import logging

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, ApplicationBuilder, ContextTypes, Defaults

from bot.agenda.service import AgendaService
from bot.assembly import build_knowledge
from bot.chats import ChatDirectory
from bot.config import Settings
from bot.context import BotApp, BotContext, BotData, Services, services_of_app
from bot.delivery import recovery as delivery_recovery
from bot.delivery.handling import InboxUpdateProcessor
from bot.delivery.pending import schedule_retries
from bot.delivery.retrying_request import RetryPolicy, bot_requests
from bot.handlers import register
from bot.handlers.menu import set_menus
from bot.jobs import heartbeat, retention
from bot.jobs import polls as poll_jobs
from bot.jobs.reminders import ReminderScheduler
from bot.knowledge.loader import Knowledge
from bot.knowledge.service import KnowledgeService
from bot.ops import OpsMonitor
from bot.polls.runtime import PollsRuntime
from bot.privacy import PrivacyService
from bot.storage import Storage
from bot.web import lifecycle as web_lifecycle

log = logging.getLogger(__name__)


def build_application(
    settings: Settings,
    *,
    knowledge: Knowledge | None = None,
    update_queue: asyncio.Queue[object] | None = None,
    webhook: bool = False,
) -> BotApp:
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
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
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
                group_time_period=settings.rate_group_period,
                max_retries=5,
            )
        )
        .concurrent_updates(InboxUpdateProcessor(settings.concurrent_updates))
        .updater(None)  # polling is bot.delivery's: it stores updates before confirming them
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    # 5xx answers and dropped connections are retried below the rate limiter's 429 handling.
    calls, updates = bot_requests(
        api_url, RetryPolicy(settings.retry_attempts, settings.retry_backoff)
    )
    builder = builder.request(calls).get_updates_request(updates)
    if webhook:
        builder = builder.updater(None)  # updates arrive by bot.delivery.webhook
    if update_queue is not None:
        builder = builder.update_queue(update_queue)
    application: BotApp = builder.build()  # type: ignore[assignment]
    storage = Storage(settings.db)
    chats = ChatDirectory(storage)
    agenda = AgendaService(storage, settings.tz, settings.schedules_dir)
    services = Services(
        settings=settings,
        storage=storage,
        knowledge_service=KnowledgeService(
            storage, knowledge if knowledge is not None else build_knowledge(settings)
        ),
        chats=chats,
        polls=PollsRuntime.build(storage, settings.tz),
        agenda=agenda,
        reminders=ReminderScheduler(agenda),
        ops=OpsMonitor(storage),
        privacy=PrivacyService(
            storage, settings.retention_days, settings.question_retention_days, chats
        ),
        webhook=webhook,
    )
    services.reminders.extra_line = services.knowledge_service.reminder_line
    application.bot_data.services = services
    register(application, services)
    return application


async def _post_init(application: BotApp) -> None:
    services = services_of_app(application)
    await services.storage.open()
    await set_menus(application)
    await services.reminders.on_startup(application)
    await delivery_recovery.on_startup(application)  # unfinished updates before overdue polls
    await poll_jobs.startup(application)
    retention.schedule(application)
    heartbeat.schedule(application)
    schedule_retries(application)
    await web_lifecycle.on_startup(application)
    log.info("bot started as @%s", application.bot.username)


async def _post_shutdown(application: BotApp) -> None:
    await web_lifecycle.on_shutdown(application)
    await services_of_app(application).storage.close()
