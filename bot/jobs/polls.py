"""Everything time-driven for polls: posting, closing, reminders and the live turnout.

The database is the truth. Jobs in PTB's JobQueue are only a cache of what the database says
should happen; at start-up they are rebuilt from it, overdue polls are closed at once, and a
result that was not posted (the bot died in between) is posted then. Each reminder is claimed
in the database before it is sent, so it goes out at most once.
"""

from __future__ import annotations

import asyncio
import html
import logging
import time
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import BadRequest, TelegramError
from telegram.ext import Job

from bot.clock import now_utc
from bot.context import BotApp, BotContext, services_of_app
from bot.delivery.ledger import SendPart, send_directly, tracked
from bot.delivery.private import send_private
from bot.dutch_dates import format_moment
from bot.jobs import poll_messages, poll_sharing
from bot.poll_keyboards import poll_keyboard, scan_prompt, vote_keyboard
from bot.polls import records as pr
from bot.polls import render
from bot.polls.render import ResultView
from bot.polls.runtime import PollsRuntime
from bot.texts import board as board_texts
from bot.texts import guided as guided_texts
from bot.texts import votes as vote_texts

log = logging.getLogger(__name__)

CLOSE_GRACE_SECONDS = 30 * 24 * 3600  # a close or reminder that fires late still runs
REFRESH_SECONDS = 5.0  # at most one edit of a poll's group message per this interval
EARLY_TOLERANCE = timedelta(seconds=1)  # a job this much before its stored moment still runs


def _job_kwargs(name: str) -> dict[str, Any]:
    return {"id": name, "replace_existing": True, "misfire_grace_time": CLOSE_GRACE_SECONDS}


def _close_name(poll_id: int) -> str:
    return f"poll-close-{poll_id}"


def _remind_name(poll_id: int, lead: int) -> str:
    return f"poll-remind-{poll_id}-{lead}"


def _refresh_name(poll_id: int) -> str:
    return f"poll-refresh-{poll_id}"


def _polls(application: BotApp) -> PollsRuntime:
    return services_of_app(application).polls


async def status_text(application: BotApp, poll: pr.PollRecord) -> str:
    """The group message of the poll as it stands now."""
    polls = _polls(application)
    return render.status_text(poll, await polls.results.live_status(poll), polls.tz)


async def result_view(application: BotApp, poll: pr.PollRecord) -> ResultView:
    polls = _polls(application)
    return render.result_view(poll, await polls.results.result(poll), polls.tz)


def _queue(application: BotApp) -> Any:
    queue = application.job_queue
    assert queue is not None, "python-telegram-bot[job-queue] is required"
    return queue


# --- posting and scheduling --------------------------------------------------------------


async def post_poll(application: BotApp, poll: pr.PollRecord) -> pr.PollRecord:
    """Posts the poll in its group with its buttons and schedules closing and reminders."""
    message = await application.bot.send_message(
        poll.chat_id,
        await status_text(application, poll),
        reply_markup=_markup(application, poll),
    )
    posted = await _polls(application).votes.posted(poll, message.message_id)
    schedule_poll(application, poll, now_utc())
    await poll_sharing.notify_linked_groups(application, posted)
    return posted


def _markup(application: BotApp, poll: pr.PollRecord) -> InlineKeyboardMarkup:
    return poll_keyboard(poll, application.bot.username)


def schedule_poll(application: BotApp, poll: pr.PollRecord, now: datetime) -> None:
    """(Re)creates the closing job and the reminder jobs still ahead; idempotent by job id."""
    if poll.closes_utc is None or not poll.is_open:
        return
    queue = _queue(application)
    name = _close_name(poll.id)
    queue.run_once(
        _close_job,
        when=max(poll.closes_utc, now + timedelta(milliseconds=10)),
        data=poll.id,
        name=name,
        job_kwargs=_job_kwargs(name),
    )
    for lead in poll.reminder_leads:
        at = poll.closes_utc - timedelta(seconds=lead)
        if at > now:
            name = _remind_name(poll.id, lead)
            queue.run_once(
                _remind_job, when=at, data=(poll.id, lead), name=name, job_kwargs=_job_kwargs(name)
            )


