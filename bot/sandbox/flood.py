"""Telegram's flood limits in the sandbox: calls over the limit are refused with 429.

What Telegram documents (Bots FAQ, "My bot is hitting limits, how do I avoid this?",
https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this):
- in one chat, avoid more than one message per second; short bursts over it are allowed,
  "but eventually you'll begin receiving 429 errors";
- bulk notifications: "not more than 30 messages per second or so" over all chats;
- "your bot will not be able to send more than 20 messages per minute to the same group".
Over a limit the Bot API answers HTTP 429 `{"ok": false, "error_code": 429, "description":
"Too Many Requests: retry after N", "parameters": {"retry_after": N}}`, N being "the number of
seconds left to wait before the request can be repeated" (ResponseParameters.retry_after).
Telegram says no more; the exact limits are unpublished and looser in practice (grammY's
"Flood Limits" page: https://grammy.dev/advanced/flood). The sandbox enforces the documented
figures, so a bot that keeps to them passes and one that does not is refused.

What counts: calls that put a message in a chat or change one there, with a `chat_id`: the
send methods (sendMessage, sendPhoto, sendDocument, sendPoll, copyMessage, forwardMessage, ...)
and the edits (editMessageText, editMessageReplyMarkup, editMessageCaption, stopPoll, ...).
Edits count because Telegram limits them per group too (a bot can edit about 20 messages a
minute in a group: grammY, above; the bot's own poll refresh is debounced for it, see
bot/jobs/polls.py `request_refresh`). Each call counts once (an album too: the sandbox has no
sendMediaGroup). Not counted: answerCallbackQuery, getUpdates, the get*/set* methods,
sendChatAction, deleteMessage, leaveChat, and edits of inline messages (no chat).

How it counts: leaky buckets, the model of the bot's own limiter (PTB's AIORateLimiter on
aiolimiter, `bot/app.py`), so a bot keeping to its limits is never refused here:
- per group, supergroup or channel (a negative or "@name" chat_id): 20 at once, then one
  every 3 s (20 per 60 s), as the FAQ's 20 a minute and the bot's RATE_GROUP;
- per private chat: a burst of 10, then one a second ("short bursts" are the FAQ's words, the
  10 is this sandbox's choice; the bot's limiter has no per-private-chat limit, so keep it
  generous);
- over all chats: 30 at once, then 30 a second, as the FAQ and the bot's RATE_OVERALL.
A sliding window of 20 per 60 s would be stricter than that limiter (which sends 20 at once and
then one every 3 s) and refuse a bot that keeps its limits. The bot's limiter counts every
call with a chat_id, more than counts here: it is the stricter of the two.

`tolerance` (half a call) admits a call that comes a little early by the sandbox's clock: the
bot measures its pace where it sends, the sandbox where the call arrives, and network delays
differ from call to call. A burst of one call more than a limit is still refused.

A refused call has no effect at all: nothing is sent or recorded, no message id is used, and
it takes nothing from any bucket. `retry_after` is the whole seconds (rounded up, at least 1)
until the call fits without the tolerance, so waiting that long always suffices.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.errors import ApiError, too_many_requests

COUNTED = frozenset(
    m.lower()
    for m in (
        "sendMessage", "sendPhoto", "sendDocument", "sendAudio", "sendVideo", "sendVoice",
        "sendAnimation", "sendVideoNote", "sendSticker", "sendLocation", "sendVenue",
        "sendContact", "sendDice", "sendPoll", "sendMediaGroup", "sendPaidMedia", "sendInvoice",
        "copyMessage", "copyMessages", "forwardMessage", "forwardMessages",
        "editMessageText", "editMessageCaption", "editMessageMedia", "editMessageReplyMarkup",
        "editMessageLiveLocation", "stopMessageLiveLocation", "stopPoll",
    )
)  # fmt: skip
_PURGE_AT = 1024  # forget drained chat buckets once there are this many


@dataclass(frozen=True)
class Rate:
    """`count` calls at once, then `count` per `period` seconds."""

    count: int
    period: float

    def __post_init__(self) -> None:
        if self.count < 1 or not self.period > 0:
            raise ValueError("a rate needs a count of at least 1 and a period above 0 s")

    @property
    def per_second(self) -> float:
        return self.count / self.period

    def to_dict(self) -> dict[str, float]:
        return {"count": self.count, "period": self.period}


@dataclass(frozen=True)
class FloodLimits:
    """The figures; the defaults are Telegram's (see the module docstring)."""

    group: Rate = Rate(20, 60.0)
    private: Rate = Rate(10, 10.0)
    overall: Rate = Rate(30, 1.0)
    tolerance: float = 0.5

    def __post_init__(self) -> None:
        if not 0 <= self.tolerance < 1:
            raise ValueError("tolerance must be at least 0 and below 1 call")

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.group.to_dict(),
            "private": self.private.to_dict(),
            "overall": self.overall.to_dict(),
            "tolerance": self.tolerance,
        }


