"""Parsing the one-line `/mandaat` and `/peiling` commands.

Forms (the text after the command; parts separated by ``|``, parts after the question in any
order, keywords case-insensitive):

    /mandaat <vraag> | sluit <moment> [| quorum <aandeel>] [| drempel <aandeel>]
             [| per apotheek | per lid] [| openbaar] [| soort <soort>]
    /peiling <vraag> | <optie> | <optie> ... [| sluit <moment>] [| meerkeuze] [| geheim]
             [| soort <soort>]

A mandate vote is secret unless ``openbaar``; a quick poll is open unless ``geheim``.
``soort`` is what the vote is (`bot.polls.purpose`): ``raadpleging``, ``bestuursmandaat`` or
``alv-voorstemming``; /mandaat defaults to a mandate to the board, /peiling to a consultation,
and an option of a poll cannot start with the word ``soort``.

``sluit`` may also be written ``sluiting`` or ``deadline``; ``per lid`` also as
``stem per lid``/``stemmen per lid``. Empty parts (``||``) are skipped. In a poll every part
that is not a keyword is an option, so an option cannot start with the word ``sluit``.
Shares are read by `bot.polls.rules.parse_share`; the quorum may be ``geen``.

The moment is read by `bot.dutch_dates.parse_moment` unless a stand-in is injected (tests);
its `DateInputError` (its message HTML-safe already) becomes a `PollInputError`. A moment that
is not after `now` is refused here too, whatever the parser does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from zoneinfo import ZoneInfo

from bot.dutch_dates import DateInputError, format_moment
from bot.dutch_dates import parse_moment as real_parse_moment
from bot.polls.purpose import Purpose, parse_purpose
from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    PollInputError,
    Share,
    VotingUnit,
    parse_share,
)
from bot.texts import poll_commands as poll_texts
from bot.texts import votes as vote_texts

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MAX_QUESTION_CHARS = 300
MAX_OPTION_CHARS = 100
MIN_OPTIONS = 2
MAX_OPTIONS = 10

MomentParser = Callable[[str, datetime, ZoneInfo], datetime]


@dataclass(frozen=True)
class MandateRequest:
    question: str
    closes_at_utc: datetime
    quorum: Share = DEFAULT_QUORUM
    threshold: Share = DEFAULT_THRESHOLD
    unit: VotingUnit = VotingUnit.PHARMACY
    secret: bool = True
    purpose: Purpose = Purpose.MANDATE


@dataclass(frozen=True)
class QuickPollRequest:
    question: str
    options: tuple[str, ...]
    multiple: bool = False
    closes_at_utc: datetime | None = None
    secret: bool = False
    purpose: Purpose = Purpose.CONSULTATION


_COMMAND_PREFIX = re.compile(r"^/\w+(?:@\w+)?\s*")
_CLOSE = re.compile(r"^(?:sluit|sluiting|sluitmoment|deadline)\b\s*:?\s*(.*)$", re.IGNORECASE)
_QUORUM = re.compile(r"^quorum\b\s*:?\s*(.*)$", re.IGNORECASE)
_THRESHOLD = re.compile(r"^drempel\b\s*:?\s*(.*)$", re.IGNORECASE)
_UNIT = re.compile(
    r"^(?:(?:één\s+|een\s+)?stem(?:men)?\s+)?per\s+(apotheek|lid|deelnemer)$", re.IGNORECASE
)
_MULTIPLE = re.compile(
    r"^(?:meerkeuze|meer\s*keuze|meerdere\s+keuzes?|meerdere\s+antwoorden)$", re.IGNORECASE
)
_OPEN_VOTE = re.compile(r"^(?:openbaar|open\s+stemming|niet\s+geheim)$", re.IGNORECASE)
_SECRET_POLL = re.compile(r"^(?:geheim|geheime\s+peiling)$", re.IGNORECASE)
_PURPOSE = re.compile(r"^soort\b\s*:?\s*(.*)$", re.IGNORECASE)


def parse_mandate_command(
    text: str,
    now: datetime,
    tz: ZoneInfo = AMSTERDAM,
    *,
    parse_moment: MomentParser | None = None,
    default_unit: VotingUnit = VotingUnit.PHARMACY,
) -> MandateRequest:
    """Read `/mandaat` arguments; raises `PollInputError` whose message ends with the usage.

    `default_unit` is the organisation's voting unit, used unless the command names one;
    ``| openbaar`` makes the vote open (it is secret by default).
    """
    try:
        return _parse_mandate(text, now, tz, parse_moment or real_parse_moment, default_unit)
    except PollInputError as exc:
        raise PollInputError(f"{exc.message}\n\n{vote_texts.MANDATE_USAGE}") from exc


def parse_poll_command(
    text: str,
    now: datetime,
    tz: ZoneInfo = AMSTERDAM,
    *,
    parse_moment: MomentParser | None = None,
) -> QuickPollRequest:
    """Read `/peiling` arguments; raises `PollInputError` whose message ends with the usage."""
    try:
        return _parse_poll(text, now, tz, parse_moment or real_parse_moment)
    except PollInputError as exc:
        raise PollInputError(f"{exc.message}\n\n{vote_texts.POLL_USAGE}") from exc


def question_problem(question: str) -> str | None:
    """Why a typed question cannot go to the members, or None. One word without a question
    mark is an answer typed at the wrong moment ("ok" in the guided /mandaat), not a question."""
    if len(question) > MAX_QUESTION_CHARS:
        return vote_texts.question_too_long(len(question), MAX_QUESTION_CHARS)
    if len(question.split()) < 2 and not question.endswith("?"):
        return poll_texts.QUESTION_TOO_SHORT
    return None


def check_question(question: str) -> None:
    problem = question_problem(question)
    if problem is not None:
        raise PollInputError(problem)


def _split(text: str) -> tuple[str, list[str]]:
    body = _COMMAND_PREFIX.sub("", text.strip(), count=1)
    if not body.strip():
        raise PollInputError(vote_texts.COMMAND_EMPTY)
    raw_parts = body.split("|")
    question = " ".join(raw_parts[0].split())
    if not question:
        raise PollInputError(vote_texts.QUESTION_EMPTY)
    check_question(question)
    rest = [" ".join(part.split()) for part in raw_parts[1:]]
    return question, [part for part in rest if part]


def _parse_mandate(
    text: str,
    now: datetime,
    tz: ZoneInfo,
    parser: MomentParser,
    default_unit: VotingUnit = VotingUnit.PHARMACY,
) -> MandateRequest:
    _require_aware(now)
    question, parts = _split(text)
    closes: datetime | None = None
    quorum: Share | None = None
    threshold: Share | None = None
    unit: VotingUnit | None = None
    purpose: Purpose | None = None
    secret = True
    for part in parts:
        if _OPEN_VOTE.match(part):
            secret = False
            continue
        if match := _PURPOSE.match(part):
            _once(purpose, "soort")
            purpose = parse_purpose(_value(match.group(1), "soort"))
        elif match := _CLOSE.match(part):
            _once(closes, "sluit")
            closes = _closing_moment(match.group(1), now, tz, parser, "sluit")
        elif match := _QUORUM.match(part):
            _once(quorum, "quorum")
            value = _value(match.group(1), "quorum")
            try:
                quorum = parse_share(value, allow_zero=True)
            except PollInputError as exc:
                raise PollInputError(vote_texts.quorum_invalid(exc.message)) from exc
        elif match := _THRESHOLD.match(part):
            _once(threshold, "drempel")
            value = _value(match.group(1), "drempel")
            try:
                threshold = parse_share(value)
            except PollInputError as exc:
                raise PollInputError(vote_texts.threshold_invalid(exc.message)) from exc
        elif match := _UNIT.match(part):
            _once(unit, "per …")
            word = match.group(1).lower()
            unit = VotingUnit.PHARMACY if word == "apotheek" else VotingUnit.MEMBER
        else:
            raise PollInputError(vote_texts.part_not_understood(escape(part, quote=False)))
    if closes is None:
        raise PollInputError(vote_texts.CLOSE_MISSING)
    return MandateRequest(
        question=question,
        closes_at_utc=closes,
        quorum=quorum or DEFAULT_QUORUM,
        threshold=threshold or DEFAULT_THRESHOLD,
        unit=unit or default_unit,
        secret=secret,
        purpose=purpose or Purpose.MANDATE,
    )


def _parse_poll(text: str, now: datetime, tz: ZoneInfo, parser: MomentParser) -> QuickPollRequest:
    _require_aware(now)
    question, parts = _split(text)
    closes: datetime | None = None
    multiple = False
    secret = False
    purpose: Purpose | None = None
    options: list[str] = []
    for part in parts:
        if _SECRET_POLL.match(part):
            secret = True
            continue
        if match := _PURPOSE.match(part):
            _once(purpose, "soort")
            purpose = parse_purpose(_value(match.group(1), "soort"))
        elif match := _CLOSE.match(part):
            _once(closes, "sluit")
            closes = _closing_moment(match.group(1), now, tz, parser, "sluit")
        elif _MULTIPLE.match(part):
            if multiple:
                raise PollInputError(vote_texts.part_twice("meerkeuze"))
            multiple = True
        else:
            options.append(part)
    if len(options) < MIN_OPTIONS:
        raise PollInputError(vote_texts.too_few_options(len(options)))
    if len(options) > MAX_OPTIONS:
        raise PollInputError(vote_texts.too_many_options(len(options), MAX_OPTIONS))
    seen: set[str] = set()
    for number, option in enumerate(options, start=1):
        if len(option) > MAX_OPTION_CHARS:
            raise PollInputError(vote_texts.option_too_long(number, len(option), MAX_OPTION_CHARS))
        key = option.casefold()
        if key in seen:
            raise PollInputError(vote_texts.option_duplicate(escape(option, quote=False)))
        seen.add(key)
    return QuickPollRequest(
        question, tuple(options), multiple, closes, secret, purpose or Purpose.CONSULTATION
    )


def _require_aware(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")


def _once(current: object, keyword: str) -> None:
    if current is not None:
        raise PollInputError(vote_texts.part_twice(escape(keyword, quote=False)))


def _value(raw: str, keyword: str) -> str:
    if not raw.strip():
        raise PollInputError(vote_texts.part_empty_value(keyword))
    return raw.strip()


def parse_closing_moment(
    text: str, now: datetime, tz: ZoneInfo = AMSTERDAM, *, parse_moment: MomentParser | None = None
) -> datetime:
    """A closing moment typed on its own (guided conversation, /scan); UTC, in the future.
    The keyword of the one-line syntax may lead ("sluit vrijdag 17:00", "deadline: morgen")."""
    _require_aware(now)
    keyword = _CLOSE.match(text.strip())
    value = keyword.group(1) if keyword else text
    return _closing_moment(value, now, tz, parse_moment or real_parse_moment, "sluit")


def _closing_moment(
    raw: str, now: datetime, tz: ZoneInfo, parser: MomentParser, keyword: str
) -> datetime:
    value = _value(raw, keyword)
    try:
        moment = parser(value, now, tz)
    except DateInputError as exc:
        raise PollInputError(vote_texts.close_invalid(exc.message)) from exc
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = moment.replace(tzinfo=tz)
    moment_utc = moment.astimezone(UTC)
    if moment_utc <= now.astimezone(UTC):
        raise PollInputError(vote_texts.close_in_past(format_moment(moment_utc, tz)))
    return moment_utc