def cancel_jobs(application: BotApp, poll_id: int, *, refresh: bool = True) -> None:
    """Removes the poll's closing and reminder jobs (and its pending refresh, if `refresh`)."""
    queue = _queue(application)
    names = {_close_name(poll_id)}
    if refresh:
        names.add(_refresh_name(poll_id))
    for job in queue.jobs():
        if job.name in names or job.name.startswith(f"poll-remind-{poll_id}-"):
            job.schedule_removal()


async def closing_moved(application: BotApp, poll: pr.PollRecord) -> None:
    """After /verleng stored a new closing time: jobs, reminders and the group message follow.

    Reminders already claimed are never sent again. Leads whose moment now lies in the past
    without having been sent (the closing moved earlier) are handled as at start-up: the
    latest one goes out now, the others are marked skipped.
    """
    now = now_utc()
    cancel_jobs(application, poll.id, refresh=False)
    schedule_poll(application, poll, now)
    await _missed_reminders(application, poll, now)
    await refresh_now(application, poll.id)


# --- closing -----------------------------------------------------------------------------


async def _close_job(context: BotContext) -> None:
    job = context.job
    assert isinstance(job, Job) and isinstance(job.data, int)
    poll = await _polls(context.application).votes.poll(job.data)
    now = now_utc()
    if poll is not None and poll.closes_utc is not None and poll.closes_utc > now + EARLY_TOLERANCE:
        schedule_poll(context.application, poll, now)  # moved later after this job was planned
        return
    await close_and_announce(context.application, job.data, by=None)


async def close_and_announce(
    application: BotApp, poll_id: int, by: int | None, closed_at: datetime | None = None
) -> pr.PollRecord | None:
    """Closes the poll once (None if it was closed already) and posts the result; `closed_at`
    is the closing time to store when it is not now (an overdue poll closes at its deadline)."""
    poll = await _polls(application).votes.close(poll_id, closed_at or now_utc(), by)
    if poll is None:
        return None
    cancel_jobs(application, poll_id)
    await announce(application, poll)
    await poll_messages.refresh_reminders(application, poll_id)
    return poll


async def withdraw_and_announce(
    application: BotApp, poll_id: int, by: int, by_name: str
) -> pr.PollRecord | None:
    """Withdraws the poll once (None if it was withdrawn already): no result, its group
    message and the reminders say so, its jobs stop."""
    poll = await _polls(application).votes.withdraw(poll_id, by, by_name, now_utc())
    if poll is None:
        return None
    cancel_jobs(application, poll_id)
    if poll.message_id is not None:
        try:
            await application.bot.edit_message_text(
                await status_text(application, poll),
                chat_id=poll.chat_id,
                message_id=poll.message_id,
                reply_markup=None,
            )
        except TelegramError as exc:
            log.info("could not update the message of poll %s: %s", poll.id, exc)
    notice = board_texts.withdrawn_notice(poll.id, html.escape(poll.question, quote=False))
    await application.bot.send_message(poll.chat_id, notice)
    await poll_sharing.send_to_linked_groups(application, poll, notice)
    await poll_messages.refresh_reminders(application, poll_id)
    return poll


async def announce(application: BotApp, poll: pr.PollRecord, now: datetime | None = None) -> None:
    """Result, verdict and chart in every group of the organisation; marked as posted only
    when that worked (until then bot.delivery.pending tries again every minute; each part is
    sent once per group, see bot.delivery.ledger). A linked group that refuses the bot is
    skipped; the poll's own group is not."""
    bot = application.bot
    if poll.message_id is not None:
        try:
            await bot.edit_message_text(
                await status_text(application, poll),
                chat_id=poll.chat_id,
                message_id=poll.message_id,
                reply_markup=None,
            )
        except TelegramError as exc:
            log.info("could not update the message of poll %s: %s", poll.id, exc)
    view = await result_view(application, poll)
    storage, moment = services_of_app(application).storage, now or now_utc()
    for chat_id in [poll.chat_id, *await poll_sharing.linked_chats(application, poll)]:
        once = tracked(storage, poll_sharing.result_ref(poll, chat_id), moment)
        try:
            await send_result(bot, chat_id, poll, view, once)
        except TelegramError as exc:
            if chat_id != poll.chat_id and poll_sharing.gone(exc):
                log.info("result of poll %s not posted in group %s: %s", poll.id, chat_id, exc)
                continue
            log.warning("result of poll %s not posted yet (%s); tried again later", poll.id, exc)
            return
    await _polls(application).votes.mark_result_posted(poll.id, now_utc())


