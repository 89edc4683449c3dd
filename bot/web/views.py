"""What each dashboard page shows, gathered from the services as plain values for a template.

Reads only, through the same services the chat commands use, so a page and a command can
never disagree. Who has not voted is listed by voting unit, never with a choice: a secret
vote's choices are not even loaded here (the tally is counts only).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

from markupsafe import Markup

from bot.agenda.calendar_desk import VoteLink
from bot.context import Services
from bot.dutch_words import format_moment
from bot.polls import records as pr
from bot.polls import voting
from bot.polls.export import ExportData, export_files
from bot.polls.maturity import format_score
from bot.polls.results import ResultService, Votes
from bot.polls.roster_service import RosterService, RosterView, roster_view
from bot.polls.rules import VotingUnit, format_percent
from bot.polls.tally import Tally
from bot.storage import Storage
from bot.storage.web import WebRepository
from bot.texts import web as texts
from bot.web.charts import bar_chart_svg

DECISIONS_SHOWN = 20
CLOSED_SHOWN = 12  # closed votes listed on the board page
SCANS_SHOWN = 6  # scans in the trend table
FROZEN_KEPT = 200  # closed votes whose chart is kept


@dataclass(frozen=True)
class OpenVote:
    poll: pr.PollRecord
    voted: int
    eligible: int
    turnout: str
    quorum: str | None
    not_voted: list[str]
    closes: str | None
    scan: bool


@dataclass(frozen=True)
class ClosedVote:
    poll: pr.PollRecord
    verdict: str
    closed: str
    turnout: str


@dataclass(frozen=True)
class ScanTrend:
    columns: list[str]  # one per scan: its date
    levels: list[int]
    respondents: list[int]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # statement, mean per scan


def _turnout(voted: int, eligible: int) -> str:
    share = Fraction(voted, eligible) if eligible else Fraction(0)
    return texts.turnout_line(voted, eligible, format_percent(share))


def _quorum(tally: Tally) -> str | None:
    if tally.quorum is None:
        return None
    required = tally.quorum.required(tally.eligible_units)
    return texts.quorum_line(
        tally.quorum.describe(), required, tally.eligible_units, bool(tally.quorum_met)
    )


@dataclass
class RosterSnapshot:
    mark: int | None  # the database's change mark when read
    members: list[pr.Member]
    pharmacies: list[pr.Pharmacy]
    units: dict[VotingUnit, list[pr.VotingUnitInfo]] = field(default_factory=dict)


class _PageRoster(RosterService):
    """The roster read once per page: every vote on a page counts against the same voting
    units, and with 2,000 members reading and building them is most of a page's time."""

    def __init__(self, storage: Storage, snapshots: dict[int, RosterSnapshot]) -> None:
        super().__init__(storage)
        self._snapshots = snapshots
        self._mark: int | None = None
        self._marked = False

    async def mark(self) -> int | None:
        """The database's change mark as this page began reading."""
        if not self._marked:
            self._mark = await WebRepository(self.storage.db).change_mark()
            self._marked = True
        return self._mark

    async def _read(self, org_id: int) -> RosterSnapshot:
        """The roster as of this page; kept for the next page while nothing was written to
        the database since (any write at all makes the next page read it again)."""
        await self.mark()
        kept = self._snapshots.get(org_id)
        if kept is None or kept.mark is None or kept.mark != self._mark:
            members = await self.storage.roster.members(org_id)
            pharmacies = await self.storage.roster.pharmacies(org_id)
            kept = RosterSnapshot(self._mark, members, pharmacies)
            self._snapshots[org_id] = kept
        return kept

    async def voting_units(self, org_id: int, unit: VotingUnit) -> list[pr.VotingUnitInfo]:
        snapshot = await self._read(org_id)
        if unit not in snapshot.units:
            units = voting.voting_units(unit, snapshot.members, snapshot.pharmacies)
            snapshot.units[unit] = units
        return snapshot.units[unit]

    async def roster(self, org_id: int) -> RosterView:
        snapshot = await self._read(org_id)
        return roster_view(snapshot.pharmacies, snapshot.members)


Split = tuple[list[pr.VotingUnitInfo], list[pr.VotingUnitInfo]]


@dataclass
class Kept:
    """What earlier pages read, by poll id, with the change mark it was read at."""

    live: dict[int, tuple[int | None, tuple[int, Votes]]] = field(default_factory=dict)
    split: dict[int, tuple[int | None, Split]] = field(default_factory=dict)


