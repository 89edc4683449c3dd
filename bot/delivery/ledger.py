"""Sends the database tracks (agenda reminders, poll results): never lost, rarely doubled.

The rule (also in the README): a tracked message is never given up while it is still useful,
so its owner (the reminder row, the poll) stays pending until Telegram confirmed it. What may
happen instead is a duplicate, and only in one case: the request went out and the connection
dropped before the answer came (`OutcomeUnknown`). Telegram offers no way to ask whether a
message arrived, so then we must choose between a possible duplicate and a possible loss; we
choose the duplicate, but not blindly: the outcome is recorded as `unknown` and the message is
sent again only when at least `UNKNOWN_HOLD` (a minute) has passed, by the next run of its job.
A dropped connection usually means trouble that lasts a moment, and a minute lets it pass
instead of doubling the message into every group of a fan-out.

Every other failure is safe to repeat: 429 and 5xx answers and connections that could not be
made are retried at once by the request layer (bot.delivery.retrying_request), and if they
still fail the message simply stays pending for the next run. A refusal (the bot was blocked or
removed, the chat is gone) is final for the caller; the ledger holds it back for an hour.

Each send is keyed by a `ref` ('agenda-reminder:42', 'poll-result:7:text'); a `sent` ref is
never sent again, so a crash between the send and the caller's own bookkeeping doubles nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.delivery.records import DeliveryEntry, DeliveryState
from bot.delivery.retrying_request import OutcomeUnknown, at_most_once
from bot.storage import Storage

log = logging.getLogger(__name__)

UNKNOWN_HOLD = timedelta(minutes=1)
REFUSED_HOLD = timedelta(hours=1)
KEEP = timedelta(days=30)  # ledger rows are pruned after this

T = TypeVar("T")
Send = Callable[[], Awaitable[object]]


class DeliveryHeld(TelegramError):
    """Not sent now on purpose (outcome of an earlier try unknown, being sent, or refused
    recently); the caller keeps the message pending. `refused`: the chat refused it lately
    (a caller may give a chat that refuses the bot up)."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class SendPart(Protocol):
    """Sends one part (`part` names it) of a message; see `send_directly` and `tracked`."""

    async def __call__(self, part: str, chat_id: int, method: str, send: Send) -> None: ...


async def send_directly(part: str, chat_id: int, method: str, send: Send) -> None:
    """An untracked send (a result shown again on request)."""
    await send()


def tracked(storage: Storage, ref: str, now: datetime) -> SendPart:
    """Sends each part once under `ref:part` (see `send_once`)."""

    async def send_part(part: str, chat_id: int, method: str, send: Send) -> None:
        await send_once(storage, f"{ref}:{part}", chat_id, method, send, now)

    return send_part


def hold_reason(entry: DeliveryEntry | None, now: datetime) -> str | None:
    """Why `entry` must not be sent now; None when it may be."""
    if entry is None:
        return None
    if entry.state is DeliveryState.SENT:
        return "sent already"
    recent = entry.at_utc > now - UNKNOWN_HOLD
    if entry.state is DeliveryState.SENDING and recent:
        return "being sent"
    if entry.state is DeliveryState.UNKNOWN and recent:
        return "outcome unknown"
    if entry.state is DeliveryState.REFUSED and entry.at_utc > now - REFUSED_HOLD:
        return f"refused: {entry.reason}"
    return None


async def send_once(
    storage: Storage,
    ref: str,
    chat_id: int,
    method: str,
    send: Callable[[], Awaitable[T]],
    now: datetime,
) -> T | None:
    """`send()` unless the ledger says `ref` went out already (then None) or must wait
    (then `DeliveryHeld`). Telegram's errors pass through after being recorded."""
    deliveries = storage.deliveries
    seen = await deliveries.entry(ref)
    reason = hold_reason(seen, now)
    if reason == "sent already":
        return None
    if reason is not None:
        raise DeliveryHeld(
            f"{ref} to chat {chat_id} not sent now: {reason}",
            refused=seen is not None and seen.state is DeliveryState.REFUSED,
        )
    if not await deliveries.claim(ref, chat_id, method, now, seen):
        raise DeliveryHeld(f"{ref} to chat {chat_id} not sent now: being sent")
    try:
        with at_most_once():
            result = await send()
    except OutcomeUnknown as exc:
        await deliveries.finish(ref, DeliveryState.UNKNOWN, now, str(exc)[:200])
        log.warning(
            "%s to chat %s: outcome unknown; not repeated before %s",
            ref,
            chat_id,
            (now + UNKNOWN_HOLD).isoformat(timespec="seconds"),
        )
        raise
    except (Forbidden, BadRequest, ChatMigrated) as exc:
        await deliveries.finish(ref, DeliveryState.REFUSED, now, exc.message[:200])
        raise
    except TelegramError as exc:
        await deliveries.finish(ref, DeliveryState.FAILED, now, str(exc)[:200])
        raise
    # Anything else (a cancelled task) leaves the row `sending`: an unknown outcome.
    await deliveries.finish(ref, DeliveryState.SENT, now)
    return result
