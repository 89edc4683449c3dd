"""Every inline-button route of the bot in one table: its prefix, its fields, its pattern.

Buttons are built with `Route.data(...)` and handlers are registered with `Route.pattern`, so
PTB hands the parsed fields to the handler as `context.match` (named groups). No handler
splits callback data by hand, and forged data that does not fit a route reaches no handler.
Telegram allows 64 bytes of callback data; `data` refuses more.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_CALLBACK_BYTES = 64
_NUMBER = r"-?\d{1,19}"
_TOKEN = r"[0-9a-f]{8}"  # a question waiting in the agenda (bot.agenda.pending)
_MEETING = r"\d{1,12}"
_EPOCH = r"\d{1,11}"  # an occurrence: its original start in seconds since 1970


@dataclass(frozen=True)
class Route:
    prefix: str
    fields: tuple[tuple[str, str], ...] = ()  # (name, regex) in order

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = [re.escape(self.prefix), *(f"(?P<{name}>{rx})" for name, rx in self.fields)]
        return re.compile("^" + ":".join(parts) + "$")

    def data(self, *values: object) -> str:
        if len(values) != len(self.fields):
            raise ValueError(f"{self.prefix} takes {len(self.fields)} values")
        text = ":".join([self.prefix, *(str(v) for v in values)])
        if len(text.encode()) > MAX_CALLBACK_BYTES or not self.pattern.fullmatch(text):
            raise ValueError(f"callback data does not fit its route: {text!r}")
        return text

    def fits(self, *values: object) -> bool:
        """Whether `data(*values)` can be built: a button for a value that does not fit (a
        name from a file, say) is left out rather than failing the whole reply."""
        try:
            self.data(*values)
        except ValueError:
            return False
        return True


# --- votes, scan, roster, organisations ---------------------------------------------------
VOTE = Route("pv", (("poll", r"\d{1,9}"), ("option", r"\d{1,2}")))
# Confirming that a press replaces the vote another member of the pharmacy cast; `base` is
# the latest of those votes when the question was asked (asked again when it changed since).
VOTE_CONFIRM = Route("pvc", (("poll", r"\d{1,9}"), ("option", r"\d{1,2}"), ("base", r"\d{1,12}")))
VOTE_KEEP = Route("pvk", (("poll", r"\d{1,9}"),))
SCAN = Route("ps", (("poll", r"\d{1,9}"), ("statement", r"\d{1,2}"), ("score", r"\d")))
SCAN_BACK = Route("pq", (("poll", r"\d{1,9}"), ("statement", r"\d{1,2}")))  # "vorige"
# "nee" asks to confirm a rejection, "weiger" rejects, "terug" shows the choice again
MEMBER_DECISION = Route("pl", (("decision", "ja|nee|weiger|terug"), ("member", r"\d{1,12}")))
ROSTER_REMOVE_LIST = Route("lr", (("org", r"\d{1,9}"), ("page", r"\d{1,3}")))
ROSTER_REMOVE_ASK = Route("la", (("pharmacy", r"\d{1,12}"),))
ROSTER_REMOVE = Route("ly", (("pharmacy", r"\d{1,12}"), ("answer", "ja|nee")))
ROSTER_REPLACE = Route("lv", (("replacement", r"\d{1,12}"), ("answer", "ja|nee")))
GUIDED_MANDATE = Route("pm", (("action", "ok|stop"),))
GUIDED_KIND = Route("pmk", (("purpose", "raadpleging|bestuursmandaat|alv-voorstemming"),))
VOTE_SHOW = Route("pw", (("poll", r"\d{1,9}"),))  # a poll from /stemmingen to vote in
POLL_PICK = Route("pp", (("command", r"[a-z]{1,20}"), ("poll", r"\d{1,9}")))
POLL_CONFIRM = Route("pb", (("action", "sluit|intrek"), ("poll", r"\d{1,9}"), ("answer", "ja|nee")))
# `base` is the closing time the question was asked about: a later /verleng makes it stale.
MOVE_CONFIRM = Route(
    "pe", (("poll", r"\d{1,9}"), ("at", _EPOCH), ("base", _EPOCH), ("answer", "ja|nee"))
)
UNLINK_CONFIRM = Route("pu", (("answer", "ja|nee"),))  # /ontkoppel, in the group itself
# Replacing an existing outcome: the new text waits in PollsRuntime.pending under `token`.
OUTCOME_CONFIRM = Route("po", (("poll", r"\d{1,9}"), ("token", _TOKEN), ("answer", "ja|nee")))
CHOOSE_ORG = Route("pk", (("command", r"[a-z]{1,20}"), ("org", r"\d{1,9}")))

# --- agenda -------------------------------------------------------------------------------
AGENDA_CANCEL = Route("agd:x", (("meeting", _MEETING),))
AGENDA_CANCEL_AT = Route("agd:w", (("meeting", _MEETING), ("at", _EPOCH)))
AGENDA_CANCEL_SCOPE = Route(
    "agd:y", (("meeting", _MEETING), ("at", _EPOCH), ("scope", "een|volgende|reeks"))
)
AGENDA_CANCEL_KEEP = Route("agd:n", (("meeting", _MEETING),))
AGENDA_CHOOSE = Route("agd:k", (("token", _TOKEN), ("choice", r"\d")))
AGENDA_DUPLICATE = Route("agd:d", (("token", _TOKEN), ("answer", "ja|nee")))
AGENDA_MOVE = Route("agd:m", (("token", _TOKEN), ("meeting", _MEETING), ("at", _EPOCH)))
AGENDA_REMOVED = Route("agd:r", (("token", _TOKEN), ("answer", "ja|nee")))
AGENDA_SHOW = Route("agd:a", (("chat", _NUMBER),))
AGENDA_ICS = Route("agd:i", (("chat", _NUMBER),))
AGENDA_SUBSCRIBE = Route("agd:s", (("schedule", r"[\w.-]{1,50}"),))
AGENDA_UNSUBSCRIBE = Route("agd:o", (("schedule", r"[\w.-]{1,50}"),))
AGENDA_FOLLOW = Route("agd:f", (("chat", _NUMBER),))
AGENDA_UNFOLLOW = Route("agd:u", (("chat", _NUMBER),))

# --- knowledge ----------------------------------------------------------------------------
KNOWLEDGE_ENTRY = Route("k", (("entry", r"[\w:.-]{1,60}"),))
KNOWLEDGE_SUGGEST = Route("ks", (("question", r"\d{1,12}"), ("pick", r"\d")))
KNOWLEDGE_RATE = Route("kr", (("vote", "up|down"), ("entry", r"[\w.-]{1,50}")))
KNOWLEDGE_BROWSE = Route("kb", (("page", r"\d{1,3}"),))
KNOWLEDGE_MORE = Route("km", (("entry", r"[\w:.-]{1,60}"),))

# --- privacy ------------------------------------------------------------------------------
FORGET = Route("pr", (("answer", "ja|nee"),))

ALL_ROUTES = (
    VOTE,
    VOTE_CONFIRM,
    VOTE_KEEP,
    SCAN,
    SCAN_BACK,
    MEMBER_DECISION,
    ROSTER_REMOVE_LIST,
    ROSTER_REMOVE_ASK,
    ROSTER_REMOVE,
    ROSTER_REPLACE,
    GUIDED_MANDATE,
    GUIDED_KIND,
    VOTE_SHOW,
    POLL_PICK,
    POLL_CONFIRM,
    MOVE_CONFIRM,
    OUTCOME_CONFIRM,
    CHOOSE_ORG,
    UNLINK_CONFIRM,
    AGENDA_CANCEL,
    AGENDA_CANCEL_AT,
    AGENDA_CANCEL_SCOPE,
    AGENDA_CANCEL_KEEP,
    AGENDA_CHOOSE,
    AGENDA_DUPLICATE,
    AGENDA_MOVE,
    AGENDA_REMOVED,
    AGENDA_SHOW,
    AGENDA_ICS,
    AGENDA_SUBSCRIBE,
    AGENDA_UNSUBSCRIBE,
    AGENDA_FOLLOW,
    AGENDA_UNFOLLOW,
    KNOWLEDGE_ENTRY,
    KNOWLEDGE_SUGGEST,
    KNOWLEDGE_BROWSE,
    KNOWLEDGE_MORE,
    FORGET,
    KNOWLEDGE_RATE,
)


# --- deep links (t.me/<bot>?start=<payload>) ---------------------------------------------


@dataclass(frozen=True)
class DeepLink:
    """A `/start <payload>` entry point; each has its own `/start` handler (PTB's
    `deeplinking.py`), registered with `DeepLink.start_filter`."""

    prefix: str
    value: str = r"\d{1,12}"

    @property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"^/start(?:@\w+)? {re.escape(self.prefix)}(?P<value>{self.value})$")

    def payload(self, value: object) -> str:
        return f"{self.prefix}{value}"

    def value_of(self, text: str | None) -> str | None:
        match = self.pattern.match(text or "")
        return match.group("value") if match else None


REGISTER_LINK = DeepLink("aanmelden_")
GUIDED_MANDATE_LINK = DeepLink("mandaat_")
SCAN_LINK = DeepLink("scan_")
FOLLOW_LINK = DeepLink("volg", r"-?\d{1,19}")
VOTE_LINK = DeepLink("stemming_")  # a vote's closing day in the agenda, outside supergroups
