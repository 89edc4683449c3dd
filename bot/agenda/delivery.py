"""Which reminder rows a group should have, and handing the due ones to the sender.

Reminders are rows, one per (event occurrence, lead time, target chat), kept per group.
`sync_group` derives the rows a group should have from the shared agenda (meetings and
milestones of every linked group), the group's lead times, whether the group wants them
posted, and its followers, and makes the table match; every change calls it, so the
database is the truth and the scheduler only ever reads it. The occurrences come from
`AgendaEvent.expand`, the same that /agenda lists and the .ics describes, so a cancelled
occurrence has no reminder and a moved one has them at its new moment.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.agenda import records as ar
from bot.agenda.events import AgendaEvent
from bot.agenda.reminders import (
    DEFAULT_MAX_LATE,
    LeadTime,
    delivery_decision,
    occurrence_reminders,
)
from bot.dutch_dates import format_day, format_moment
from bot.texts import agenda as texts

if TYPE_CHECKING:
    from bot.agenda.service import AgendaService

log = logging.getLogger(__name__)

HORIZON = timedelta(days=366)  # reminders exist for occurrences this far ahead
MAX_LATE = DEFAULT_MAX_LATE


@dataclass(frozen=True)
class Outgoing:
    """A claimed reminder and the message to send for it."""

    reminder: ar.Reminder
    html: str
    late: bool


@dataclass(frozen=True)
class ReminderPlan:
    """What one group's reminder rows follow from: events with their leads, and targets."""

    events: dict[str, tuple[AgendaEvent, Sequence[LeadTime]]]
    targets: tuple[int, ...]


