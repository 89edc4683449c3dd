"""CSV exports of a vote's record and of the representation list (vertegenwoordigingslijst).

Files are UTF-8 with BOM and ``;`` as delimiter, the combination that Dutch Excel opens
correctly by double-click. Text cells that Excel would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, tab or carriage return) get a leading apostrophe, because member
names come from Telegram profiles and are chosen by anyone.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.polls.maturity import ScanResult, format_score
from bot.polls.records import ClosingChange
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
        stamp = event.at_utc.astimezone(tz).isoformat(timespec="seconds")
        row = [stamp, event.unit, event.member]
        if not secret:
            row.append(event.choice)
        rows.append(row)
    return _to_bytes(header, rows)


def closing_changes_csv(changes: Iterable[ClosingChange], tz: ZoneInfo = AMSTERDAM) -> bytes:
    """Every move of the closing time, oldest first: when, by whom, from when to when."""

    def stamp(moment: datetime | None) -> str:
        return moment.astimezone(tz).isoformat(timespec="seconds") if moment else ""

    rows = [
        (
            stamp(change.changed_utc),
            change.changed_by_label,
            stamp(change.old_closes_utc),
            stamp(change.new_closes_utc),
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
            ]
        )
    return _to_bytes(vote_texts.EXPORT_SCAN_HEADER, rows)
