"""The typed `CallbackContext` every handler and job receives (PTB's `contexttypesbot.py`).

Long-lived objects live in one typed `BotData` instead of string keys in `bot_data`, and the
context exposes them as properties, so a handler writes `context.polls` and mypy knows what
that is. The services are built once in `bot.app.build_application`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from telegram.ext import Application, CallbackContext, ExtBot, JobQueue

from bot.config import Settings
from bot.knowledge.loader import Knowledge
from bot.storage import Storage

if TYPE_CHECKING:
    from bot.agenda.service import AgendaService
    from bot.chats import ChatDirectory
    from bot.jobs.reminders import ReminderScheduler
    from bot.knowledge.service import KnowledgeService
    from bot.ops import OpsMonitor
    from bot.polls.runtime import PollsRuntime
    from bot.privacy import PrivacyService
    from bot.web.server import Dashboard


@dataclass
class Services:
    """Everything a handler may reach; one instance per Application."""

    settings: Settings
    storage: Storage
    knowledge_service: KnowledgeService  # owns the loaded knowledge (reloaded by /herlaad)
    chats: ChatDirectory
    polls: PollsRuntime
    agenda: AgendaService
    reminders: ReminderScheduler
    ops: OpsMonitor
    privacy: PrivacyService
    web: Dashboard | None = None  # the dashboard (bot.web), made at start-up
    webhook: bool = False  # webhook mode: the dashboard shares the webhook's server

    @property
    def knowledge(self) -> Knowledge:
        return self.knowledge_service.knowledge


class BotData:
    """`application.bot_data`: PTB creates it without arguments, the app fills it once."""

    def __init__(self) -> None:
        self._services: Services | None = None
        # Groups left because the operator did not allow them (said once per process).
        self.left_chats: set[int] = set()

    @property
    def services(self) -> Services:
        if self._services is None:
            raise RuntimeError("services are set in build_application before the bot starts")
        return self._services

    @services.setter
    def services(self, value: Services) -> None:
        self._services = value


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context type registered with `ContextTypes(context=BotContext, bot_data=BotData)`."""

    @property
    def services(self) -> Services:
        return self.bot_data.services

    @property
    def settings(self) -> Settings:
        return self.bot_data.services.settings

    @property
    def storage(self) -> Storage:
        return self.bot_data.services.storage

    @property
    def knowledge(self) -> Knowledge:
        return self.bot_data.services.knowledge

    @property
    def knowledge_service(self) -> KnowledgeService:
        return self.bot_data.services.knowledge_service

    @property
    def chats(self) -> ChatDirectory:
        return self.bot_data.services.chats

    @property
    def polls(self) -> PollsRuntime:
        return self.bot_data.services.polls

    @property
    def agenda(self) -> AgendaService:
        return self.bot_data.services.agenda

    @property
    def reminders(self) -> ReminderScheduler:
        return self.bot_data.services.reminders

    @property
    def ops(self) -> OpsMonitor:
        return self.bot_data.services.ops

    @property
    def privacy(self) -> PrivacyService:
        return self.bot_data.services.privacy


# The context type is left open: PTB types `context.application` with an unbound type variable.
BotApp = Application[ExtBot[None], Any, dict[Any, Any], dict[Any, Any], BotData, JobQueue[Any]]


def services_of_app(application: BotApp) -> Services:
    """For code that holds the Application rather than a context (start-up, jobs' helpers)."""
    return application.bot_data.services
