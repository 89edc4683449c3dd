"""The knowledge feature's rules between the handlers and the database.

- Questions: the search decides; a question the bot could not answer is kept for the board
  WITHOUT the asker (text, time, and the group or the asker's organisation). "Could not
  answer" is defined simply: the outcome was "I don't know", or it was a few suggestions and
  none of them was tapped within SUGGEST_SESSION of the question. The board sees them grouped
  by their normalised text, most frequent first.
- Ratings: a member rates an entry 👍 or 👎 once; rating again replaces the earlier rating.
- Guard: every risky message is considered, and a member is warned at most once per
  GUARD_QUIET (others in the group are still warned). The compliance log keeps signal, rule,
  time and group of each risky message, never the sender; the text only where the group's board
  turned that on (`/acmwacht log aan`), since a member's message may say more than the board
  needs to keep.
- The short competition-law line under meeting reminders, per group, off by default.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.config import Settings
from bot.knowledge.guard import GuardVerdict, assess
from bot.knowledge.loader import Knowledge
from bot.knowledge.normalize import normalized
from bot.knowledge.records import GuardSettings, RatingCount, UnansweredGroup, Vote
from bot.knowledge.search import SearchResult
from bot.storage import Storage
from bot.texts import knowledge as texts

SUGGEST_SESSION = timedelta(minutes=30)  # a suggestion tapped later no longer counts
GUARD_QUIET = timedelta(minutes=30)  # per member
REPORT_LIMIT = 15
DISLIKED_LIMIT = 5
NOT_KNOWLEDGE = ("greeting", "thanks", "bot_help")  # no question for the knowledge
GUARD_SETTINGS = ("enabled", "log_text", "reminder_line")

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class Asker:
    """Where a question was asked. `user_id` only finds a private asker's organisation; it is
    never stored with the question."""

    chat_id: int
    in_group: bool
    user_id: int | None


@dataclass(frozen=True)
class Answered:
    result: SearchResult
    question_id: int | None = None  # kept as unanswered: its suggestions report their taps


@dataclass(frozen=True)
class BoardReport:
    unanswered: list[UnansweredGroup]
    disliked: list[tuple[str, RatingCount]]  # entry title, counts


@dataclass(frozen=True)
class GuardCheck:
    verdict: GuardVerdict
    warn: bool  # the guard is on and this member was not warned within GUARD_QUIET


class KnowledgeService:
    def __init__(self, storage: Storage, knowledge: Knowledge, clock: Clock | None = None):
        self.storage = storage
        self.knowledge = knowledge
        self.clock = clock or (lambda: datetime.now(UTC))

    def reload(self, settings: Settings) -> Knowledge:
        """New knowledge from the files; raises KnowledgeError and keeps the old one."""
        from bot.assembly import build_knowledge

        self.knowledge = build_knowledge(settings)
        return self.knowledge

    # --- questions -------------------------------------------------------------------------

    async def ask(self, query: str, asker: Asker) -> Answered:
        result = self.knowledge.index.search(query)
        if result.intent.kind in NOT_KNOWLEDGE or result.outcome == "answer":
            return Answered(result)
        if result.outcome == "suggest" and not result.suggestions:
            return Answered(result)
        text = " ".join(query.split())
        if not text:
            return Answered(result)
        question_id = await self.storage.knowledge.record_question(
            self.clock(),
            text,
            normalized(text) or text.lower(),
            asker.chat_id if asker.in_group else None,
            await self._organisation(asker),
            result.outcome,
            [hit.id for hit in result.suggestions],
        )
        return Answered(result, question_id)

    async def _organisation(self, asker: Asker) -> int | None:
        if asker.in_group:
            org = await self.storage.orgs.organisation_for_chat(asker.chat_id)
            return org.id if org else None
        if asker.user_id is None:
            return None
        orgs = await self.storage.orgs.member_organisations(asker.user_id)
        return orgs[0].id if len(orgs) == 1 else None  # several: none is the asker's "own"

    async def tap_suggestion(self, question_id: int, pick: int) -> str | None:
        """The entry behind suggestion `pick`; a tap within the session answers the question."""
        found = await self.storage.knowledge.suggestions(question_id)
        if found is None or not 0 <= pick < len(found[0]):
            return None
        suggested, asked = found
        now = self.clock()
        if now - asked <= SUGGEST_SESSION:
            await self.storage.knowledge.mark_tapped(question_id, now)
        return suggested[pick]

    async def board_report(self, chat_id: int | None, everywhere: bool) -> BoardReport:
        """Unanswered questions of a group (asked there, or privately by its organisation's
        members), or everywhere for an operator; the entries with the most 👎."""
        org = await self.storage.orgs.organisation_for_chat(chat_id) if chat_id else None
        settled = self.clock() - SUGGEST_SESSION
        groups = await self.storage.knowledge.unanswered_groups(
            settled, chat_id, org.id if org else None, everywhere, REPORT_LIMIT
        )
        entries = self.knowledge.entries
        disliked = [
            (entries[c.entry_id].title if c.entry_id in entries else c.entry_id, c)
            for c in await self.storage.knowledge.rating_counts(DISLIKED_LIMIT)
        ]
        return BoardReport(groups, disliked)

    async def unanswered_export(self, fmt: str) -> str:
        """Every unanswered question for the operator (`rao-bot unanswered`), CSV or JSON."""
        import json

        rows = await self.storage.knowledge.unanswered(self.clock() - SUGGEST_SESSION)
        records = [
            {
                "asked_utc": r.asked_utc.isoformat(),
                "text": r.text,
                "normalized": r.normalized,
                "chat_id": r.chat_id,
                "org_id": r.org_id,
                "outcome": r.outcome,
            }
            for r in rows
        ]
        if fmt == "json":
            return json.dumps(records, ensure_ascii=False, indent=2)
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(records[0]) if records else ["text"])
        writer.writeheader()
        writer.writerows(records)
        return out.getvalue()

    # --- ratings ---------------------------------------------------------------------------

    async def rate(self, entry_id: str, user_id: int, vote: Vote) -> Vote | None:
        """Returns the member's earlier rating of the entry (None: the first)."""
        return await self.storage.knowledge.rate(entry_id, user_id, vote, self.clock())

    # --- guard -----------------------------------------------------------------------------

    async def guard_settings(self, chat_id: int) -> GuardSettings:
        return await self.storage.knowledge.guard_settings(chat_id)

    async def set_guard_setting(self, chat_id: int, name: str, on: bool) -> GuardSettings:
        if name not in GUARD_SETTINGS:
            raise ValueError(name)
        await self.storage.knowledge.set_guard_setting(chat_id, name, on)
        return await self.guard_settings(chat_id)

    async def check_message(self, chat_id: int, user_id: int, text: str) -> GuardCheck:
        verdict = assess(text)
        if not verdict.risky:
            return GuardCheck(verdict, False)
        settings = await self.guard_settings(chat_id)
        if not settings.enabled:
            return GuardCheck(verdict, False)
        now = self.clock()
        warn = await self.storage.knowledge.claim_guard_warning(chat_id, user_id, now, GUARD_QUIET)
        await self.storage.knowledge.log_guard_signal(
            chat_id,
            now,
            verdict.signal or "prices",
            verdict.rule,
            text if settings.log_text else None,
            warn,
        )
        return GuardCheck(verdict, warn)

    async def guard_log_csv(self, chat_id: int, tz: ZoneInfo) -> tuple[bytes, int]:
        rows = await self.storage.knowledge.guard_log(chat_id)
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        writer.writerow(texts.ACMLOG_HEADER)
        for row in rows:
            writer.writerow(
                [
                    row.logged_utc.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
                    texts.GUARD_SIGNAL_NAMES.get(row.signal, row.signal),
                    row.rule or "",
                    texts.ACMLOG_YES if row.warned else texts.ACMLOG_NO,
                    row.text or "",
                ]
            )
        return out.getvalue().encode("utf-8-sig"), len(rows)

    async def reminder_line(self, chat_id: int) -> str:
        """The line under a meeting reminder of this group ("" unless the board turned it on)."""
        settings = await self.guard_settings(chat_id)
        return f"\n\n{texts.REMINDER_LINE}" if settings.reminder_line else ""
