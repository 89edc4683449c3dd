"""Long polling that stores before it confirms (PTB's Updater confirms too early for us).

PTB's `Updater` puts a batch on the update queue and asks the next `getUpdates` at once, which
confirms the batch to Telegram while it may still be waiting to be handled: a crash then loses
it. This loop asks `getUpdates` with the bot's own `get_updates`, stores the batch in the inbox
(`intake.take_in`) and only then asks again with the higher offset that confirms it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from datetime import timedelta

from telegram import Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot.context import BotApp
from bot.delivery.intake import take_in

log = logging.getLogger(__name__)

# What the bot asks Telegram for, polling and webhook alike. Naming a list replaces Telegram's
# default, so `my_chat_member` (the bot added to or removed from a group) must be in it.
ALLOWED_UPDATES = ("message", "callback_query", "inline_query", "poll_answer", "my_chat_member")
BACKOFF_FIRST = 0.2  # seconds after the first failure in a row, doubling up to BACKOFF_MAX
BACKOFF_MAX = 10.0


def backoff(failures: int) -> float:
    """Exponential with full jitter: restarts after an outage do not all ask at once."""
    ceiling = min(BACKOFF_MAX, BACKOFF_FIRST * 2 ** max(0, failures - 1))
    return random.uniform(ceiling / 2, ceiling)


class InboxPoller:
    """One `getUpdates` loop feeding `application.update_queue`; start once, stop once."""

    def __init__(
        self,
        application: BotApp,
        *,
        timeout: int = 10,
        limit: int = 100,
        allowed_updates: tuple[str, ...] = ALLOWED_UPDATES,
    ) -> None:
        self.application = application
        self.timeout, self.limit, self.allowed_updates = timeout, limit, list(allowed_updates)
        self.error: BaseException | None = None  # why it stopped by itself (a rejected token)
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self._waiting = False  # inside getUpdates: the only place a stop may cancel it
        self._wake = asyncio.Event()
        self.stopped = asyncio.Event()

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="inbox-poller")

    async def stop(self) -> None:
        """Ends polling; a batch being stored is stored (and queued) first."""
        self._stopping = True
        self._wake.set()
        task = self._task
        if task is None:
            return
        if self._waiting:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    async def _run(self) -> None:
        try:
            await self._poll()
        except InvalidToken as exc:  # nothing a retry can fix
            self.error = exc
            log.error("polling stopped: %s", exc)
        finally:
            self.stopped.set()

    async def _poll(self) -> None:
        bot = self.application.bot
        failures = 0
        offset = 0  # 0: Telegram sends everything it holds, re-deliveries included
        webhook_cleared = False
        while not self._stopping:
            try:
                self._waiting = True
                if not webhook_cleared:
                    # As PTB's Updater does: a webhook left behind makes getUpdates fail.
                    await bot.delete_webhook(drop_pending_updates=False)
                    webhook_cleared = True
                updates: tuple[Update, ...] = await bot.get_updates(
                    offset=offset or None,
                    timeout=self.timeout,
                    limit=self.limit,
                    allowed_updates=self.allowed_updates,
                )
            except InvalidToken:
                raise
            except RetryAfter as exc:
                failures += 1
                retry = exc.retry_after
                await self._pause(retry.total_seconds() if isinstance(retry, timedelta) else retry)
                continue
            except Conflict as exc:
                failures += 1
                log.error("getUpdates conflict (another instance or a webhook?): %s", exc)
                await self._pause(max(5.0, backoff(failures)))
                continue
            except TelegramError as exc:
                failures += 1
                log.warning("getUpdates failed (%s); retrying", exc)
                await self._pause(backoff(failures))
                continue
            except Exception:  # e.g. a batch PTB could not parse: logged, asked again
                failures += 1
                log.exception("getUpdates failed; retrying")
                await self._pause(backoff(failures))
                continue
            finally:
                self._waiting = False
            failures = 0
            if not updates:
                continue
            try:
                await take_in(self.application, updates)
            except Exception:
                # Not stored, so not confirmed: the same offset asks for them again.
                log.exception("could not store %d received update(s); asking again", len(updates))
                await self._pause(backoff(1))
                continue
            offset = max(u.update_id for u in updates) + 1

    async def _pause(self, seconds: float) -> None:
        """Waits, unless a stop comes first."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), seconds)
