from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from bot.dutch_dates import DateInputError
from bot.polls.mandate_command import (
    MAX_OPTIONS,
    MandateRequest,
    QuickPollRequest,
    parse_closing_moment,
    parse_mandate_command,
    parse_poll_command,
)
from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    NO_QUORUM,
    PollInputError,
    Share,
    VotingUnit,
)

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # Monday 12:00 in Amsterdam
TOMORROW = NOW + timedelta(days=1)


def fake_moment(text: str, now: datetime, tz: ZoneInfo) -> datetime:
    """Stand-in for bot.dutch_dates.parse_moment with a few fixed answers."""
    if text == "morgen":
        return now + timedelta(days=1)
    if text == "gisteren":
        return now - timedelta(days=1)
    if text == "naief":
        return datetime(2026, 6, 2, 17, 0)
    raise DateInputError(f"Ik snap '{text}' niet als moment.")


def mandate(text: str) -> MandateRequest:
    return parse_mandate_command(text, NOW, AMS, parse_moment=fake_moment)


def poll(text: str) -> QuickPollRequest:
    return parse_poll_command(text, NOW, AMS, parse_moment=fake_moment)


def error_of(func, text: str) -> str:
    with pytest.raises(PollInputError) as info:
        func(text)
    return info.value.message


def test_full_mandate_form() -> None:
    request = mandate("Mandaat voor het RESV-plan? | sluit morgen | quorum 85% | drempel 2/3")
    assert request == MandateRequest(
        question="Mandaat voor het RESV-plan?",
        closes_at_utc=TOMORROW,
        quorum=Share(Fraction(85, 100)),
        threshold=Share(Fraction(2, 3)),
        unit=VotingUnit.PHARMACY,
    )


def test_parts_in_any_order_and_defaults() -> None:
    request = mandate("Mandaat?|drempel meer dan 50%|SLUIT: morgen")
    assert request.closes_at_utc == TOMORROW
    assert request.quorum == DEFAULT_QUORUM
    assert request.threshold == Share(Fraction(1, 2), strict=True)
    short = mandate("Mandaat? | sluit morgen")
    assert (short.quorum, short.threshold) == (DEFAULT_QUORUM, DEFAULT_THRESHOLD)


def test_command_prefix_and_whitespace_are_tolerated() -> None:
    request = mandate("/mandaat@rao_bot   Mandaat   voor   ons? |  | sluit morgen ")
    assert request.question == "Mandaat voor ons?"


def test_unit_and_no_quorum() -> None:
    request = mandate("Mandaat? | per lid | quorum geen | sluit morgen")
    assert request.unit is VotingUnit.MEMBER
    assert request.quorum == NO_QUORUM
    assert mandate("Mandaat? | stem per apotheek | sluit morgen").unit is VotingUnit.PHARMACY


def test_closing_moment_is_utc_and_naive_results_are_localised() -> None:
    request = mandate("Mandaat? | sluit naief")
    assert request.closes_at_utc == datetime(2026, 6, 2, 15, 0, tzinfo=UTC)
    assert request.closes_at_utc.tzinfo is UTC


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "nog geen vraag"),
        ("| sluit morgen", "De vraag ontbreekt"),
        ("Mandaat?", "sluitmoment ontbreekt"),
        ("Mandaat? | sluit", "Na <code>sluit</code> ontbreekt"),
        ("Mandaat? | sluit nooit", "Het sluitmoment klopt niet. Ik snap 'nooit'"),
        ("Mandaat? | sluit gisteren", "ligt niet in de toekomst"),
        ("Mandaat? | sluit morgen | sluit morgen", "twee keer"),
        ("Mandaat? | sluit morgen | quorum 85", "Het quorum klopt niet. Bedoel je"),
        ("Mandaat? | sluit morgen | drempel 0%", "De drempel klopt niet"),
        ("Mandaat? | sluit morgen | drempel", "Na <code>drempel</code> ontbreekt"),
        ("Mandaat? | sluit morgen | <b>iets</b>", "'<i>&lt;b&gt;iets&lt;/b&gt;</i>'"),
        ("x" * 301 + " | sluit morgen", "301 tekens"),
    ],
)
def test_mandate_errors_say_what_and_show_the_form(text: str, fragment: str) -> None:
    message = error_of(mandate, text)
    assert fragment in message
    assert "<code>/mandaat" in message


def test_date_error_text_is_escaped() -> None:
    # The real parser: it escapes the typed text where it raises (the stand-in does not).
    message = error_of(lambda text: parse_mandate_command(text, NOW, AMS), "Mandaat? | sluit <x>")
    assert "&lt;x&gt;" in message and "&amp;lt;" not in message


