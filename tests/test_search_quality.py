"""The search meets its accuracy targets on the labelled question sets in tests/data/."""

from __future__ import annotations

from bot.assembly import build_knowledge
from bot.knowledge.loader import load_knowledge
from tests.search_eval import (
    FIT_FILES,
    evaluate,
    load_questions,
    question_files,
    read_questions,
    readable,
)


def test_question_sets_are_big_enough() -> None:
    rows = load_questions()
    answerable = [r for r in rows if r[1] is not None]
    offtopic = [r for r in rows if r[1] is None]
    assert len(rows) >= 150 and len(offtopic) >= 30
    ids = set(load_knowledge().entries)
    unknown = sorted(
        {
            option
            for _, e in answerable
            for option in (e or "").split("|")
            if not option.startswith("m:") and option not in ids
        }
    )
    assert not unknown, f"question set names unknown ids: {unknown}"


def test_accuracy_targets() -> None:
    knowledge = build_knowledge()  # glossary, rules and milestone items, as the bot has them
    ev = evaluate(knowledge.index, load_questions())
    report = "\n".join(ev.failures)
    # The models were fitted on these sets and their questions are collected in the index
    # (bench/fit_outcomes.py): a floor against regressions, not a measure of quality on new
    # questions (that is the leave-one-set-out output of bench/fit_outcomes.py).
    assert ev.first_rate >= 0.9, f"answer or first suggestion {ev.first_rate:.1%}\n{report}"
    assert ev.answered_rate >= 0.6, f"right as answer {ev.answered_rate:.1%}\n{report}"
    assert ev.refused_rate >= 0.9, f"off-topic refused {ev.refused_rate:.1%}\n{report}"
    assert ev.legal_wrong == 0, f"confident wrong legal answers\n{report}"


def test_blind_sets_are_never_read() -> None:
    # Set I and H's guard messages are evaluated by the lead only: neither the bench nor the
    # fits may open them.
    for name in ("blind_i_questions.tsv", "guard_blind_i.tsv", "guard_blind_h.tsv"):
        assert not readable(name)
    assert all(readable(name) for name in FIT_FILES)
    assert "blind_i_questions.tsv" not in question_files()
    assert load_questions(["blind_i_questions.tsv"]) == []


def test_blind_set_i_reaches_the_targets() -> None:
    # Blind set I (5a0dbd6): written from the seeds by someone who never saw the knowledge files,
    # the code or another set, committed unread and never fitted on (readable() keeps it out of
    # the fit and the bench). Only the figures are checked and printed, never a question, so a
    # failure does not turn it into a tuning set. Measured once at 2c13bc6: answer 80.9 %,
    # answer or first 94.7 %, off-topic refused 97.9 %, no confident wrong legal answer.
    # Plain numbers only: pytest's report of a failed assert shows the objects in it, and the
    # evaluation holds the questions it missed.
    figures = _blind_figures("blind_i_questions.tsv")
    answerable, answered, first, refused, legal_wrong = figures
    shown = (
        f"answer {answered:.1%}, answer or first {first:.1%}, "
        f"off-topic refused {refused:.1%}, wrong legal answers {legal_wrong}"
    )
    assert answerable >= 80, shown
    assert answered >= 0.75 and first >= 0.92, shown
    assert refused >= 0.9 and legal_wrong == 0, shown


def _blind_figures(name: str) -> tuple[int, float, float, float, int]:
    ev = evaluate(build_knowledge().index, read_questions(name))
    return ev.answerable, ev.answered_rate, ev.first_rate, ev.refused_rate, ev.legal_wrong