class ReminderDelivery:
    def __init__(self, service: AgendaService) -> None:
        self.service = service
        self.storage = service.storage
        self.tz = service.tz

    async def plan(self, chat_id: int) -> ReminderPlan:
        """Events of the shared agenda and who gets reminded from this group's rows: the group
        (unless it switched posting off) and its followers, except members who follow an
        earlier-linked group of the same agenda (they get that group's copy)."""
        service = self.service
        scope = await service.scope(chat_id)
        settings = await self.storage.agenda.agenda_settings(chat_id)
        targets = [chat_id] if settings.post_reminders else []
        covered: set[int] = set()
        for earlier in scope[: scope.index(chat_id)] if chat_id in scope else []:
            covered.update(await self.storage.agenda.agenda_followers(earlier))
        targets += [
            user
            for user in await self.storage.agenda.agenda_followers(chat_id)
            if user not in covered
        ]
        leads, _ = await service.leads(chat_id)
        milestone_leads = service.milestone_leads(leads)
        events: dict[str, tuple[AgendaEvent, Sequence[LeadTime]]] = {}
        for event in await service.events(chat_id):
            timed_meeting = event.kind == "meeting" and not event.all_day
            events[event.uid] = (event, leads if timed_meeting else milestone_leads)
        return ReminderPlan(events, tuple(targets))

    async def wanted_reminders(self, chat_id: int, now: datetime) -> list[ar.ReminderDraft]:
        plan = await self.plan(chat_id)
        if not plan.targets:
            return []
        return [
            ar.ReminderDraft(chat_id, target, uid, start, str(lead), due)
            for uid, start, lead, due in occurrence_reminders(
                plan.events.values(), self.tz, now, now + HORIZON
            )
            for target in plan.targets
        ]

    async def sync_group(self, chat_id: int, now: datetime) -> ar.SyncCounts:
        wanted = await self.wanted_reminders(chat_id, now)
        return await self.storage.agenda.sync_agenda_reminders(chat_id, wanted, now)

    async def sync_all(self, now: datetime) -> ar.SyncCounts:
        """Every group at once: new occurrences entering the horizon, edited schedule files,
        and groups that were linked to an organisation since."""
        chats: set[int] = set()
        for chat_id in await self.storage.agenda.agenda_chats():
            chats.update(await self.service.scope(chat_id))
        inserted = deleted = 0
        for chat_id in sorted(chats):
            counts = await self.sync_group(chat_id, now)
            inserted += counts.inserted
            deleted += counts.deleted
        return ar.SyncCounts(inserted, deleted)

    # --- delivery --------------------------------------------------------------------------

    async def due_reminders(self, now: datetime, upto: datetime | None = None) -> list[Outgoing]:
        """Claim the pending reminders due by `upto` and return what to send for each.

        Too late (over 12 hours, or the event already began): marked skipped and logged.
        Event gone (meeting or occurrence cancelled, schedule unsubscribed, member
        unfollowed, posting switched off): cancelled. A claim is atomic, so two timers firing
        together never send the same row twice.
        """
        rows = await self.storage.agenda.pending_agenda_reminders(max(now, upto or now))
        if not rows:
            return []
        titles = await self.storage.chats.group_chats()
        plans: dict[int, ReminderPlan] = {}
        outgoing: list[Outgoing] = []
        skipped: list[int] = []
        cancelled: list[int] = []
        for row in rows:
            if row.chat_id not in plans:
                plans[row.chat_id] = await self.plan(row.chat_id)
            event = self._resolve(plans[row.chat_id], row)
            if event is None:
                cancelled.append(row.id)
                continue
            decision = delivery_decision(
                row.due_utc, now, MAX_LATE, event_start_utc=row.occurrence_utc
            )
            if decision == "skip":
                log.warning(
                    "skipping reminder %s (%s, lead %s, chat %s): due %s, now %s",
                    row.id,
                    row.event_uid,
                    row.lead,
                    row.target_chat,
                    row.due_utc.isoformat(),
                    now.isoformat(),
                )
                skipped.append(row.id)
                continue
            late = decision == "late"
            group = titles.get(row.chat_id) or texts.UNKNOWN_GROUP
            outgoing.append(Outgoing(row, self.reminder_html(event, row, now, late, group), late))
        if skipped:
            await self.storage.agenda.finish_agenda_reminders(
                skipped, ar.ReminderState.SKIPPED, now, note="too late"
            )
        if cancelled:
            await self.storage.agenda.finish_agenda_reminders(
                cancelled, ar.ReminderState.CANCELLED, now, note="event gone"
            )
        claimed = set(
            await self.storage.agenda.claim_agenda_reminders([o.reminder.id for o in outgoing], now)
        )
        return [o for o in outgoing if o.reminder.id in claimed]

    def _resolve(self, plan: ReminderPlan, row: ar.Reminder) -> AgendaEvent | None:
        """The event of a reminder row as it is now, or None when the row is no longer wanted."""
        if row.target_chat not in plan.targets or row.event_uid not in plan.events:
            return None
        event, _ = plan.events[row.event_uid]
        moment = row.occurrence_utc
        for occurrence in event.expand(self.tz, moment, moment + timedelta(seconds=1)):
            if occurrence.moved or occurrence.title != event.title:
                return _as_occurrence(event, occurrence.title, occurrence.location)
            return event
        return None

    def reminder_html(
        self,
        event: AgendaEvent,
        row: ar.Reminder,
        now: datetime,
        late: bool,
        group: str,
    ) -> str:
        start = row.occurrence_utc
        local_start, local_now = start.astimezone(self.tz), now.astimezone(self.tz)
        relative = texts.relative_label(
            (local_start.date() - local_now.date()).days,
            max(0, round((start - now).total_seconds() / 60)),
        )
        lines = []
        if row.target_chat != row.chat_id:
            lines.append(texts.REMINDER_FROM_GROUP.format(group=html.escape(group, quote=False)))
        lines.append(texts.REMINDER_HEADER.format(title=html.escape(event.title, quote=False)))
        if event.kind == "milestone" or event.all_day:
            day = format_day(start, self.tz)
            lines.append(texts.REMINDER_WHEN_DAY.format(day=day, relative=relative))
        else:
            moment = format_moment(start, self.tz)
            lines.append(texts.REMINDER_WHEN.format(moment=moment, relative=relative))
        if event.location:
            place = html.escape(event.location, quote=False)
            lines.append(texts.REMINDER_PLACE.format(place=place))
        if event.kind == "milestone":
            if event.description:
                lines += ["", html.escape(event.description, quote=False)]
            if event.status == "verwacht":
                lines.append(texts.REMINDER_EXPECTED)
            if event.source:
                source = html.escape(event.source, quote=False)
                lines.append(texts.REMINDER_SOURCE.format(source=source))
        if late:
            lines.append(texts.REMINDER_LATE)
        return "\n".join(lines)

    async def finish(
        self,
        outgoing: Outgoing,
        state: ar.ReminderState,
        now: datetime,
        note: str | None = None,
    ) -> None:
        await self.storage.agenda.finish_agenda_reminders(
            [outgoing.reminder.id], state, now, late=outgoing.late, note=note
        )


def _as_occurrence(event: AgendaEvent, title: str, location: str | None) -> AgendaEvent:
    """A moved or retitled occurrence as the event its reminder talks about."""
    return replace(event, title=title, location=location)
