"""Shared, long-lived objects the handlers need, kept in `application.bot_data`.

A typed accessor beats reaching into a dict with string keys in every handler.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.ext import Application, CallbackContext

from bot.config import Settings
from bot.knowledge.loader import Knowledge
from bot.storage import Storage

# PTB's Application and context are generic in parameters the bot never narrows.
AnyApp = Application[Any, Any, Any, Any, Any, Any]
AnyContext = CallbackContext[Any, Any, Any, Any]
StartupHook = Callable[[AnyApp], Awaitable[None]]

SERVICES_KEY = "services"


@dataclass
class Services:
    settings: Settings
    storage: Storage
    knowledge: Knowledge | None = None
    startup_hooks: list[StartupHook] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)


def services_of(context: AnyContext) -> Services:
    value = context.application.bot_data[SERVICES_KEY]
    assert isinstance(value, Services)
    return value


def services_from_app(application: AnyApp) -> Services:
    value = application.bot_data[SERVICES_KEY]
    assert isinstance(value, Services)
    return value
