"""AVG rights end to end: /mijngegevens sends what is stored, /vergeetmij removes it after a
confirmation while votes keep counting, and expired vote records are pruned."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.context import services_of_app
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    add_members,
    all_entries,
    close_poll,
    command,
    enrol,
    import_roster,
    last_seq,
    press,
    roster_csv,
    start_mandate,
    storage_of,
    wait_for,
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


async def test_forgetting_withdraws_what_still_waits_for_the_board(world: World) -> None:
    # Before: the pending registration survived /vergeetmij; the board still saw it, and
    # approving it made a pharmacy nobody could vote for.
    c = world.client
    storage = services_of_app(world.app).storage
    await command(c, GROUP, MEMBER, "/aanmelden", "Aanmelden")
    org = await storage.orgs.organisation_for_chat(GROUP)
    assert org is not None
    await command(c, MEMBER, MEMBER, f"/start aanmelden_{org.id}", "Hoe heet je apotheek?")
    await command(c, MEMBER, MEMBER, "Apotheek Piet")
    await command(c, MEMBER, MEMBER, "geen", "aanmelding")
    old_listing = await command(c, GROUP, BOARD, "/leden", "Aanmeldingen die wachten")
    # A board member's replacement that waits for its confirmation.
    await add_members(c, [110, 111])
    await import_roster(c, GROUP, BOARD, roster_csv([110]))
    before = await last_seq(c)
    await c.upload(GROUP, BOARD, "nieuw.csv", roster_csv([111]), caption="vervang")
    preview = await wait_for(c, sent_to(GROUP, "vervangen?", before))

    for user in (MEMBER, BOARD):
        await c.send(user, user, "/vergeetmij")
        ask = await c.expect(sent_to(user, "verwijder"))
        assert "Een aanmelding die nog wacht, vervalt" in ask["text"]
        await press(c, user, user, int(ask["message_id"]), "Ja, verwijder mijn gegevens")
        await c.find(sent_to(user, "Klaar", method="editMessageText"))

    listing = await command(c, GROUP, BOARD, "/leden", "Ledenlijst van")
    await c.idle()
    assert not await all_entries(c, sent_to(GROUP, "Aanmeldingen die wachten", listing["seq"]))
    assert "Geen openstaande aanmeldingen" in listing["text"]
    # The old listing's button: gone, said so, and nothing changes.
    approve = old_listing["reply_markup"]["inline_keyboard"][0][0]["text"]
    answer = await press(c, GROUP, BOARD, old_listing["message_id"], approve)
    assert "Deze aanmelding is er niet meer" in answer and "niets veranderd" in answer
    edited = await c.find(
        lambda e: (
            e["method"] == "editMessageText"
            and e["chat_id"] == GROUP
            and e["message_id"] == old_listing["message_id"]
        )
    )
    assert "er niet meer" in edited["text"] and "Hier wacht niets meer" in edited["text"]
    assert not edited.get("reply_markup")
    names = [p.name for p in await storage.roster.pharmacies(org.id)]
    assert names == ["Apotheek 110"]
    assert [m.status.value for m in await storage.roster.members(org.id)] == ["approved"]
    answer = await press(c, GROUP, BOARD, preview["message_id"], "Ja, vervangen")
    assert answer == "Dit voorstel is al afgehandeld."
    assert [p.name for p in await storage.roster.pharmacies(org.id)] == names


async def test_forgetting_ends_the_proxies_one_holds_not_the_ones_one_gave(world: World) -> None:
    """A holder who is forgotten can no longer vote for anyone: the proxy ends. A proxy the
    forgotten member gave stays, since the pharmacy chose who votes for it."""
    c = world.client
    members = [121, 122, 123]
    await add_members(c, members)
    await import_roster(c, GROUP, BOARD, roster_csv(members))
    for user in members:
        await command(c, user, user, "/start")
    poll_id, _ = await start_mandate(c)
    reply = await command(c, 121, 121, f"/volmacht {poll_id} @apo122")
    assert "Volmacht vastgelegd" in reply["text"]
    reply = await command(c, 122, 122, f"/volmacht {poll_id} @apo123")
    assert "Volmacht vastgelegd" in reply["text"]
    await c.send(122, 122, "/vergeetmij")
    ask = await c.expect(sent_to(122, "verwijder"))
    await press(c, 122, 122, int(ask["message_id"]), "Ja, verwijder mijn gegevens")
    await c.find(sent_to(122, "Klaar", method="editMessageText"))
    told = await c.find(sent_to(121, "is vervallen"))  # the giver hears it, nobody is named
    assert f"stemming #{poll_id} voor Apotheek 121" in told["text"] and "Lid122" not in told["text"]
    await c.idle()  # every notice sent before looking for one that must not be there
    assert await all_entries(c, sent_to(123, "is vervallen")) == []
    proxies = await services_of_app(world.app).storage.electorate.proxies(poll_id)
    active = {p.unit_label: p.revoked_utc is None for p in proxies}
    assert active == {"Apotheek 121": False, "Apotheek 122": True}, proxies


async def _my_data(world: World, user: int) -> tuple[str, dict[str, Any]]:
    """The readable summary and the JSON file /mijngegevens sends."""
    c = world.client
    before = await last_seq(c)
    await c.send(user, user, "/mijngegevens")
    document = await wait_for(c, sent_to(user, "JSON", before, method="sendDocument"))
    summary = await c.find(sent_to(user, "Wat ik over je bewaar", before))
    return summary["text"], json.loads(await c.file(document["file_id"]))


async def test_my_data_is_readable_and_lists_proxies_and_board_actions(world: World) -> None:
    """Choices in words, names for ids, Amsterdam times; proxies (keyed by member ids) and board
    audit rows are in the file too, and /vergeetmij unlinks the proxies but keeps the audit."""
    c = world.client
    await enrol(c, [101, 102, 103])
    for uid in (101, 102):
        await c.send(uid, uid, "/start")  # the bot learns their names
    await c.settle()
    poll_id, message_id = await start_mandate(c)
    await command(c, 101, 101, f"/volmacht {poll_id} @apo102", "Volmacht vastgelegd")
    await press(c, GROUP, 101, message_id, "Tegen")
    await command(c, 101, 101, f"/toelichting {poll_id} Te duur <b>&</b>", "opgeslagen")
    await command(c, GROUP, BOARD, f"/verleng {poll_id} over 5 dagen 17:00", "verplaatst")

    text, data = await _my_data(world, 101)
    poll = await storage_of(world).polls.poll(poll_id)
    assert poll is not None
    assert f"Je stem bij stemming #{poll_id} ({poll.question}): Tegen (voor Apotheek 101" in text
    cast = data["tables"]["votes"][0]["cast_utc"]
    local = datetime.fromisoformat(cast).astimezone(ZoneInfo("Europe/Amsterdam"))
    assert f"{local:%H:%M})" in text  # shown in Amsterdam time, not UTC
    assert f"Volmacht bij stemming #{poll_id}" in text and "gegeven aan Lid102 (@apo102)" in text
    assert "Te duur <b>&</b>" in text  # escaped: shown as typed
    assert "Ledenlijst van RAO Zuid: Apotheek 101, goedgekeurd" in text
    assert "bestuurslid" not in text
    [given] = data["tables"]["poll_proxies_given"]
    assert given["poll_id"] == poll_id and given["revoked_reason"]  # ended by their own vote

    text, data = await _my_data(world, 102)
    assert "gekregen van Lid101 (@apo101)" in text
    assert data["tables"]["poll_proxies_held"][0]["poll_id"] == poll_id

    text, data = await _my_data(world, BOARD)
    [change] = data["board_actions"]["poll_closing_changes"]
    assert change["changed_by"] == BOARD and "Bea" in change["changed_by_name"]
    assert "sluitingstijden verplaatst: 1" in text and "stemmingen gestart: 1" in text
    ask = await command(c, BOARD, BOARD, "/vergeetmij", "verwijder")
    assert "verantwoording" in ask["text"]

    ask = await command(c, 101, 101, "/vergeetmij", "verwijder")
    assert "verantwoording" not in ask["text"]
    await press(c, 101, 101, int(ask["message_id"]), "Ja, verwijder mijn gegevens")
    await c.find(sent_to(101, "Klaar", method="editMessageText"))
    storage = storage_of(world)
    assert await storage.privacy.personal_data(101) == {}
    text, data = await _my_data(world, 101)  # their message makes a new (bare) user row
    assert "Volmacht" not in text and "Ledenlijst" not in text
    assert set(data["tables"]) == {"users"} and data["board_actions"] == {}
    assert await storage.privacy.board_actions(BOARD) != {}
