"""Milestones in the question search: "wanneer moet het resv-plan af" answers with the date.

Each recurring milestone kind (a schedule family such as 'zz-inkoop' plus the item id) is
indexed once, under the occurrence that is next at build time; the answer is rendered when
asked, from the occurrence that is next *then*, so a long-running bot never answers with last
year's deadline. Aliases and example questions are generated from the item title, which reads
"<schedule prefix>: <subject>" ("ZZ inkoop 2028: deadline vertegenwoordigingslijst").
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.agenda.schedules import Schedule, ScheduleItem, item_start_utc, schedule_family
from bot.dutch_dates import format_day
from bot.knowledge.search import Searchable
from bot.texts import agenda as texts

PREFIX = "m"
Clock = Callable[[], datetime]


@dataclass(frozen=True)
class _Occurrence:
    schedule: Schedule
    item: ScheduleItem
    start_utc: datetime


def _kinds(
    schedules: dict[str, Schedule], tz: ZoneInfo
) -> dict[tuple[str, str], list[_Occurrence]]:
    kinds: dict[tuple[str, str], list[_Occurrence]] = defaultdict(list)
    for schedule in schedules.values():
        for item in schedule.items:
            key = (schedule_family(schedule.id), item.id)
            kinds[key].append(_Occurrence(schedule, item, item_start_utc(item, tz)))
    for occurrences in kinds.values():
        occurrences.sort(key=lambda o: o.start_utc)
    return kinds


def _nearest(occurrences: list[_Occurrence], now: datetime) -> _Occurrence:
    """The next one still to come, else the most recent one."""
    for occurrence in occurrences:
        if occurrence.start_utc >= now:
            return occurrence
    return occurrences[-1]


def _other_years(
    occurrences: list[_Occurrence], chosen: _Occurrence, now: datetime, tz: ZoneInfo
) -> list[str]:
    """The same milestone in the other years' schedules, nearest first (at most three)."""
    others = sorted(
        (o for o in occurrences if o is not chosen),
        key=lambda o: abs((o.start_utc - now).total_seconds()),
    )[:3]
    lines = []
    for other in sorted(others, key=lambda o: o.start_utc):
        day = format_day(other.start_utc, tz)
        day += texts.MILESTONE_PASSED if other.start_utc < now else ""
        expected = texts.MILESTONE_EXPECTED_MARK if other.item.status == "verwacht" else ""
        lines.append(f"• {html.escape(other.item.title, quote=False)}: {day}{expected}")
    return lines


def _strip_year(text: str) -> str:
    return re.sub(r"\s*\b20\d\d\b", "", text).strip()


def phrasings(title: str) -> tuple[list[str], list[str]]:
    """Aliases and example questions for a milestone title."""
    _, sep, subject = title.partition(":")
    subject = subject.strip() if sep else title
    # The schedule prefix ("ZZ inkoop") stays out of the aliases: it is in the title already,
    # and repeating it makes every question that names the insurer look like a deadline.
    aliases = [subject, _strip_year(subject)]
    questions = [f"wanneer is {subject}", f"datum {subject}", f"wanneer {subject}"]
    deadline = re.match(r"(?i)(?:deadline|uiterste datum)\s+(.+)", subject)
    if deadline:
        thing = deadline.group(1)
        aliases += [f"deadline {thing}", f"uiterste datum {thing}"]
        questions += [
            f"wanneer moet {thing} af",
            f"wanneer moet {thing} ingeleverd",
            f"wanneer moet {thing} ingediend",
            f"wanneer moet {thing} binnen zijn",
            f"wanneer moet {thing} klaar zijn",
            f"tot wanneer {thing}",
        ]
    return _with_joined(aliases), _with_joined(questions)


def _with_joined(values: list[str]) -> list[str]:
    """Each phrase, and with hyphenated compounds also written as one word ("resvplan"), as
    the search joins compounds in a query when the index knows the joined form."""
    result: list[str] = []
    for value in values:
        for variant in (value, re.sub(r"(?<=\w)-(?=\w)", "", value)):
            if variant and variant not in result:
                result.append(variant)
    return result


def milestone_searchables(
    schedules: dict[str, Schedule], tz: ZoneInfo, now: datetime
) -> list[Searchable]:
    result = []
    for occurrences in _kinds(schedules, tz).values():
        chosen = _nearest(occurrences, now)
        aliases, questions = phrasings(chosen.item.title)
        result.append(
            Searchable(
                id=f"{PREFIX}:{chosen.schedule.id}:{chosen.item.id}",
                title=chosen.item.title,
                aliases=tuple(aliases),
                questions=tuple(questions),
                body=chosen.item.description,
            )
        )
    return result


def milestone_renderer(
    schedules: dict[str, Schedule], tz: ZoneInfo, clock: Clock | None = None
) -> Callable[[str], str]:
    """fn('m:<schedule id>:<item id>') -> HTML answer: date, bevestigd/verwacht, source."""
    kinds = _kinds(schedules, tz)
    now_of = clock or (lambda: datetime.now(UTC))

    def render(item_id: str) -> str:
        _, _, rest = item_id.partition(":")
        schedule_id, _, item_key = rest.partition(":")
        occurrences = kinds.get((schedule_family(schedule_id), item_key))
        if not occurrences:
            return texts.MILESTONE_UNKNOWN
        now = now_of()
        chosen = _nearest(occurrences, now)
        item, schedule = chosen.item, chosen.schedule
        day = format_day(chosen.start_utc, tz)
        passed = chosen.start_utc < now
        if passed:
            day += texts.MILESTONE_PASSED
        source = f"{schedule.source.title}, {item.source_section}"
        if schedule.source.url:
            source = (
                f'<a href="{html.escape(schedule.source.url)}">'
                f"{html.escape(source, quote=False)}</a>"
            )
        else:
            source = html.escape(source, quote=False)
        blocks = [
            f"<b>{html.escape(item.title, quote=False)}</b>\n"
            + texts.MILESTONE_DATE.format(day=day, status=texts.MILESTONE_STATUS[item.status]),
            html.escape(item.description, quote=False),
            texts.MILESTONE_SOURCE.format(source=source),
        ]
        others = _other_years(occurrences, chosen, now, tz)
        if others:
            # A question about another purchasing year is answered too ("inkoop 2027"), not
            # only the nearest year's date under a title that is easy to misread.
            blocks.insert(2, texts.MILESTONE_OTHER_YEARS + "\n" + "\n".join(others))
        if not passed:
            blocks.append(texts.MILESTONE_TIP)
        return "\n\n".join(blocks)

    return render
