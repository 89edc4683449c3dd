"""What Telegram derives from a user's message: command and mention entities, MIME types."""

from __future__ import annotations

import re

from telegram import MessageEntity

_COMMAND_RE = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION_RE = re.compile(r"@[A-Za-z0-9_]{3,32}")


def find_entities(text: str) -> list[MessageEntity]:
    """Entities Telegram would attach: bot commands and @mentions."""
    entities: list[MessageEntity] = []
    for match in _COMMAND_RE.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1].isspace():
            entities.append(
                MessageEntity(
                    MessageEntity.BOT_COMMAND, _utf16_len(text[:start]), _utf16_len(match.group())
                )
            )
    for match in _MENTION_RE.finditer(text):
        start = match.start()
        if start > 0 and not text[start - 1].isspace():
            continue
        if any(e.offset <= _utf16_len(text[:start]) < e.offset + e.length for e in entities):
            continue
        entities.append(
            MessageEntity(
                MessageEntity.MENTION, _utf16_len(text[:start]), _utf16_len(match.group())
            )
        )
    entities.sort(key=lambda e: e.offset)
    return entities


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def guess_mime(file_name: str) -> str:
    lower = file_name.lower()
    for suffix, mime in (
        (".csv", "text/csv"),
        (".ics", "text/calendar"),
        (".yaml", "application/x-yaml"),
        (".yml", "application/x-yaml"),
        (".png", "image/png"),
        (".txt", "text/plain"),
    ):
        if lower.endswith(suffix):
            return mime
    return "application/octet-stream"