class _PageResults(ResultService):
    """The polls' own counting rules (nothing re-implemented here), with what they read kept
    for the next page until the database changes."""

    def __init__(self, storage: Storage, snapshots: dict[int, RosterSnapshot], kept: Kept) -> None:
        self.page_roster = _PageRoster(storage, snapshots)
        super().__init__(storage, self.page_roster)
        self._kept = kept
        self._units: dict[int, list[pr.VotingUnitInfo]] = {}

    async def units(self, poll: pr.PollRecord) -> list[pr.VotingUnitInfo]:
        """Read once per page: turnout, the not-voted list and the tally of one vote all
        start from its voting units (2,000 rows for a large RAO)."""
        if poll.id not in self._units:
            self._units[poll.id] = await super().units(poll)
        return self._units[poll.id]

    async def live_votes(self, poll: pr.PollRecord) -> tuple[int, Votes]:
        mark = await self.page_roster.mark()
        found = self._kept.live.get(poll.id)
        if found is None or found[0] is None or found[0] != mark:
            found = (mark, await super().live_votes(poll))
            self._kept.live[poll.id] = found
        return found[1]

    async def voted_split(self, poll: pr.PollRecord) -> Split:
        mark = await self.page_roster.mark()
        found = self._kept.split.get(poll.id)
        if found is None or found[0] is None or found[0] != mark:
            found = (mark, await super().voted_split(poll))
            self._kept.split[poll.id] = found
        return found[1]

    def forget_closed(self, open_ids: set[int]) -> None:
        for store in (self._kept.live, self._kept.split):
            for poll_id in set(store) - open_ids:
                del store[poll_id]