def test_naive_now_is_a_caller_bug() -> None:
    with pytest.raises(ValueError):
        parse_mandate_command("Mandaat? | sluit morgen", datetime(2026, 6, 1), AMS)


def test_real_dutch_dates_parser() -> None:
    request = parse_mandate_command("Mandaat? | sluit vrijdag 17:00 | quorum 85%", NOW, AMS)
    assert request.closes_at_utc == datetime(2026, 6, 5, 15, 0, tzinfo=UTC)


def test_quick_poll_basic() -> None:
    request = poll("Welke avond? | dinsdag | woensdag | donderdag")
    assert request == QuickPollRequest("Welke avond?", ("dinsdag", "woensdag", "donderdag"))


def test_quick_poll_with_close_and_multiple_in_any_place() -> None:
    request = poll("Welke avond? | meerkeuze | dinsdag | sluit morgen | woensdag")
    assert request.options == ("dinsdag", "woensdag")
    assert request.multiple is True
    assert request.closes_at_utc == TOMORROW


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Welke avond?", "je gaf er geen"),
        ("Welke avond? | dinsdag", "je gaf er 1"),
        ("Vraag? | " + " | ".join(f"optie {i}" for i in range(11)), "hoogstens 10"),
        ("Vraag? | ja | " + "n" * 101, "Optie 2 is 101 tekens"),
        ("Vraag? | Ja | nee | ja", "'<i>ja</i>' staat er twee keer"),
        ("Vraag? | ja | nee | meerkeuze | meerkeuze", "twee keer"),
        ("Vraag? | ja | nee | sluit gisteren", "niet in de toekomst"),
        ("x" * 301 + " | ja | nee", "het maximum is 300"),
    ],
)
def test_quick_poll_errors(text: str, fragment: str) -> None:
    message = error_of(poll, text)
    assert fragment in message
    assert "<code>/peiling" in message


def test_quick_poll_accepts_ten_options_of_100_chars() -> None:
    options = [f"{i}" + "x" * 99 for i in range(MAX_OPTIONS)]
    request = poll("Vraag? | " + " | ".join(options))
    assert len(request.options) == MAX_OPTIONS


def test_the_kind_of_a_vote_is_chosen_with_soort() -> None:
    from bot.polls.purpose import Purpose

    def mandate(extra: str) -> MandateRequest:
        return parse_mandate_command(f"/mandaat Vraag? | sluit morgen{extra}", NOW, AMS,
                                     parse_moment=fake_moment)  # fmt: skip

    assert mandate("").purpose is Purpose.MANDATE
    assert mandate(" | soort raadpleging").purpose is Purpose.CONSULTATION
    assert mandate(" | Soort: ALV-voorstemming").purpose is Purpose.GENERAL_MEETING
    assert mandate(" | soort alv voorstemming").purpose is Purpose.GENERAL_MEETING
    with pytest.raises(PollInputError, match="ken ik niet"):
        mandate(" | soort besluit")
    with pytest.raises(PollInputError, match="twee keer"):
        mandate(" | soort raadpleging | soort alv")
    poll = parse_poll_command("/peiling Vraag? | a | b", NOW, AMS, parse_moment=fake_moment)
    assert poll.purpose is Purpose.CONSULTATION and poll.options == ("a", "b")
    poll = parse_poll_command(
        "/peiling Vraag? | a | soort bestuursmandaat | b", NOW, AMS, parse_moment=fake_moment
    )
    assert poll.purpose is Purpose.MANDATE and poll.options == ("a", "b")


def test_a_closing_moment_on_its_own_may_start_with_the_keyword() -> None:
    # /scan and the guided conversation read the closing moment alone; members type it as in the
    # one-line syntax, with any of its keywords, or without one.
    now = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
    plain = parse_closing_moment("4 december 17:00", now)
    for typed in (
        "sluit 4 december 17:00",
        "sluitmoment: 4 december 17:00",
        "Deadline 4 december 17:00",
    ):
        assert parse_closing_moment(typed, now) == plain, typed
    assert plain == datetime(2026, 12, 4, 16, 0, tzinfo=UTC)


def test_one_word_is_no_question_unless_it_asks() -> None:
    assert "erg kort" in error_of(mandate, "/mandaat ok | sluit morgen")
    assert poll("/peiling Borrel? | ja | nee | sluit morgen").question == "Borrel?"
    assert mandate("/mandaat Akkoord met het plan | sluit morgen").question == (
        "Akkoord met het plan"
    )
