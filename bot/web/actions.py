"""The dashboard's two buttons that change something, with the chat's rules and messages.

"Nu herinneren" is /herinner (the same job function); approving or rejecting a registration
goes through the roster service like the chat's buttons (the decision is stored with who made
it), and the member hears about it in Telegram the same way.
"""

from __future__ import annotations

from datetime import datetime

from bot.context import BotApp, services_of_app
from bot.delivery.private import send_private
from bot.jobs.polls import send_reminders
from bot.polls import records as pr
from bot.texts import roster as roster_texts
from bot.texts import web as texts


async def remind_now(application: BotApp, poll: pr.PollRecord) -> str:
    outcome = await send_reminders(application, poll.id, lead=None)
    if outcome is None:
        return texts.REMIND_CLOSED
    sent, problems = outcome
    return texts.reminded(sent, len(problems))


async def decide_member(
    application: BotApp,
    org: pr.Organisation,
    member_id: int,
    approve: bool,
    by: int,
    now: datetime,
) -> str | None:
    """The notice for the page; None when the request is not one of this organisation's."""
    roster = services_of_app(application).polls.roster
    member = await roster.request(member_id)
    if member is None or member.org_id != org.id:
        return None
    decided = await roster.decide(member.id, approve, by, now)
    if decided is None:
        return texts.DECIDED_ALREADY
    if decided.user_id is not None:
        pharmacy = decided.pharmacy_name or member.requested_pharmacy or ""
        text = roster_texts.member_decision_dm(approve, org.name, pharmacy)
        await send_private(application.bot, decided.user_id, text)
    return texts.decided(approve, decided.label)
