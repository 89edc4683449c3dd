"""The guided conversations as state machines: `advance` and the confirmation, without a bot."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from fractions import Fraction
from typing import TypeVar
from zoneinfo import ZoneInfo

from bot.polls import conversations as conv
from bot.polls.conversations import MandateState, RegistrationState, Step, advance
from bot.polls.mandate_command import MandateRequest
from bot.polls.rules import DEFAULT_QUORUM, DEFAULT_THRESHOLD, Share, VotingUnit

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)  # Monday 12:00 in Amsterdam


S = TypeVar("S", RegistrationState, MandateState)


def step(state: S, text: str) -> tuple[S, conv.Reply]:
    return advance(state, text, now=NOW, tz=AMS)


# --- registration ------------------------------------------------------------------------


def test_registration_asks_the_name_then_the_agb_code() -> None:
    start = RegistrationState(org_id=3)
    same, reply = step(start, "   ")
    assert same == start and "Hoe heet je apotheek?" in reply.text
    same, reply = step(start, "x" * 201)
    assert same == start and "langer dan 200 tekens" in reply.text
    named, reply = step(start, "  Apotheek   De <Brug> ")
    assert named == RegistrationState(org_id=3, step=Step.AGB, name="Apotheek De <Brug>")
    assert "AGB-code van Apotheek De &lt;Brug&gt;" in reply.text
    same, reply = step(named, "1234")
    assert same == named and "8 cijfers" in reply.text and "opnieuw" in reply.text
    done, reply = step(named, "0601 2345")
    assert (done.step, done.agb, done.name, reply.text) == (
        Step.SUBMIT,
        "06012345",
        "Apotheek De <Brug>",
        "",
    )
    unknown, _ = step(named, "weet ik niet")
    assert unknown.step is Step.SUBMIT and unknown.agb is None


# --- guided /mandaat -----------------------------------------------------------------------


def test_guided_mandate_walks_through_four_questions() -> None:
    start = MandateState(org_id=3)
    same, reply = step(start, "")
    assert same == start and "Wat is de vraag" in reply.text
    same, reply = step(start, "v" * 301)
    assert same == start and "300" in reply.text
    same, reply = step(start, "ok")  # an answer typed too early is not the question
    assert same == start and "erg kort voor een vraag" in reply.text
    asked, reply = step(start, "Mandaat voor <het> plan?")
    assert asked.step is Step.CLOSE and "Wanneer sluit" in reply.text
    same, reply = step(asked, "gisteren 12:00")
    assert same == asked and "Stuur het sluitmoment opnieuw" in reply.text
    closing, reply = step(asked, "over 2 dagen")
    assert closing.step is Step.QUORUM and closing.closes == NOW + timedelta(days=2)
    same, reply = step(closing, "veel")
    assert same == closing and "quorum" in reply.text.lower()
    quorum, reply = step(closing, "Standaard")
    assert quorum.step is Step.THRESHOLD and quorum.quorum == "1/2"
    same, reply = step(quorum, "0%")
    assert same == quorum and "drempel" in reply.text.lower()
    ready, reply = step(quorum, "2/3")
    assert ready.step is Step.CONFIRM and ready.threshold == "2/3"
    assert reply.confirm and "Klopt dit?" in reply.text
    assert "Mandaat voor &lt;het&gt; plan?" in reply.text and "wo 3 jun 2026 12:00" in reply.text
    same, reply = step(ready, "ja hoor")
    assert same == ready and not reply.confirm and "Plaatsen" in reply.text


def ready_state(closes: datetime) -> MandateState:
    return MandateState(
        org_id=3, step=Step.CONFIRM, question="Q?", closes=closes, quorum="0/1", threshold="1/2+"
    )


def test_confirmation_posts_or_asks_a_new_closing_time() -> None:
    request = conv.confirm_mandate(ready_state(NOW + timedelta(hours=1)), VotingUnit.MEMBER, NOW)
    assert request == MandateRequest(
        "Q?", NOW + timedelta(hours=1), Share(Fraction(0)), DEFAULT_THRESHOLD, VotingUnit.MEMBER
    )
    passed = conv.confirm_mandate(ready_state(NOW), VotingUnit.MEMBER, NOW)
    assert isinstance(passed, tuple)
    state, reply = passed
    assert state.step is Step.CLOSE and state.question == "Q?" and "voorbij" in reply.text
    # The quorum and threshold given before are kept for the second round.
    assert state.quorum == "0/1" and state.threshold == "1/2+"


def test_default_words_give_the_default_shares() -> None:
    asked = MandateState(org_id=1, step=Step.QUORUM, question="Q?", closes=NOW + timedelta(1))
    quorum, _ = step(asked, "oké")
    threshold, _ = step(quorum.model_copy(update={"step": Step.THRESHOLD}), "prima")
    assert quorum.quorum == "1/2" and Share(Fraction(1, 2)) == DEFAULT_QUORUM
    assert threshold.threshold == "1/2+"


def test_yes_after_did_you_mean_takes_the_suggestion() -> None:
    # Before: "ja" to "Bedoel je 60%?" was "niet begrepen als aandeel".
    asked = MandateState(org_id=1, step=Step.QUORUM, question="Q?", closes=NOW + timedelta(1))
    unsure, reply = step(asked, "60")
    assert unsure.step is Step.QUORUM and unsure.suggested == "60%"
    assert "Bedoel je <code>60%</code>?" in reply.text and "<code>ja</code>" in reply.text
    quorum, reply = step(unsure, "Ja!")
    assert quorum.step is Step.THRESHOLD and quorum.quorum == "3/5" and quorum.suggested is None
    unsure, _ = step(quorum, "70")
    threshold, _ = step(unsure, "ok")  # "ok" is yes here, not "standaard"
    assert threshold.threshold == "7/10"
    # "nee" asks again; a new share replaces the suggestion; "ja" without one is no share.
    unsure, _ = step(asked, "60")
    again, reply = step(unsure, "nee")
    assert again.suggested is None and again.step is Step.QUORUM and "opnieuw" in reply.text
    other, _ = step(unsure, "2/3")
    assert other.quorum == "2/3"
    still, reply = step(asked, "ja")
    assert still == asked and "niet als aandeel" in reply.text


# --- stored form -------------------------------------------------------------------------


def test_states_are_stored_in_the_same_shape_as_before() -> None:
    registration = RegistrationState(org_id=3, step=Step.AGB, name="X")
    assert conv.dump_state(registration) == {"org_id": 3, "step": "agb", "name": "X"}
    mandate = ready_state(NOW)
    stored = conv.dump_state(mandate)
    assert stored["closes"] == "2026-06-01T10:00:00+00:00"
    assert conv.load_state("mandaat", stored) == mandate
    assert conv.load_state("aanmelden", {"org_id": 3, "step": "name"}) == RegistrationState(
        org_id=3
    )
    assert conv.load_state("onbekend", {"org_id": 3}) is None
    assert conv.load_state("mandaat", {"step": "question"}) is None  # no organisation


def test_the_kind_is_chosen_on_the_summary_and_kept() -> None:
    from bot.polls.purpose import Purpose

    ready = ready_state(NOW + timedelta(hours=1))
    assert "Soort: <b>Bestuursmandaat</b>" in conv.mandate_summary(ready, AMS)
    assert conv.choose_purpose(ready.model_copy(update={"step": Step.QUORUM}), Purpose.MANDATE) is (
        None
    )
    chosen = conv.choose_purpose(ready, Purpose.GENERAL_MEETING)
    assert chosen is not None and chosen.purpose == "alv-voorstemming"
    summary = conv.mandate_summary(chosen, AMS)
    assert "ALV-voorstemming" in summary and "BW 2:38" in summary
    assert "welke apotheken stemden, niet wat" in summary
    request = conv.confirm_mandate(chosen, VotingUnit.PHARMACY, NOW)
    assert isinstance(request, MandateRequest) and request.purpose is Purpose.GENERAL_MEETING
    stored = conv.load_state("mandaat", conv.dump_state(chosen))
    assert stored == chosen