async def send_result(
    bot: Bot,
    chat_id: int,
    poll: pr.PollRecord,
    view: ResultView,
    once: SendPart = send_directly,
) -> None:
    await once("text", chat_id, "sendMessage", lambda: bot.send_message(chat_id, view.text))
    chart = await asyncio.to_thread(_chart, view)
    if chart is not None:
        await once(
            "chart",
            chat_id,
            "sendPhoto",
            lambda: bot.send_photo(
                chat_id,
                chart,
                caption=vote_texts.chart_caption(poll.id),
                filename=guided_texts.file_chart(poll.id),
            ),
        )


def _chart(view: ResultView) -> bytes | None:
    # matplotlib costs most of a second to import: loaded when the first chart is drawn, not
    # at start-up (issue 12: time to polling).
    from bot.polls.chart import render_bar_chart, render_maturity_chart

    if view.scan is not None:
        if view.scan.respondents == 0:
            return None
        return render_maturity_chart(view.scan)
    if not view.labels:
        return None
    return render_bar_chart(
        view.chart_title, view.labels, view.counts, view.chart_subtitle, total=view.chart_total
    )


# --- reminders ---------------------------------------------------------------------------


async def _remind_job(context: BotContext) -> None:
    job = context.job
    assert isinstance(job, Job) and isinstance(job.data, tuple)
    poll_id, lead = int(job.data[0]), int(job.data[1])
    poll = await _polls(context.application).votes.poll(poll_id)
    at = poll.closes_utc - timedelta(seconds=lead) if poll and poll.closes_utc else None
    if at is not None and at > now_utc() + EARLY_TOLERANCE:
        return  # the closing moved after this job was planned; its new job sends it
    await send_reminders(context.application, poll_id, lead=lead)


async def send_reminders(
    application: BotApp, poll_id: int, *, lead: int | None
) -> tuple[int, list[str]] | None:
    """Nudges every member whose unit has not voted; returns (sent, problems for the board).

    With a `lead` (automatic reminder) the (poll, lead) pair is claimed first so that it is
    sent at most once, and problems are reported to the board privately. None when nothing
    was done (closed poll, or this reminder went out already).
    """
    polls = _polls(application)
    poll = await polls.votes.poll(poll_id)
    if poll is None or not poll.is_open:
        return None
    now = now_utc()
    if lead is not None and not await polls.votes.claim_reminder(poll_id, lead, now):
        return None
    plan = await polls.results.reminder_plan(poll)
    closes = format_moment(poll.closes_utc, polls.tz) if poll.closes_utc else None
    answers = (
        await polls.results.scan_answers_by_user(poll) if poll.kind is pr.StoredKind.SCAN else {}
    )
    sent = 0
    failed: set[int] = set()
    for target in plan.targets:
        own = answers.get(target.user_id, {})
        text, markup = _reminder_message(poll, target.unit_label, closes, own)
        if await poll_messages.send_reminder(application, poll, target, text, markup):
            sent += 1
        else:
            failed.add(target.user_id)
    problems = render.reminder_problems(plan, failed)
    if lead is not None and problems:
        await report_to_board(
            application,
            poll,
            board_texts.reminder_report(poll.id, sent, problems, render.poll_ref(poll)),
        )
    return sent, problems


