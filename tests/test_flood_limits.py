"""The sandbox's flood limiter (bot.sandbox.flood) on a clock the test moves: Telegram's
figures, the retry_after it names, what counts, and that a refused call takes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from bot.sandbox.errors import ApiError
from bot.sandbox.flood import FloodGate, FloodLimits, Rate, limits_from

GROUP = -1001
CHANNEL = "@rao_kanaal"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def gate(clock: Clock) -> FloodGate:
    return FloodGate(FloodLimits(), clock)


def send(gate: FloodGate, chat: int | str, method: str = "sendMessage", **params: Any) -> None:
    gate.admit(method, {"chat_id": chat, "text": "x", **params})


def refused(gate: FloodGate, chat: int | str, method: str = "sendMessage") -> int:
    """The retry_after of the 429 the call gets (it must get one)."""
    with pytest.raises(ApiError) as caught:
        send(gate, chat, method)
    error = caught.value
    assert error.code == 429
    assert error.description == f"Too Many Requests: retry after {error.retry_after}"
    assert error.parameters == {"retry_after": error.retry_after}
    assert isinstance(error.retry_after, int)
    return error.retry_after


def test_twenty_group_messages_pass_and_the_twenty_first_waits_three_seconds(
    gate: FloodGate, clock: Clock
) -> None:
    for _ in range(20):
        send(gate, GROUP)
    assert refused(gate, GROUP) == 3  # 20 a minute: a place frees every 3 s
    clock.now += 0.8
    assert refused(gate, GROUP) == 3  # 2.2 s to go, rounded up to whole seconds
    clock.now += 2.2
    send(gate, GROUP)  # retry_after was enough
    assert refused(gate, GROUP) == 3
    clock.now += 60  # the bucket drained: a whole burst again
    for _ in range(20):
        send(gate, GROUP)
    assert refused(gate, GROUP) == 3
    assert gate.summary()["refused"] == 4
    assert gate.summary()["by_rule"] == {"group": 4}
    assert gate.summary()["by_chat"] == {str(GROUP): 4}


def test_groups_are_limited_each_on_their_own(gate: FloodGate) -> None:
    for _ in range(20):
        send(gate, GROUP)
    refused(gate, GROUP)
    send(gate, GROUP - 1)
    send(gate, CHANNEL)  # an "@name" is a channel or supergroup, as for the bot's limiter


def test_a_private_chat_takes_a_burst_then_one_a_second(gate: FloodGate, clock: Clock) -> None:
    for _ in range(10):
        send(gate, 11)
    assert refused(gate, 11) == 1
    clock.now += 0.4
    refused(gate, 11)
    clock.now += 0.6
    send(gate, 11)
    refused(gate, 11)
    for _ in range(5):
        clock.now += 1
        send(gate, 11)
    refused(gate, 11)
    send(gate, 12)  # another person's chat has its own bucket
    assert gate.summary()["by_rule"] == {"private": 4}


def test_thirty_a_second_over_all_chats(gate: FloodGate, clock: Clock) -> None:
    for user in range(1, 31):
        send(gate, user)
    assert refused(gate, 31) == 1
    assert gate.summary()["by_rule"] == {"overall": 1}
    clock.now += 1 / 30
    send(gate, 31)
    refused(gate, 32)
    clock.now += 1
    for user in range(40, 70):
        send(gate, user)
    refused(gate, 70)


def test_a_refused_call_takes_nothing(clock: Clock) -> None:
    """Refused again and again, the group still frees its place after exactly 3 s."""
    gate = FloodGate(FloodLimits(tolerance=0), clock)
    for _ in range(20):
        send(gate, GROUP)
    start = clock.now
    for _ in range(50):
        refused(gate, GROUP)
        clock.now += 0.05
    clock.now = start + 3
    send(gate, GROUP)
    refused(gate, GROUP)


def test_a_refusal_by_the_group_leaves_the_overall_limit_alone(
    gate: FloodGate, clock: Clock
) -> None:
    gate.configure(FloodLimits(group=Rate(2, 60), overall=Rate(3, 1)))
    send(gate, GROUP)
    send(gate, GROUP)
    for _ in range(10):
        refused(gate, GROUP)
    send(gate, 11)  # the overall bucket holds the two group messages only
    refused(gate, 12)


def test_the_tolerance_admits_a_call_a_little_early_but_never_one_too_many(
    clock: Clock,
) -> None:
    gate = FloodGate(FloodLimits(), clock)  # half a call
    for _ in range(20):
        send(gate, GROUP)
    refused(gate, GROUP)
    clock.now += 1.5  # half a place free: in time by the bot's clock if its call was late
    send(gate, GROUP)
    exact = FloodGate(FloodLimits(tolerance=0), clock)
    for _ in range(20):
        send(exact, GROUP)
    clock.now += 2.9
    refused(exact, GROUP)
    with pytest.raises(ValueError):
        FloodLimits(tolerance=1)


def test_edits_and_sends_count_while_answers_and_reads_do_not(gate: FloodGate) -> None:
    for method in ("sendMessage", "sendPhoto", "sendDocument", "sendPoll", "editMessageText"):
        for _ in range(4):
            send(gate, GROUP, method)
    assert refused(gate, GROUP, "editMessageReplyMarkup") == 3
    refused(gate, GROUP, "stopPoll")
    for method in ("sendChatAction", "getChat", "getChatMember", "deleteMessage", "leaveChat"):
        send(gate, GROUP, method)
    gate.admit("answerCallbackQuery", {"callback_query_id": "q1"})
    gate.admit("getUpdates", {"offset": 1})
    gate.admit("editMessageText", {"inline_message_id": "abc", "text": "x"})  # no chat
    assert gate.summary()["by_method"] == {"editMessageReplyMarkup": 1, "stopPoll": 1}


def test_off_refuses_nothing_and_switching_starts_afresh(gate: FloodGate) -> None:
    for _ in range(20):
        send(gate, GROUP)
    refused(gate, GROUP)
    gate.configure(None)
    for _ in range(100):
        send(gate, GROUP)
    assert gate.summary()["enabled"] is False and gate.summary()["refused"] == 1
    gate.configure(FloodLimits())
    for _ in range(20):
        send(gate, GROUP)
    refused(gate, GROUP)
    gate.reset_counts()
    assert gate.summary()["refused"] == 0


def test_limits_from_a_control_request() -> None:
    limits = limits_from({"group": {"count": 5, "period": 2}}, None)
    assert limits == FloodLimits(group=Rate(5, 2.0))
    kept = limits_from({"tolerance": 0}, limits)
    assert kept.group == Rate(5, 2.0) and kept.tolerance == 0
    with pytest.raises(ValueError):
        limits_from({"overall": {"count": 0, "period": 1}}, None)
    with pytest.raises(ValueError):
        Rate(3, 0)
