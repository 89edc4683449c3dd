"""Sends agenda reminders on time through PTB's JobQueue, with the database as the truth.

The JobQueue is only the alarm clock. Timers are created for the distinct due moments of the
next `WINDOW` (one timer serves every group whose reminder falls on that second), and a
repeating tick every `TICK` catches up anything overdue, plans the next window and, once an
hour, re-derives every group's reminder rows. So 10,000 future reminders cost a handful of
APScheduler jobs, and a restart needs one indexed query to be back on schedule.

Exactly once: a row is claimed (pending -> sending) in a transaction before sending and marked
sent in a transaction right after Telegram accepted it. Claims left by a crash are handed back
at start-up, so a crash in that small window repeats a reminder at most once and never loses
it. A reminder overdue at start-up is still sent if at most 12 hours late (saying so), and
skipped and logged otherwise.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.agenda.service import AgendaService, Outgoing
from bot.clock import now_utc
from bot.context import BotApp, BotContext
from bot.delivery.ledger import send_once

log = logging.getLogger(__name__)

TICK = timedelta(minutes=2)
FIRST_TICK = timedelta(seconds=1)
WINDOW = timedelta(minutes=10)
FULL_SYNC_EVERY = timedelta(hours=1)
DUE_JOB_GRACE = timedelta(hours=12)
SEND_CONCURRENCY = 25
BATCH = 500
TICK_JOB = "agenda-tick"
DUE_JOB_PREFIX = "agenda-due-"


class ReminderScheduler:
    def __init__(self, service: AgendaService) -> None:
        self.service = service
        self.last_full_sync: datetime | None = None
        self.application: BotApp | None = None
        self._send_lock = asyncio.Semaphore(SEND_CONCURRENCY)
        # A line a feature adds under a group's reminders (the competition-law line).
        self.extra_line: Callable[[int], Awaitable[str]] | None = None

    # --- start-up --------------------------------------------------------------------------

    async def on_startup(self, application: BotApp) -> None:
        """Runs after storage opened, before polling: get back on schedule from the database."""
        started = time.perf_counter()
        self.application = application
        job_queue = application.job_queue
        if job_queue is None:
            log.error("agenda reminders need the JobQueue (python-telegram-bot[job-queue])")
            return
        released = await self.service.storage.agenda.release_agenda_reminders()
        if released:
            log.warning("agenda: %d reminder(s) were claimed but not confirmed; retrying", released)
        job_queue.run_repeating(
            self._tick,
            interval=TICK,
            first=FIRST_TICK,
            name=TICK_JOB,
            job_kwargs={
                "id": TICK_JOB,
                "replace_existing": True,
                "misfire_grace_time": int(TICK.total_seconds()),
                "coalesce": True,
                "max_instances": 1,
            },
        )
        now = now_utc()
        overdue = await self.service.storage.agenda.pending_agenda_reminders(now, limit=1)
        if overdue:
            self._schedule(now, name=f"{DUE_JOB_PREFIX}catch-up")
        timers = await self.plan(now)
        self.service.listeners.append(self.replan)
        log.info(
            "agenda: back on schedule in %.1f ms (%d timer(s) in the next %d min%s)",
            (time.perf_counter() - started) * 1000,
            timers,
            WINDOW.total_seconds() // 60,
            ", overdue reminders found" if overdue else "",
        )

    # --- planning --------------------------------------------------------------------------

    async def replan(self) -> None:
        await self.plan(now_utc())

    async def plan(self, now: datetime) -> int:
        """One timer per distinct due moment in (now, now + WINDOW]; returns how many are new."""
        if self.application is None or self.application.job_queue is None:
            return 0
        moments = await self.service.storage.agenda.pending_agenda_due_moments(now, now + WINDOW)
        scheduler = self.application.job_queue.scheduler
        added = 0
        for moment in moments:
            name = f"{DUE_JOB_PREFIX}{moment:%Y%m%dT%H%M%SZ}"
            if scheduler.get_job(name) is None:
                self._schedule(moment, name=name)
                added += 1
        return added

    def _schedule(self, moment: datetime, name: str) -> None:
        assert self.application is not None and self.application.job_queue is not None
        self.application.job_queue.run_once(
            self._due,
            when=moment,
            data=moment,
            name=name,
            job_kwargs={
                "id": name,
                "replace_existing": True,
                "misfire_grace_time": int(DUE_JOB_GRACE.total_seconds()),
            },
        )

    # --- jobs ------------------------------------------------------------------------------

    async def _due(self, context: BotContext) -> None:
        job = context.job
        moment = job.data if job is not None and isinstance(job.data, datetime) else None
        await self.deliver_due(now_utc(), moment)

    async def _tick(self, context: BotContext) -> None:
        now = now_utc()
        await self.deliver_due(now)
        if self.last_full_sync is None or now - self.last_full_sync >= FULL_SYNC_EVERY:
            started = time.perf_counter()
            counts = await self.service.sync_all(now)
            self.last_full_sync = now
            log.info(
                "agenda: reminders synced in %.0f ms (+%d, -%d)",
                (time.perf_counter() - started) * 1000,
                counts.inserted,
                counts.deleted,
            )
        await self.plan(now_utc())

    # --- delivery --------------------------------------------------------------------------

    async def deliver_due(self, now: datetime, upto: datetime | None = None) -> int:
        """Send every pending reminder due by now (or by the timer's moment); returns sent."""
        sent = 0
        for _ in range(20):  # bounded: rows handed back after network trouble stay for the tick
            batch = await self.service.due_reminders(now, upto)
            if not batch:
                break
            results = await asyncio.gather(*(self._send(item, now) for item in batch))
            sent += sum(results)
            if len(batch) < BATCH or not any(results):
                break
            now = now_utc()
        return sent

    async def _send(self, item: Outgoing, now: datetime) -> bool:
        assert self.application is not None
        reminder, bot = item.reminder, self.application.bot
        async with self._send_lock:
            try:
                extra = await self.extra_line(reminder.chat_id) if self.extra_line else ""
                # Tracked: an unknown outcome is not repeated within the minute (README).
                await send_once(
                    self.service.storage,
                    f"agenda-reminder:{reminder.id}",
                    reminder.target_chat,
                    "sendMessage",
                    lambda: bot.send_message(reminder.target_chat, item.html + extra),
                    now,
                )
            except (Forbidden, BadRequest, ChatMigrated) as exc:
                # Final answers, not worth a retry. Forbidden is ordinary (a follower who never
                # started the bot, or a group that removed it), so it is only noted; a rejected
                # message or a migrated chat deserves a warning.
                refused = isinstance(exc, Forbidden)
                log.log(
                    logging.INFO if refused else logging.WARNING,
                    "agenda: reminder %s to %s %s: %s",
                    reminder.id,
                    reminder.target_chat,
                    "refused" if refused else "rejected",
                    exc.message,
                )
                await self.service.mark_failed(item, now_utc(), exc.message)
                return False
            except TelegramError as exc:
                log.warning(
                    "agenda: reminder %s to %s not sent yet (%s); will retry",
                    reminder.id,
                    reminder.target_chat,
                    exc,
                )
                await self.service.release(item)
                return False
            except Exception:
                log.exception("agenda: reminder %s failed; will retry", reminder.id)
                await self.service.release(item)
                return False
            await self.service.mark_sent(item, now_utc())
        log.info(
            "agenda: reminder %s sent to %s%s (due %s)",
            reminder.id,
            reminder.target_chat,
            " late" if item.late else "",
            reminder.due_utc.isoformat(),
        )
        return True
