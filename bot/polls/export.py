"""The files of /export: a vote's record, reasons, closing changes, the representation list
(vertegenwoordigingslijst) and a scan's result, built from what the result service loaded.

Files are UTF-8 with BOM and ``;`` as delimiter, the combination that Dutch Excel opens
correctly by double-click. Text cells that Excel would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe, because member
names come from Telegram profiles and are chosen by anyone. Moments are written as
``30-11-2026 02:06`` and days as ``30-11-2026`` (Europe/Amsterdam), which Dutch Excel reads as
dates; ISO strings with an offset stay text there. Headers are plain Dutch words.
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.polls.maturity import ScanResult, format_score
from bot.polls.records import ClosingChange
from bot.polls.tally import Tally
from bot.texts import guided as guided_texts
from bot.texts import proxies as proxy_texts
from bot.texts import vote_kinds as kind_texts
from bot.texts import votes as vote_texts

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class VoteEvent:
    """One cast or changed vote: `unit` is the voting unit (pharmacy or member) it counts for."""

    unit: str
    member: str
    at_utc: datetime
    choice: str


@dataclass(frozen=True)
class RepresentedPharmacy:
    name: str
    agb: str | None


def excel_moment(moment: datetime | None, tz: ZoneInfo = AMSTERDAM) -> str:
    return moment.astimezone(tz).strftime("%d-%m-%Y %H:%M") if moment else ""


def excel_day(day: date | None) -> str:
    return day.strftime("%d-%m-%Y") if day else ""


def _safe(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def _to_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def vote_events_csv(events: Iterable[VoteEvent], secret: bool, tz: ZoneInfo = AMSTERDAM) -> bytes:
    """Every vote event in time order; for a secret vote the choice column is left out."""
    listed = list(events)
    if any(event.at_utc.utcoffset() is None for event in listed):
        raise ValueError("VoteEvent.at_utc must be timezone-aware")
    ordered = sorted(listed, key=lambda event: event.at_utc)
    header = vote_texts.EXPORT_VOTES_HEADER[:3] if secret else vote_texts.EXPORT_VOTES_HEADER
    rows = []
    for event in ordered:
        row = [excel_moment(event.at_utc, tz), event.unit, event.member]
        if not secret:
            row.append(event.choice)
        rows.append(row)
    return _to_bytes(header, rows)


def closing_changes_csv(changes: Iterable[ClosingChange], tz: ZoneInfo = AMSTERDAM) -> bytes:
    """Every move of the closing time, oldest first: when, by whom, from when to when."""

    rows = [
        (
            excel_moment(change.changed_utc, tz),
            change.changed_by_label,
            excel_moment(change.old_closes_utc, tz),
            excel_moment(change.new_closes_utc, tz),
        )
        for change in sorted(changes, key=lambda change: change.changed_utc)
    ]
    return _to_bytes(vote_texts.EXPORT_CLOSING_HEADER, rows)


def representation_list_csv(pharmacies: Iterable[RepresentedPharmacy]) -> bytes:
    """The pharmacies the RAO represents, sorted by name; an unknown AGB code stays empty."""
    ordered = sorted(pharmacies, key=lambda pharmacy: pharmacy.name.casefold())
    rows = [(pharmacy.name, pharmacy.agb or "") for pharmacy in ordered]
    return _to_bytes(vote_texts.EXPORT_REPRESENTATION_HEADER, rows)


def table_csv(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    """Any small table in the same Excel-friendly form as the other exports."""
    return _to_bytes(header, rows)


def scan_result_csv(result: ScanResult) -> bytes:
    """Per statement of a maturity scan: level, the count per score 1-5 and the mean."""
    rows = []
    for item in result.statements:
        rows.append(
            [
                str(item.statement.level),
                item.statement.short,
                *(str(count) for count in item.distribution),
                format_score(item.mean),
                str(item.unknown),
            ]
        )
    return _to_bytes(vote_texts.EXPORT_SCAN_HEADER, rows)


def reasons_csv(rows: Sequence[tuple[str, str]], *, anonymous: bool) -> bytes:
    """Reasons given with votes; for a secret vote without names and in alphabetical order."""
    if anonymous:
        return table_csv(vote_texts.EXPORT_REASONS_HEADER[1:], sorted([(r,) for _, r in rows]))
    return table_csv(vote_texts.EXPORT_REASONS_HEADER, list(rows))


# --- the files of /export ------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    caption: str


@dataclass(frozen=True)
class ExportData:
    """Everything /export puts in files, loaded by the result service."""

    poll: pr.PollRecord
    closing_changes: tuple[ClosingChange, ...] = ()
    scan: ScanResult | None = None  # a scan's result (nothing else is exported for a scan)
    events: tuple[pr.VoteRow, ...] = ()
    unit_labels: dict[str, str] = field(default_factory=dict)  # unit key -> label
    reasons: tuple[tuple[int, str], ...] = ()  # (user id, reason)
    represented: tuple[RepresentedPharmacy, ...] | None = None  # a granted mandate only
    proxies: tuple[pr.Proxy, ...] = ()
    tally: Tally | None = None  # the count (a secret quick poll exports only this)


def voter_label(row: pr.VoteRow) -> str:
    """The voter as named in the export: "name (@user)", from the roster or else Telegram."""
    return pr.person_label(
        row.member_name or row.user_first_name,
        row.member_username or row.user_username,
        str(row.user_id),
    )


def choice_label(poll: pr.PollRecord, choice: tuple[int, ...]) -> str:
    if not choice:
        return vote_texts.CHOICE_WITHDRAWN
    return " + ".join(poll.options[i] for i in choice if 0 <= i < len(poll.options))


def export_files(data: ExportData, tz: ZoneInfo) -> list[ExportFile]:
    poll = data.poll
    files = _scan_files(data) if data.scan is not None else _vote_files(data, tz)
    if poll.withdrawn_utc is not None and files:
        note = vote_texts.export_withdrawn_note(
            format_moment(poll.withdrawn_utc, tz), poll.withdrawn_by_label or ""
        )
        files[0] = dataclasses.replace(files[0], caption=f"{files[0].caption} {note}")
    if data.closing_changes:
        files.append(
            ExportFile(
                guided_texts.file_closing_changes(poll.id),
                closing_changes_csv(data.closing_changes, tz),
                vote_texts.export_closing_caption(poll.id, len(data.closing_changes)),
            )
        )
    return files


def _scan_files(data: ExportData) -> list[ExportFile]:
    assert data.scan is not None
    poll_id = data.poll.id
    return [
        ExportFile(
            guided_texts.file_scan(poll_id),
            scan_result_csv(data.scan),
            vote_texts.export_scan_caption(poll_id),
        )
    ]


def counts_only(poll: pr.PollRecord) -> bool:
    """A quick poll marked secret exports nothing per voter: counts only."""
    return poll.secret and poll.kind is not pr.StoredKind.MANDATE


def _counts_files(data: ExportData) -> list[ExportFile]:
    poll, result = data.poll, data.tally
    assert result is not None
    rows = [(label, str(count)) for label, count in zip(poll.options, result.counts, strict=True)]
    rows.append((kind_texts.EXPORT_TURNOUT, f"{result.voted_units}/{result.eligible_units}"))
    files = [
        ExportFile(
            kind_texts.file_counts(poll.id),
            table_csv(kind_texts.EXPORT_COUNTS_HEADER, rows),
            kind_texts.export_counts_caption(poll.id),
        )
    ]
    if data.reasons:  # without names, sorted: never tied to a voter
        files.append(
            ExportFile(
                guided_texts.file_reasons(poll.id),
                reasons_csv([("", reason) for _, reason in data.reasons], anonymous=True),
                vote_texts.export_reasons_caption(poll.id, True),
            )
        )
    return files


def proxies_csv(proxies: Iterable[pr.Proxy], tz: ZoneInfo = AMSTERDAM) -> bytes:
    """Every proxy of a vote in order of granting, also revoked and ended ones."""
    rows = [
        (
            excel_moment(p.created_utc, tz),
            p.unit_label,
            p.grantor_label,
            p.holder_label,
            proxy_texts.YES if p.used else proxy_texts.NO,
            excel_moment(p.revoked_utc, tz),
        )
        for p in proxies
    ]
    return _to_bytes(proxy_texts.EXPORT_PROXIES_HEADER, rows)


def _vote_files(data: ExportData, tz: ZoneInfo) -> list[ExportFile]:
    poll = data.poll
    if counts_only(poll):
        return _counts_files(data)
    events = [
        VoteEvent(
            unit=data.unit_labels.get(row.unit_key, row.unit_key),
            member=voter_label(row) + (proxy_texts.VIA_PROXY if row.via_proxy else ""),
            at_utc=row.cast_utc,
            choice=choice_label(poll, row.choice),
        )
        for row in data.events
    ]
    files = [
        ExportFile(
            guided_texts.file_votes(poll.id),
            vote_events_csv(events, poll.secret, tz),
            vote_texts.export_votes_caption(
                poll.id, len(events), poll.secrecy, closed=not poll.is_open
            ),
        )
    ]
    if data.reasons:
        labels = {row.user_id: voter_label(row) for row in data.events}
        files.append(
            ExportFile(
                guided_texts.file_reasons(poll.id),
                reasons_csv(
                    [(labels.get(user, str(user)), reason) for user, reason in data.reasons],
                    anonymous=poll.secret,
                ),
                vote_texts.export_reasons_caption(poll.id, poll.secret),
            )
        )
    if data.represented is not None:
        files.append(
            ExportFile(
                guided_texts.file_representation(poll.id),
                representation_list_csv(data.represented),
                vote_texts.export_representation_caption(poll.id, len(data.represented)),
            )
        )
    if data.proxies:
        files.append(
            ExportFile(
                proxy_texts.file_proxies(poll.id),
                proxies_csv(data.proxies, tz),
                proxy_texts.export_proxies_caption(poll.id, len(data.proxies)),
            )
        )
    return files
