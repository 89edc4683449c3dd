"""The private conversations of the voting feature as explicit state machines: registering as a
member (/aanmelden) and the guided /mandaat.

A state is a small pydantic model stored in the database between messages (so a restart in the
middle of a conversation loses nothing; PTB's ConversationHandler keeps state in memory and
does not suit concurrent updates). `advance(state, text)` is pure: it returns the next state
and the reply. Where a step needs the database (storing the registration) or Telegram (the
board check), the state says so (`Step.SUBMIT`, `Step.CONFIRM`) and the handler acts.

    registration: NAME --name--> AGB --AGB code or "geen"--> SUBMIT (stored by the handler)
    mandate:      QUESTION -> CLOSE -> QUORUM -> THRESHOLD -> CONFIRM (buttons: post / stop,
                  and the kind: bestuursmandaat, raadpleging, alv-voorstemming)
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import ClassVar, Literal, overload
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError, field_serializer

from bot.dutch_dates import format_moment
from bot.polls import records as pr
from bot.polls.mandate_command import MandateRequest, parse_closing_moment, question_problem
from bot.polls.purpose import Purpose, purpose_of
from bot.polls.roster_csv import MAX_NAME_CHARS, parse_optional_agb
from bot.polls.rules import (
    DEFAULT_QUORUM,
    DEFAULT_THRESHOLD,
    BareNumberError,
    PollInputError,
    Share,
    VotingUnit,
    parse_share,
)
from bot.texts import guided as guided_texts
from bot.texts import roster as roster_texts
from bot.texts import vote_kinds as kind_texts
from bot.texts import votes as vote_texts

DEFAULT_WORDS = frozenset({"standaard", "default", "normaal", "ok", "oké", "prima"})
# After "Bedoel je 60%?": yes takes the suggestion (also "ok", which otherwise means default).
YES_WORDS = frozenset({"ja", "jawel", "klopt", "ja klopt", "ja graag", "jep", "yes", "ok", "oké"})
NO_WORDS = frozenset({"nee", "neen", "no", "nee hoor"})


class Flow(StrEnum):
    """Which conversation a stored state belongs to (the `kind` column)."""

    REGISTRATION = "aanmelden"
    MANDATE = "mandaat"


class Step(StrEnum):
    NAME = "name"
    AGB = "agb"
    SUBMIT = "submit"
    QUESTION = "question"
    CLOSE = "close"
    QUORUM = "quorum"
    THRESHOLD = "threshold"
    CONFIRM = "confirm"


class RegistrationState(BaseModel):
    model_config = ConfigDict(frozen=True)
    flow: ClassVar[Flow] = Flow.REGISTRATION

    org_id: int
    step: Literal[Step.NAME, Step.AGB, Step.SUBMIT] = Step.NAME
    name: str | None = None
    agb: str | None = None  # set with SUBMIT (None: the member does not know it)


class MandateState(BaseModel):
    model_config = ConfigDict(frozen=True)
    flow: ClassVar[Flow] = Flow.MANDATE

    org_id: int
    step: Literal[Step.QUESTION, Step.CLOSE, Step.QUORUM, Step.THRESHOLD, Step.CONFIRM] = (
        Step.QUESTION
    )
    question: str | None = None
    closes: datetime | None = None
    quorum: str | None = None  # as stored: "1/2", "2/3+" (records.share_to_text)
    threshold: str | None = None
    purpose: str | None = None  # chosen on the summary (buttons); None: a board mandate
    suggested: str | None = None  # "60%" after "Bedoel je 60%?", taken when the answer is yes

    @field_serializer("closes")
    def _closes_as_utc(self, closes: datetime | None) -> str | None:
        return closes.astimezone(UTC).isoformat(timespec="seconds") if closes else None


State = RegistrationState | MandateState


@dataclass(frozen=True)
class Reply:
    """What the bot answers to a step; `confirm` adds the post / stop buttons."""

    text: str
    confirm: bool = False


def _words(text: str) -> str:
    return " ".join(text.split())


# --- registration ------------------------------------------------------------------------


def advance_registration(state: RegistrationState, text: str) -> tuple[RegistrationState, Reply]:
    text = _words(text)
    if state.step is Step.NAME:
        if not text:
            return state, Reply(roster_texts.REGISTER_NAME_EMPTY)
        if len(text) > MAX_NAME_CHARS:
            return state, Reply(roster_texts.register_name_too_long(MAX_NAME_CHARS))
        reply = roster_texts.register_ask_agb(html.escape(text, quote=False))
        return state.model_copy(update={"step": Step.AGB, "name": text}), Reply(reply)
    try:
        agb = parse_optional_agb(text)
    except PollInputError as exc:
        return state, Reply(f"{exc.message}\n{roster_texts.REGISTER_AGB_RETRY}")
    return state.model_copy(update={"step": Step.SUBMIT, "agb": agb}), Reply("")


# --- guided /mandaat ---------------------------------------------------------------------


def _share(text: str, default: Share, *, allow_zero: bool = False) -> Share:
    if text.lower() in DEFAULT_WORDS:
        return default
    return parse_share(text, allow_zero=allow_zero)


def advance_mandate(
    state: MandateState, text: str, now: datetime, tz: ZoneInfo
) -> tuple[MandateState, Reply]:
    text = _words(text)
    if state.step is Step.QUESTION:
        if not text:
            return state, Reply(guided_texts.GUIDED_ASK_QUESTION)
        problem = question_problem(text)
        if problem is not None:
            return state, Reply(problem)
        next_state = state.model_copy(update={"step": Step.CLOSE, "question": text})
        return next_state, Reply(guided_texts.GUIDED_ASK_CLOSE)
    if state.step is Step.CLOSE:
        try:
            closes = parse_closing_moment(text, now, tz)
        except PollInputError as exc:
            return state, Reply(f"{exc.message}\n{guided_texts.GUIDED_CLOSE_RETRY}")
        next_state = state.model_copy(update={"step": Step.QUORUM, "closes": closes})
        return next_state, Reply(guided_texts.GUIDED_ASK_QUORUM)
    if state.step is Step.QUORUM:
        try:
            quorum = _share(_answer(state, text), DEFAULT_QUORUM, allow_zero=True)
        except BareNumberError as exc:
            return _ask_suggestion(state, exc)
        except PollInputError as exc:
            return _cleared(state), Reply(_retry(text, exc, vote_texts.quorum_invalid))
        next_state = state.model_copy(
            update={"step": Step.THRESHOLD, "quorum": pr.share_to_text(quorum), "suggested": None}
        )
        return next_state, Reply(guided_texts.GUIDED_ASK_THRESHOLD)
    if state.step is Step.THRESHOLD:
        try:
            threshold = _share(_answer(state, text), DEFAULT_THRESHOLD)
        except BareNumberError as exc:
            return _ask_suggestion(state, exc)
        except PollInputError as exc:
            return _cleared(state), Reply(_retry(text, exc, vote_texts.threshold_invalid))
        next_state = state.model_copy(
            update={
                "step": Step.CONFIRM,
                "threshold": pr.share_to_text(threshold),
                "suggested": None,
            }
        )
        return next_state, Reply(mandate_summary(next_state, tz), confirm=True)
    return state, Reply(guided_texts.GUIDED_USE_BUTTONS)


def mandate_summary(state: MandateState, tz: ZoneInfo) -> str:
    """The summary shown before posting: the vote, its kind with what that means, and who
    will see what."""
    request = mandate_request(state, VotingUnit.PHARMACY)
    purpose = request.purpose
    lines = [
        guided_texts.guided_summary(
            html.escape(request.question, quote=False),
            format_moment(request.closes_at_utc, tz),
            request.quorum.describe(),
            request.threshold.describe(),
        ),
        kind_texts.purpose_line(purpose.label, purpose.meaning),
        kind_texts.secrecy_mandate(VotingUnit.PHARMACY.plural)
        if purpose.needs_representation_list
        else kind_texts.secrecy_who_voted(VotingUnit.PHARMACY.plural),
        "",
        guided_texts.GUIDED_KIND_HINT,
    ]
    return "\n".join(lines)


def choose_purpose(state: MandateState, purpose: Purpose) -> MandateState | None:
    """The kind chosen with a button on the summary; None when the summary is not shown."""
    if state.step is not Step.CONFIRM:
        return None
    return state.model_copy(update={"purpose": purpose.value})


def _answer(state: MandateState, text: str) -> str:
    """The share typed, or the suggested one when the answer to "Bedoel je 60%?" is yes."""
    if state.suggested and text.lower().strip(" !.") in YES_WORDS:
        return state.suggested
    return text


def _ask_suggestion(state: MandateState, exc: BareNumberError) -> tuple[MandateState, Reply]:
    asked = state.model_copy(update={"suggested": exc.suggestion})
    return asked, Reply(guided_texts.guided_bare_number(exc.suggestion))


def _cleared(state: MandateState) -> MandateState:
    return state.model_copy(update={"suggested": None})


def _retry(text: str, exc: PollInputError, wrap: Callable[[str], str]) -> str:
    """ "nee" to "Bedoel je 60%?" asks for the share again; other input says what is wrong."""
    if text.lower().strip(" !.") in NO_WORDS:
        return guided_texts.GUIDED_SHARE_AGAIN
    return wrap(exc.message)


def mandate_request(state: MandateState, unit: VotingUnit) -> MandateRequest:
    """The vote a completed conversation describes (secret, like every mandate vote)."""
    quorum = pr.share_from_text(state.quorum)
    threshold = pr.share_from_text(state.threshold)
    assert state.question is not None and state.closes is not None
    assert quorum is not None and threshold is not None
    return MandateRequest(
        question=state.question,
        closes_at_utc=state.closes,
        quorum=quorum,
        threshold=threshold,
        unit=unit,
        purpose=purpose_of(state.purpose) or Purpose.MANDATE,
    )


def confirm_mandate(
    state: MandateState, unit: VotingUnit, now: datetime
) -> MandateRequest | tuple[MandateState, Reply]:
    """The request to post, or back to CLOSE when its closing time passed meanwhile."""
    request = mandate_request(state, unit)
    if request.closes_at_utc <= now:
        return state.model_copy(update={"step": Step.CLOSE}), Reply(
            guided_texts.GUIDED_CLOSE_PASSED
        )
    return request


# --- both --------------------------------------------------------------------------------


@overload
def advance(
    state: RegistrationState, text: str, *, now: datetime, tz: ZoneInfo
) -> tuple[RegistrationState, Reply]: ...


@overload
def advance(
    state: MandateState, text: str, *, now: datetime, tz: ZoneInfo
) -> tuple[MandateState, Reply]: ...


def advance(state: State, text: str, *, now: datetime, tz: ZoneInfo) -> tuple[State, Reply]:
    """The next state and the reply for one private text of the user."""
    if isinstance(state, RegistrationState):
        return advance_registration(state, text)
    return advance_mandate(state, text, now, tz)


def load_state(flow: str, data: dict[str, object]) -> State | None:
    """A stored state, or None when it is of no known flow (or no longer valid)."""
    model: type[RegistrationState] | type[MandateState]
    if flow == Flow.REGISTRATION:
        model = RegistrationState
    elif flow == Flow.MANDATE:
        model = MandateState
    else:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


def dump_state(state: State) -> dict[str, object]:
    return state.model_dump(mode="json", exclude_none=True)