def _reminder_message(
    poll: pr.PollRecord,
    unit_label: str,
    closes: str | None,
    answers: dict[str, int],
) -> tuple[str, InlineKeyboardMarkup]:
    question = html.escape(poll.question, quote=False)
    if poll.kind is pr.StoredKind.SCAN:
        prompt = scan_prompt(poll, answers)
        intro = vote_texts.scan_reminder(poll.id, closes)
        if prompt is None:
            return intro, InlineKeyboardMarkup([])
        return f"{intro}\n\n{prompt[0]}", prompt[1]
    text = vote_texts.vote_reminder(
        poll.id, question, closes, html.escape(unit_label, quote=False), poll.unit
    )
    return f"{text}\n{render.secrecy_line(poll)}", vote_keyboard(poll)


async def report_to_board(application: BotApp, poll: pr.PollRecord, text: str) -> None:
    """Privately to the administrators of the organisation's groups and the operators; the
    poll's group if none is reachable, because a problem nobody sees is a problem that stays."""
    services = services_of_app(application)
    recipients = set(services.settings.admins)
    org = await services.polls.orgs.organisation(poll.org_id)
    chat_ids = dict.fromkeys([poll.chat_id, *(org.chat_ids if org else ())])
    for chat_id in chat_ids:
        try:
            administrators = await application.bot.get_chat_administrators(chat_id)
            recipients |= {a.user.id for a in administrators if not a.user.is_bot}
        except TelegramError as exc:
            log.info("could not list administrators of %s: %s", chat_id, exc)
    delivered = False
    for user_id in sorted(recipients):
        try:
            delivered = await send_private(application.bot, user_id, text) or delivered
        except TelegramError as exc:
            log.info("could not report to %s: %s", user_id, exc)
    if not delivered:
        await application.bot.send_message(poll.chat_id, text)


# --- live turnout ------------------------------------------------------------------------


def request_refresh(application: BotApp, poll_id: int) -> None:
    """Debounced: at most one edit per poll every REFRESH_SECONDS (Telegram allows a bot about
    20 messages a minute in a group, edits included)."""
    state = services_of_app(application).polls
    if poll_id in state.refresh_pending:
        return
    state.refresh_pending.add(poll_id)
    last = state.last_refresh.get(poll_id)
    delay = 0.0 if last is None else max(0.0, last + REFRESH_SECONDS - time.monotonic())
    name = _refresh_name(poll_id)
    _queue(application).run_once(
        _refresh_job, when=delay, data=poll_id, name=name, job_kwargs=_job_kwargs(name)
    )


async def _refresh_job(context: BotContext) -> None:
    job = context.job
    assert isinstance(job, Job) and isinstance(job.data, int)
    await refresh_now(context.application, job.data)


async def refresh_now(application: BotApp, poll_id: int) -> None:
    state = _polls(application)
    state.refresh_pending.discard(poll_id)
    state.last_refresh[poll_id] = time.monotonic()
    await poll_messages.refresh_reminders(application, poll_id)
    poll = await state.votes.poll(poll_id)
    if poll is None or not poll.is_open or poll.message_id is None:
        return
    try:
        await application.bot.edit_message_text(
            await status_text(application, poll),
            chat_id=poll.chat_id,
            message_id=poll.message_id,
            reply_markup=_markup(application, poll),
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            log.info("could not refresh poll %s: %s", poll_id, exc)
    except TelegramError as exc:
        log.info("could not refresh poll %s: %s", poll_id, exc)


# --- start-up ----------------------------------------------------------------------------


async def startup(application: BotApp) -> None:
    """Rebuilds jobs from the database, closes overdue polls and posts unposted results."""
    polls = _polls(application)
    await polls.conversations.restore()
    for poll in await polls.votes.unposted_results():
        await announce(application, poll)
    now = now_utc()
    for poll in await polls.votes.open_polls():
        try:
            if poll.due(now):
                await close_and_announce(application, poll.id, by=None, closed_at=poll.closes_utc)
                continue
            schedule_poll(application, poll, now)
            await _missed_reminders(application, poll, now)
        except Exception:
            log.exception("could not restore poll %s at start-up", poll.id)


async def _missed_reminders(application: BotApp, poll: pr.PollRecord, now: datetime) -> None:
    """Reminders that fell due while the bot was down: only the latest one is still sent."""
    latest = await _polls(application).votes.missed_reminder(poll, now)
    if latest is not None:
        await send_reminders(application, poll.id, lead=latest)
