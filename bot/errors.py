"""The one exception type whose message a user may read.

Domain code raises a subclass with a Dutch (HTML-safe) sentence; the handlers let it travel and
the error handler answers it once, so no handler repeats `except ...: reply_text(exc.message)`.
Everything that is not a `UserFacingError` is a bug and gets the generic apology.
"""

from __future__ import annotations


class UserFacingError(ValueError):
    """Input or a state the user can fix; `message` is the Dutch reply, already HTML-safe."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
