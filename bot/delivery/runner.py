"""Running the Application with our own polling, in the order start-up needs.

PTB's `run_polling` needs its Updater; the bot runs without one (`updater(None)`, PTB's
customwebhookbot pattern), so this module does what `run_polling` did: initialize, `post_init`
(which handles unfinished stored updates, then closes overdue polls), start, then poll.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Sequence
from dataclasses import dataclass

from bot.context import BotApp
from bot.delivery.polling import InboxPoller

log = logging.getLogger(__name__)


@dataclass
class RunningBot:
    application: BotApp
    poller: InboxPoller

    async def stop_polling(self) -> None:
        await self.poller.stop()

    async def shut_down(self) -> None:
        """After `stop_polling`: handles what is queued, stops, and closes storage."""
        application = self.application
        if application.running:
            await application.stop()
        await application.shutdown()
        if application.post_shutdown is not None:
            await application.post_shutdown(application)

    async def stop(self) -> None:
        await self.stop_polling()
        await self.shut_down()


async def start(application: BotApp, *, poll_timeout: int = 10) -> RunningBot:
    await application.initialize()
    poller = InboxPoller(application, timeout=poll_timeout)
    try:
        if application.post_init is not None:
            await application.post_init(application)
        await application.start()
        await poller.start()
    except BaseException:
        with contextlib.suppress(Exception):
            await RunningBot(application, poller).shut_down()
        raise
    return RunningBot(application, poller)


async def run(
    application: BotApp, stop_signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM)
) -> None:
    """`rao-bot run`: until a stop signal, or until polling gives up (a rejected token,
    raised here after a clean shutdown)."""
    running = await start(application)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in stop_signals:
        loop.add_signal_handler(sig, stop.set)
    waiters = [
        asyncio.create_task(stop.wait(), name="stop-signal"),
        asyncio.create_task(running.poller.stopped.wait(), name="poller-stopped"),
    ]
    try:
        await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
        for sig in stop_signals:
            with contextlib.suppress(ValueError, RuntimeError):
                loop.remove_signal_handler(sig)
        await running.stop()
    if running.poller.error is not None:
        raise running.poller.error
