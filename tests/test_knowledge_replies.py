"""Caveats and sources reach the member: "Meer" for long details, every source listed."""

from __future__ import annotations

from bot.assembly import build_knowledge
from bot.html_check import check_html
from bot.knowledge.replies import (
    DETAILS_INLINE_MAX,
    MORE_CALLBACK,
    entry_reply,
    has_more,
    more_html,
)
from bot.texts import knowledge as texts


def test_long_details_sit_behind_meer_and_short_ones_inline() -> None:
    knowledge = build_knowledge()
    long_ones = [e for e in knowledge.entries.values() if has_more(e)]
    short_ones = [e for e in knowledge.entries.values() if e.details and not has_more(e)]
    assert long_ones and short_ones
    entry = long_ones[0]
    reply = entry_reply(knowledge, entry)
    assert reply.buttons[-1] == [(texts.MORE_BUTTON, MORE_CALLBACK + entry.id)]
    assert entry.details is not None
    assert entry.details.split()[0] in check_html(more_html(entry))
    short = short_ones[0]
    assert short.details is not None and len(short.details) <= DETAILS_INLINE_MAX
    assert short.details.strip()[:30] in check_html(entry_reply(knowledge, short).html)


def test_every_source_is_listed() -> None:
    knowledge = build_knowledge()
    entry = max(knowledge.entries.values(), key=lambda e: len(e.sources))
    assert len(entry.sources) > 2
    text = check_html(entry_reply(knowledge, entry).html)
    for source in entry.sources:
        assert source.render() in text
    assert "en nog" not in text


def test_descriptive_rules_carry_no_verdict() -> None:
    knowledge = build_knowledge()
    for entry_id in ("acm-uitgangspunten-2015", "acm-kartelverbod", "acm-toezicht-boetes"):
        entry = knowledge.entries[entry_id]
        assert entry.verdict is None
        text = check_html(entry_reply(knowledge, entry).html)
        assert not any(label in text for label in texts.VERDICT_LABELS.values())
    assert knowledge.entries["acm-pact-niet-concurrenten"].verdict == "hangt af"
