"""Operator tools in the chat: /status. Operators are the ids in RAO_BOT_ADMINS."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.permissions import is_operator
from bot.texts import ops as texts


async def status_command(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    if not await is_operator(context, update.effective_user):
        await message.reply_text(texts.OPERATOR_ONLY)
        return
    jobs = len(context.job_queue.jobs()) if context.job_queue is not None else 0
    report = await context.ops.status(jobs)
    last = report.last_error
    await message.reply_text(
        texts.status(
            version=report.version,
            uptime=texts.duration(report.uptime_seconds),
            database_mb=report.database_bytes / 1_000_000,
            jobs=report.scheduled_jobs,
            pending_reminders=report.pending_reminders,
            open_polls=report.open_polls,
            errors=report.errors,
            last_error=f"{last.at:%Y-%m-%d %H:%M} UTC: {last.summary}" if last else None,
        )
    )
