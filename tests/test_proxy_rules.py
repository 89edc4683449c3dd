"""The pure rules of proxies (volmachten): who may entrust a vote to whom, the cap, revoking."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.polls import records as pr
from bot.polls.proxy_rules import (
    GrantPlan,
    ProxyRefusal,
    parse_cap,
    plan_grant,
    plan_revoke,
    poll_refusal,
)
from bot.polls.rules import VotingUnit

NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def member(member_id: int, user_id: int, status: str = "approved") -> pr.Member:
    return pr.Member(member_id, 1, member_id, f"A{member_id}", user_id, None, None,
                     pr.MemberStatus(status))  # fmt: skip


def proxy(proxy_id: int, unit: str, holder: int, *, used: bool = False) -> pr.Proxy:
    return pr.Proxy(proxy_id, 1, unit, 1, holder, NOW, used=used)


GRANTOR = [member(1, 101)]
SEATS = [pr.Seat("p1", 1, "Apotheek 1")]
HOLDER = [member(2, 102)]


def grant(**changes: object) -> GrantPlan | ProxyRefusal:
    facts: dict[str, object] = {
        "cap": 1,
        "grantor": GRANTOR,
        "grantor_seats": SEATS,
        "holders": HOLDER,
        "unit_seats": SEATS,
        "own_voted": set(),
        "existing": [],
        "held": [],
    }
    facts.update(changes)
    return plan_grant(**facts)  # type: ignore[arg-type]


def test_a_proxy_goes_to_another_approved_member_within_the_cap() -> None:
    plan = grant()
    assert not isinstance(plan, ProxyRefusal)
    assert plan.holder == HOLDER[0] and plan.seats == tuple(SEATS) and plan.replaces == ()
    assert grant(cap=0) is ProxyRefusal.NOT_ALLOWED
    assert grant(grantor_seats=[]) is ProxyRefusal.NO_SEAT
    assert grant(holders=[]) is ProxyRefusal.HOLDER_UNKNOWN
    assert grant(holders=[member(2, 102, "pending")]) is ProxyRefusal.HOLDER_UNKNOWN
    assert grant(holders=GRANTOR) is ProxyRefusal.HOLDER_SELF
    assert grant(holders=[member(7, 101)]) is ProxyRefusal.HOLDER_SELF  # same person, other row
    colleague = [*SEATS, pr.Seat("p1", 2, "Apotheek 1")]
    assert grant(unit_seats=colleague) is ProxyRefusal.HOLDER_SAME_UNIT
    assert grant(own_voted={"p1"}) is ProxyRefusal.VOTED


def test_the_cap_counts_the_holders_other_proxies() -> None:
    assert grant(held=[proxy(5, "p9", 2)]) is ProxyRefusal.CAP
    assert not isinstance(grant(cap=2, held=[proxy(5, "p9", 2)]), ProxyRefusal)
    # Re-granting the same unit to the same holder does not count twice.
    again = grant(held=[proxy(5, "p1", 2)], existing=[proxy(5, "p1", 2)])
    assert not isinstance(again, ProxyRefusal) and again.replaces == (proxy(5, "p1", 2),)


def test_an_unused_proxy_is_replaced_a_used_one_stays() -> None:
    earlier = proxy(5, "p1", 3)
    plan = grant(existing=[earlier])
    assert not isinstance(plan, ProxyRefusal) and plan.replaces == (earlier,)
    assert grant(existing=[proxy(5, "p1", 3, used=True)]) is ProxyRefusal.USED


def test_revocable_until_used() -> None:
    assert plan_revoke(SEATS, []) is ProxyRefusal.NONE
    assert plan_revoke(SEATS, [proxy(5, "p2", 3)]) is ProxyRefusal.NONE  # not the grantor's
    assert plan_revoke(SEATS, [proxy(5, "p1", 3)]) == (proxy(5, "p1", 3),)
    assert plan_revoke(SEATS, [proxy(5, "p1", 3, used=True)]) is ProxyRefusal.USED


def test_only_open_votes_with_a_kept_electorate() -> None:
    def poll(**extra: object) -> pr.PollRecord:
        base = pr.PollRecord(
            1, 1, pr.StoredKind.MANDATE, "Q", ("Voor", "Tegen", "Onthouding"),
            VotingUnit.PHARMACY, None, None, True, -1, None, 1, NOW,
            NOW + timedelta(days=1), (), None, electorate_fixed=True,
        )  # fmt: skip
        return pr.PollRecord(**{**base.__dict__, **extra})

    assert poll_refusal(poll(), NOW) is None
    assert poll_refusal(None, NOW) is ProxyRefusal.UNKNOWN_POLL
    assert poll_refusal(poll(kind=pr.StoredKind.SCAN), NOW) is ProxyRefusal.UNKNOWN_POLL
    assert poll_refusal(poll(closed_utc=NOW), NOW) is ProxyRefusal.CLOSED
    assert poll_refusal(poll(closes_utc=NOW), NOW) is ProxyRefusal.CLOSED
    assert poll_refusal(poll(electorate_fixed=False), NOW) is ProxyRefusal.OLD_POLL


def test_the_cap_as_typed() -> None:
    assert parse_cap("max 2") == 2
    assert parse_cap("1") == 1
    assert parse_cap("uit") == 0 and parse_cap("geen") == 0
    assert parse_cap("max 11") is None and parse_cap("veel") is None and parse_cap("") is None