@dataclass
class _Bucket:
    rate: Rate
    level: float = 0.0
    at: float = 0.0

    def level_at(self, now: float) -> float:
        return max(0.0, self.level - (now - self.at) * self.rate.per_second)

    def wait(self, now: float, tolerance: float) -> float | None:
        """None if one more call fits now; else the seconds until it fits (no tolerance)."""
        level = self.level_at(now)
        if level + 1 <= self.rate.count + tolerance:
            return None
        return (level + 1 - self.rate.count) / self.rate.per_second

    def take(self, now: float) -> None:
        self.level, self.at = self.level_at(now) + 1, now


def chat_key(params: dict[str, Any]) -> int | str | None:
    """The chat a call writes to, as PTB's limiter keys it: an int id or an "@name"."""
    chat_id = params.get("chat_id")
    if isinstance(chat_id, bool) or not isinstance(chat_id, (int, str)) or chat_id == "":
        return None
    return chat_id


def flood_error(retry_after: int) -> ApiError:
    return too_many_requests(retry_after)


@dataclass
class FloodGate:
    """The limits in force (None: off), the buckets, and what was refused."""

    limits: FloodLimits | None = None
    clock: Callable[[], float] = time.monotonic
    refused: Counter[str] = field(default_factory=Counter)  # by method
    refused_by_rule: Counter[str] = field(default_factory=Counter)  # group, private, overall
    refused_by_chat: Counter[str] = field(default_factory=Counter)
    _chats: dict[int | str, _Bucket] = field(default_factory=dict)
    _overall: _Bucket | None = None

    def configure(self, limits: FloodLimits | None) -> None:
        """New limits (None: off), starting from empty buckets; the counts stay."""
        self.limits = limits
        self._chats.clear()
        self._overall = None

    def reset_counts(self) -> None:
        self.refused.clear()
        self.refused_by_rule.clear()
        self.refused_by_chat.clear()

    def admit(self, method: str, params: dict[str, Any]) -> None:
        """Counts the call, or raises the 429 Telegram gives and counts nothing."""
        limits = self.limits
        chat = chat_key(params)
        if limits is None or chat is None or method.lower() not in COUNTED:
            return
        now = self.clock()
        private = isinstance(chat, int) and chat > 0
        rule = "private" if private else "group"
        if chat not in self._chats:
            if len(self._chats) >= _PURGE_AT:
                self._purge(now)
            self._chats[chat] = _Bucket(limits.private if private else limits.group)
        if self._overall is None:
            self._overall = _Bucket(limits.overall)
        buckets = ((rule, self._chats[chat]), ("overall", self._overall))
        waits = {name: b.wait(now, limits.tolerance) for name, b in buckets}
        over = {name: w for name, w in waits.items() if w is not None}
        if over:
            self.refused[method] += 1
            self.refused_by_chat[str(chat)] += 1
            for name in over:
                self.refused_by_rule[name] += 1
            raise flood_error(max(1, math.ceil(max(over.values()) - 1e-9)))
        for _, bucket in buckets:
            bucket.take(now)

    def _purge(self, now: float) -> None:
        for key in [k for k, b in self._chats.items() if b.level_at(now) == 0]:
            del self._chats[key]

    def summary(self) -> dict[str, Any]:
        return {
            "enabled": self.limits is not None,
            "limits": None if self.limits is None else self.limits.to_dict(),
            "refused": sum(self.refused.values()),
            "by_method": dict(self.refused),
            "by_rule": dict(self.refused_by_rule),
            "by_chat": dict(self.refused_by_chat),
        }


def limits_from(body: dict[str, Any], current: FloodLimits | None) -> FloodLimits:
    """Limits from a control request: the given rates ({"count", "period"}) over `current`
    (or Telegram's figures)."""
    base = current or FloodLimits()

    def rate(name: str, default: Rate) -> Rate:
        given = body.get(name)
        if given is None:
            return default
        return Rate(int(given["count"]), float(given["period"]))

    tolerance = body.get("tolerance")
    return FloodLimits(
        group=rate("group", base.group),
        private=rate("private", base.private),
        overall=rate("overall", base.overall),
        tolerance=base.tolerance if tolerance is None else float(tolerance),
    )
