"""Builds the replies a member sees for a search result, independent of Telegram.

The same rendering serves the chat handlers, inline mode and `rao-bot ask`, so what the command
line shows is exactly what a member would get.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from bot.knowledge.loader import Knowledge
from bot.knowledge.models import Entry
from bot.knowledge.normalize import fold
from bot.knowledge.search import SearchResult
from bot.texts import knowledge as texts

ENTRY_CALLBACK = "k:"
# Questions for facts the knowledge never holds: contact details, people, places, hours.
_CONTACT_WORDS = re.compile(
    r"\b(telefoon\w*|e-?mail\w*|adres|adressen|website|openingstijd\w*|contactpersoon\w*"
    r"|voorzitter|directeur)\b"
)
BROWSE_CALLBACK = "kb:"
PAGE_SIZE = 10
MAX_SOURCES_SHOWN = 2


@dataclass(frozen=True)
class Reply:
    html: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (label, data)


def _source_line(entry: Entry) -> str:
    parts = []
    for source in entry.sources:
        label = html.escape(source.render(), quote=False)
        if source.url:
            parts.append(f'<a href="{html.escape(source.url)}">{label}</a>')
        else:
            parts.append(label)
    prefix = texts.SOURCE_PREFIX if len(parts) == 1 else texts.SOURCES_PREFIX
    shown = parts[:MAX_SOURCES_SHOWN]
    if len(parts) > MAX_SOURCES_SHOWN:  # keep the reply chat-sized; the first sources carry it
        shown.append(texts.MORE_SOURCES.format(count=len(parts) - MAX_SOURCES_SHOWN))
    return f"<i>{prefix}: " + " · ".join(shown) + "</i>"


def entry_html(entry: Entry) -> str:
    body = html.escape(entry.answer.strip(), quote=False)
    if entry.verdict is not None:
        body = f"{texts.VERDICT_LABELS[entry.verdict]}\n{body}"
    blocks = [f"<b>{html.escape(entry.title, quote=False)}</b>", body, _source_line(entry)]
    if entry.kind == "rule":
        blocks.append(texts.DISCLAIMER)
    return "\n\n".join(blocks)


def entry_reply(knowledge: Knowledge, entry: Entry) -> Reply:
    buttons = [
        [(texts.RELATED_BUTTON_PREFIX + knowledge.entries[r].title, ENTRY_CALLBACK + r)]
        for r in entry.related
        if r in knowledge.entries
    ][:4]
    return Reply(entry_html(entry), buttons)


def result_reply(knowledge: Knowledge, result: SearchResult) -> Reply:
    if result.outcome == "answer" and result.best is not None:
        entry = knowledge.entries.get(result.best.id)
        if entry is not None:
            return entry_reply(knowledge, entry)
        extra = knowledge.extra.get(result.best.id)
        if extra is not None:
            return Reply(extra_html(knowledge, result.best.id))
    contact = _CONTACT_WORDS.search(fold(result.query)) is not None
    if result.outcome in ("answer", "suggest") and result.suggestions:
        buttons = [[(hit.title, ENTRY_CALLBACK + hit.id)] for hit in result.suggestions]
        intro = texts.SUGGEST_INTRO if len(buttons) > 1 else texts.SUGGEST_INTRO_ONE
        if contact:  # "telefoonnummer van de huisartsenpost": say plainly what we lack
            intro = f"{texts.NO_CONTACT_DETAILS}\n{texts.CONTACT_SUGGEST_INTRO}"
        return Reply(intro, buttons)
    if contact:
        return Reply(texts.NO_CONTACT_DETAILS)
    return Reply(texts.NONE_REPLY + "\n" + texts.NONE_LEGAL_HINT)


def extra_html(knowledge: Knowledge, item_id: str) -> str:
    """Items indexed from elsewhere (milestones) carry their own rendering."""
    renderer = knowledge.renderers.get(item_id.split(":", 1)[0])
    if renderer is None:
        return texts.UNKNOWN_ENTRY
    return renderer(item_id)


def browse_reply(knowledge: Knowledge, page: int) -> Reply:
    entries = knowledge.sorted_entries()
    pages = max(1, -(-len(entries) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    chunk = entries[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    buttons = [[(e.title, ENTRY_CALLBACK + e.id)] for e in chunk]
    nav: list[tuple[str, str]] = []
    if page > 1:
        nav.append((texts.BROWSE_PREV, f"{BROWSE_CALLBACK}{page - 1}"))
    if page < pages:
        nav.append((texts.BROWSE_NEXT, f"{BROWSE_CALLBACK}{page + 1}"))
    if nav:
        buttons.append(nav)
    return Reply(texts.BROWSE_HEADER.format(page=page, pages=pages), buttons)
