"""AVG rights end to end: /mijngegevens sends what is stored, /vergeetmij removes it after a
confirmation while votes keep counting, and expired vote records are pruned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.context import services_of_app
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    add_members,
    close_poll,
    import_roster,
    press,
    roster_csv,
    start_mandate,
)


async def _vote(world: World) -> int:
    c = world.client
    await add_members(c, [110])
    await import_roster(c, GROUP, BOARD, roster_csv([110]))
    poll_id, message_id = await start_mandate(c)
    answer = await press(c, GROUP, 110, message_id, "Voor")
    assert "vastgelegd" in answer
    await c.send(110, 110, f"/toelichting {poll_id} Goed plan voor de wijk")
    await c.expect(sent_to(110, "opgeslagen"))
    return poll_id


async def test_my_data_and_forget_me(world: World) -> None:
    c = world.client
    poll_id = await _vote(world)
    storage = services_of_app(world.app).storage

    await c.send(GROUP, 110, "/mijngegevens")
    assert "privégesprek" in (await c.expect(sent_to(GROUP)))["text"]
    await c.send(110, 110, "/mijngegevens")
    document = await c.expect(lambda e: e["method"] == "sendDocument" and e["chat_id"] == 110)
    data = json.loads(await c.file(document["file_id"]))
    assert data["telegram_user_id"] == 110
    assert {"users", "members", "votes", "vote_reasons"} <= set(data["tables"])
    assert data["tables"]["vote_reasons"][0]["reason"] == "Goed plan voor de wijk"

    await c.send(110, 110, "/vergeetmij")
    ask = await c.expect(sent_to(110, "verwijder"))
    assert await storage.privacy.personal_data(110) != {}  # nothing removed before "ja"
    await press(c, 110, 110, int(ask["message_id"]), "Nee, laat maar")
    assert await storage.privacy.personal_data(110) != {}
    await c.send(110, 110, "/vergeetmij")
    ask = await c.expect(sent_to(110, "verwijder"))
    await press(c, 110, 110, int(ask["message_id"]), "Ja, verwijder mijn gegevens")
    done = await c.find(sent_to(110, "Klaar", method="editMessageText"))
    assert "tellen nog mee" in done["text"]
    assert await storage.privacy.personal_data(110) == {}
    seats = await storage.db.fetchall("SELECT label FROM poll_electorate_members")
    assert [row[0] for row in seats] == [""]  # the seat stays, the name goes
    # The pharmacy's vote still counts for the open vote, linked to nobody.
    rows = await storage.db.fetchall("SELECT user_id FROM votes WHERE poll_id = ?", (poll_id,))
    assert len(rows) == 1 and rows[0][0] < 0
    await c.send(GROUP, BOARD, f"/opkomst {poll_id}")
    report = await c.find(sent_to(BOARD, "Opkomst bij"))
    assert "Gestemd (1)" in report["text"]


async def test_retention_prunes_closed_vote_records(world: World) -> None:
    poll_id = await _vote(world)
    c = world.client
    await close_poll(c, poll_id)
    await c.find(sent_to(GROUP, "Uitslag"))
    services = services_of_app(world.app)
    poll = await services.storage.polls.poll(poll_id)
    assert poll is not None and poll.result is not None
    assert await services.privacy.prune(datetime.now(UTC)) == 0  # within retention
    later = datetime.now(UTC) + timedelta(days=services.settings.retention_days + 1)
    assert await services.privacy.prune(later) >= 2  # the vote and the reason
    after = await services.storage.polls.poll(poll_id)
    assert after is not None and after.result == poll.result
    await c.send(GROUP, MEMBER, f"/uitslag {poll_id}")
    assert "Voor" in (await c.find(sent_to(GROUP, "Voor")))["text"]
