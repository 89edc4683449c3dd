"""One-time codes that link another group chat to an organisation (/koppelcode, /koppel).

Short enough to type over, from an alphabet without look-alikes (no 0/O, 1/I/L), and only
valid for a day: whoever holds a code can attach a group they administer to the organisation.
"""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_VALIDITY = timedelta(hours=24)

_SEPARATORS = re.compile(r"[\s\-_.]+")


def new_link_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str | None:
    """The code as stored, forgiving case and separators; None when it cannot be a code."""
    code = _SEPARATORS.sub("", text).upper()
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return None
    return code
