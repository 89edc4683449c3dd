"""Builds the replies a member sees for a search result, independent of Telegram.

The same rendering serves the chat handlers, inline mode and `rao-bot ask`, so what the command
line shows is exactly what a member would get.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from bot.knowledge.intent import asks_for_contact
from bot.knowledge.loader import Knowledge
from bot.knowledge.models import Entry
from bot.knowledge.records import RatingCount, UnansweredGroup
from bot.knowledge.search import SearchResult
from bot.texts import knowledge as texts

ENTRY_CALLBACK = "k:"
MORE_CALLBACK = "km:"
DETAILS_INLINE_MAX = 160  # shorter caveats go in the answer itself, longer ones behind "Meer"
# Questions for facts the knowledge never holds: contact details, places, hours (the intent's)
# and people.
_PEOPLE_WORDS = re.compile(r"\b(?:voorzitter|directeur)\b")
BROWSE_CALLBACK = "kb:"
PAGE_SIZE = 10


@dataclass(frozen=True)
class Reply:
    html: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)  # rows of (label, data)
    rate: str | None = None  # the entry a member may rate 👍 / 👎 under this reply


def _source_line(entry: Entry) -> str:
    parts = []
    for source in entry.sources:
        label = html.escape(source.render(), quote=False)
        if source.url:
            parts.append(f'<a href="{html.escape(source.url)}">{label}</a>')
        else:
            parts.append(label)
    prefix = texts.SOURCE_PREFIX if len(parts) == 1 else texts.SOURCES_PREFIX
    return f"<i>{prefix}: " + " · ".join(parts) + "</i>"  # every source: none hidden


def has_more(entry: Entry) -> bool:
    """Caveats too long for the answer itself sit behind a "Meer" button."""
    return entry.details is not None and len(entry.details.strip()) > DETAILS_INLINE_MAX


def entry_html(entry: Entry) -> str:
    body = html.escape(entry.answer.strip(), quote=False)
    if entry.verdict is not None:
        body = f"{texts.VERDICT_LABELS[entry.verdict]}\n{body}"
    if entry.details and not has_more(entry):
        body += "\n\n" + html.escape(entry.details.strip(), quote=False)
    blocks = [f"<b>{html.escape(entry.title, quote=False)}</b>", body, _source_line(entry)]
    if entry.kind == "rule":
        blocks.append(texts.DISCLAIMER)
    return "\n\n".join(blocks)


def more_html(entry: Entry) -> str:
    title = html.escape(entry.title, quote=False)
    details = html.escape((entry.details or "").strip(), quote=False)
    return f"{texts.MORE_HEADER.format(title=title)}\n\n{details}"


def entry_reply(knowledge: Knowledge, entry: Entry) -> Reply:
    buttons = [
        [(texts.RELATED_BUTTON_PREFIX + knowledge.entries[r].title, ENTRY_CALLBACK + r)]
        for r in entry.related
        if r in knowledge.entries
    ][:4]
    if has_more(entry):
        buttons.append([(texts.MORE_BUTTON, MORE_CALLBACK + entry.id)])
    return Reply(entry_html(entry), buttons, rate=entry.id)


def _item_html(knowledge: Knowledge, item_id: str) -> str | None:
    entry = knowledge.entries.get(item_id)
    if entry is not None:
        return entry_html(entry)
    return extra_html(knowledge, item_id) if item_id in knowledge.extra else None


def compare_reply(knowledge: Knowledge, first: str, second: str) -> Reply | None:
    """Two entries one under the other, each with its own "Meer" where it has one."""
    blocks = [_item_html(knowledge, first), _item_html(knowledge, second)]
    if blocks[0] is None or blocks[1] is None:
        return None
    buttons = [
        [(texts.MORE_ABOUT_BUTTON.format(title=entry.title), MORE_CALLBACK + entry.id)]
        for entry in (knowledge.entries.get(first), knowledge.entries.get(second))
        if entry is not None and has_more(entry)
    ]
    return Reply(f"{blocks[0]}\n\n{texts.COMPARE_DIVIDER}\n\n{blocks[1]}", buttons)


def result_reply(knowledge: Knowledge, result: SearchResult) -> Reply:
    intent = result.intent
    if intent.kind == "greeting":
        return Reply(texts.GREETING_REPLY)
    if intent.kind == "thanks":
        return Reply(texts.THANKS_REPLY)
    if intent.kind == "bot_help" and intent.command in texts.BOT_HELP_REPLIES:
        return Reply(texts.BOT_HELP_REPLIES[intent.command])
    if result.best is not None and result.compared is not None:
        compared = compare_reply(knowledge, result.best.id, result.compared.id)
        if compared is not None:
            return compared
    if result.outcome == "answer" and result.best is not None:
        entry = knowledge.entries.get(result.best.id)
        if entry is not None:
            return entry_reply(knowledge, entry)
        extra = knowledge.extra.get(result.best.id)
        if extra is not None:
            return Reply(extra_html(knowledge, result.best.id))
    contact = intent.contact or asks_for_contact(result.query, _PEOPLE_WORDS)
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


def board_report_html(
    unanswered: list[UnansweredGroup], disliked: list[tuple[str, RatingCount]], tz: ZoneInfo
) -> str:
    """`/onbeantwoord`: what members asked in vain, most frequent first, and the answers
    they liked least, so the board can ask for an alias, an entry or a better answer."""
    lines = [texts.UNANSWERED_HEADER]
    for n, group in enumerate(unanswered, 1):
        text = html.escape(group.text[:200], quote=False)
        day = group.last_utc.astimezone(tz).strftime("%d-%m")
        lines.append(texts.UNANSWERED_LINE.format(n=n, count=group.count, text=text, day=day))
    if not unanswered:
        lines.append(texts.UNANSWERED_NONE)
    else:
        lines.append(texts.UNANSWERED_HINT)
    lines += ["", texts.DISLIKED_HEADER]
    for n, (title, count) in enumerate(disliked, 1):
        title = html.escape(title, quote=False)
        lines.append(texts.DISLIKED_LINE.format(n=n, title=title, down=count.down, up=count.up))
    if not disliked:
        lines.append(texts.DISLIKED_NONE)
    return "\n".join(lines)