class Pages:
    def __init__(self, services: Services, link: VoteLink) -> None:
        self.services = services
        self.polls = services.polls
        self.link = link
        self.results = services.polls.results
        # A closed vote's chart and export names never change: drawn once (LRU by poll id).
        self.frozen: OrderedDict[int, tuple[str, list[str]]] = OrderedDict()
        self.snapshots: dict[int, RosterSnapshot] = {}  # by organisation
        self.kept = Kept()  # open polls' counts

    def page(self) -> Pages:
        """A view for one page: the same services, with the roster read once."""
        view = Pages(self.services, self.link)
        view.frozen = self.frozen
        view.results = _PageResults(self.services.storage, self.snapshots, self.kept)
        return view

    def moment(self, when: datetime | None) -> str | None:
        return format_moment(when, self.polls.tz) if when is not None else None

    async def open_vote(self, poll: pr.PollRecord) -> OpenVote:
        results = self.results
        _, missing = await results.voted_split(poll)
        if poll.kind is pr.StoredKind.SCAN:
            done, members = await results.scan_turnout(poll)
            return OpenVote(
                poll,
                done,
                members,
                _turnout(done, members),
                None,
                [u.label for u in missing],
                self.moment(poll.closes_utc),
                True,
            )
        tally = await results.tally(poll)
        return OpenVote(
            poll,
            tally.voted_units,
            tally.eligible_units,
            _turnout(tally.voted_units, tally.eligible_units),
            _quorum(tally),
            [u.label for u in missing],
            self.moment(poll.closes_utc),
            False,
        )

    async def closed_vote(self, poll: pr.PollRecord) -> ClosedVote:
        if poll.kind is pr.StoredKind.SCAN:
            scan = (await self.results.result(poll)).scan
            level = f"{texts.LEVEL} {scan.level}" if scan else ""
            count = scan.respondents if scan else 0
            return ClosedVote(poll, level, self.moment(poll.closed_utc) or "", f"{count}")
        tally = await self.results.tally(poll)
        verdict = tally.verdict.line if tally.verdict is not None else ""
        return ClosedVote(
            poll,
            verdict,
            self.moment(poll.closed_utc) or "",
            _turnout(tally.voted_units, tally.eligible_units),
        )

    async def scan_trend(self, closed_scans: list[pr.PollRecord]) -> ScanTrend | None:
        scans = sorted(closed_scans, key=lambda p: p.id)[-SCANS_SHOWN:]
        if not scans:
            return None
        results = [(await self.results.result(p)).scan for p in scans]
        columns = [format_moment(p.closed_utc or p.created_utc, self.polls.tz) for p in scans]
        trend = ScanTrend(
            columns,
            [r.level if r else 0 for r in results],
            [r.respondents if r else 0 for r in results],
        )
        first = next((r for r in results if r is not None), None)
        for statement in first.statements if first else ():
            key = statement.statement.key
            means = []
            for result in results:
                found = result.get(key) if result else None
                means.append(format_score(found.mean) if found else "–")
            trend.rows.append((statement.statement.text, means))
        return trend

    async def board(self, org: pr.Organisation, now: datetime) -> dict[str, object]:
        votes = self.polls.votes
        open_polls = await votes.open_polls(org.id)
        open_votes = [await self.open_vote(p) for p in open_polls]
        if isinstance(self.results, _PageResults):
            self.results.forget_closed({p.id for p in await votes.open_polls()})
        newest = await votes.recent(org.id, CLOSED_SHOWN + len(open_polls))
        recent = [p for p in newest if not p.is_open]
        closed = [await self.closed_vote(p) for p in recent[:CLOSED_SHOWN]]
        roster = await self.results.roster.roster(org.id)
        members = sum(len(v) for v in roster.approved.values())
        report = await self.services.knowledge_service.board_report(org.main_chat, False)
        scans = [p for p in recent if p.kind is pr.StoredKind.SCAN]
        return {
            "org": org,
            "open_votes": open_votes,
            "closed_votes": closed,
            "roster": roster,
            "member_count": members,
            "scan": await self.scan_trend(scans),
            "unanswered": report.unanswered,
            "disliked": report.disliked,
            "agenda": await self.agenda(org, now),
            "decisions": [  # the closing moment in the organisation's time zone
                (row, self.moment(row.closed))
                for row in await self.polls.results.decisions(org.id, limit=DECISIONS_SHOWN)
            ],
        }

    async def agenda(self, org: pr.Organisation, now: datetime) -> Markup:
        if org.main_chat is None:
            return Markup("")
        # The agenda service's own rendering (Telegram HTML: b, i, a; its texts escaped).
        return Markup(await self.services.agenda.agenda_html(org.main_chat, now, self.link))

    async def poll(self, org: pr.Organisation, poll: pr.PollRecord) -> dict[str, object]:
        summary = await self.closed_vote(poll) if not poll.is_open else await self.open_vote(poll)
        cached = self.frozen.get(poll.id) if not poll.is_open else None
        if cached is None:
            cached = await self._chart_and_files(poll)
            if not poll.is_open:
                self.frozen[poll.id] = cached
                while len(self.frozen) > FROZEN_KEPT:
                    self.frozen.popitem(last=False)
        chart, files = cached
        return {
            "org": org,
            "poll": poll,
            "summary": summary,
            "chart": Markup(chart),
            "files": files,
        }

    async def _chart_and_files(self, poll: pr.PollRecord) -> tuple[str, list[str]]:
        result = await self.results.result(poll)
        chart = ""
        if result.tally is not None:
            tally = result.tally
            chart = bar_chart_svg(tally.options, tally.counts, tally.voted_units or None)
        elif result.scan is not None:
            labels = [s.statement.text for s in result.scan.statements]
            means = [round(float(s.mean or 0), 1) for s in result.scan.statements]
            chart = bar_chart_svg(labels, means, shares=False)
        files = export_files(await self.results.export_data(poll), self.polls.tz)
        return chart, [f.name for f in files]

    async def export(self, poll: pr.PollRecord, index: int) -> tuple[str, bytes] | None:
        data: ExportData = await self.results.export_data(poll)
        files = export_files(data, self.polls.tz)
        if not 0 <= index < len(files):
            return None
        return files[index].name, files[index].content

    async def _own_status(self, poll: pr.PollRecord, user_id: int) -> str:
        """Voted, not yet, or not a voter at all (a group member who is not on the roster, or
        joined it after the vote opened): never "not yet" to someone who cannot vote."""
        if not (await self.results.own_vote(poll, user_id)).member:
            return texts.CANNOT_VOTE
        voted, _ = await self.results.voted_split(poll)
        mine = any(r.user_id == user_id for unit in voted for r in unit.recipients)
        return texts.VOTED_YES if mine else texts.VOTED_NO

    async def member(
        self, user_id: int, orgs: list[pr.Organisation], now: datetime
    ) -> dict[str, object]:
        sections = []
        for org in orgs:
            open_votes = []
            for poll in await self.polls.votes.open_polls(org.id):
                open_votes.append(
                    (poll, self.moment(poll.closes_utc), await self._own_status(poll, user_id))
                )
            recent = [p for p in await self.polls.votes.recent(org.id, 10) if not p.is_open]
            closed = [await self.closed_vote(p) for p in recent[:5]]
            sections.append(
                {
                    "org": org,
                    "open_votes": open_votes,
                    "closed_votes": closed,
                    "agenda": await self.agenda(org, now),
                }
            )
        return {"sections": sections}
