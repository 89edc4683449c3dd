"""Proxies (volmachten) and what the board sees: end to end through the sandbox."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    all_entries,
    command,
    csv_rows,
    enrol,
    last_seq,
    press,
    run_due,
    start_mandate,
    storage_of,
    wait_for,
)

FOUR = [101, 102, 103, 104]


async def _documents(world: World, after: int) -> dict[str, bytes]:
    c = world.client
    return {
        e["file_name"]: await c.file(e["file_id"])
        for e in await all_entries(
            c,
            lambda e: e["method"] == "sendDocument" and e["chat_id"] == BOARD and e["seq"] > after,
        )
    }


async def test_a_proxy_counts_once_is_overridden_by_the_own_vote_and_capped(world: World) -> None:
    c = world.client
    await enrol(c, FOUR)
    await command(c, 102, 102, "/start")  # the holder has talked to the bot once
    reply = await command(c, GROUP, BOARD, "/volmachten")
    assert "hoogstens 1 andere apotheek" in reply["text"]
    poll_id, message_id = await start_mandate(c)
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    assert f"/volmacht {poll_id} @naam" in posted["text"]

    # In the group a proxy is not arranged; privately it is.
    reply = await command(c, GROUP, 101, f"/volmacht {poll_id} @apo102")
    assert "privébericht" in reply["text"]
    before = await last_seq(c)
    reply = await command(c, 101, 101, f"/volmacht {poll_id} @apo102")
    assert (
        "Volmacht vastgelegd: Lid102 (@apo102) stemt bij stemming #1 voor Apotheek 101"
        in (reply["text"])
    )
    told = await wait_for(c, sent_to(102, "volmacht", before))
    assert "Je stem telt nu ook voor Apotheek 101" in told["text"]
    assert [b["text"] for b in buttons(told)] == ["Voor", "Tegen", "Onthouding"]

    # The holder is at the board's cap (1): a second proxy is refused; the cap can be raised.
    reply = await command(c, 103, 103, f"/volmacht {poll_id} @apo102")
    assert "al 1 volmacht, het maximum" in reply["text"]
    reply = await command(c, GROUP, BOARD, "/volmachten max 2")
    assert "hoogstens 2 volmachten per lid" in reply["text"]
    reply = await command(c, 103, 103, f"/volmacht {poll_id} @apo102")
    assert "Volmacht vastgelegd" in reply["text"]
    # ...and revoked before it is used.
    before = await last_seq(c)
    reply = await command(c, 103, 103, f"/volmacht {poll_id} intrekken")
    assert "Volmacht ingetrokken" in reply["text"]
    await wait_for(c, sent_to(102, "ingetrokken", before))

    # One press of the holder counts for both pharmacies, each once.
    answer = await press(c, GROUP, 102, message_id, "Voor")
    assert answer.startswith("Met volmacht telt je stem ook voor Apotheek 101.")
    storage = storage_of(world)
    current = await storage.votes.current_votes(poll_id)
    assert sorted(current.values()) == [(0,), (0,)] and len(current) == 2
    reply = await command(c, 101, 101, f"/volmacht {poll_id} intrekken")
    assert "al met je volmacht gestemd" in reply["text"]

    # The grantor's own vote overrides the proxy vote (no question) and ends the proxy.
    before = await last_seq(c)
    answer = await press(c, GROUP, 101, message_id, "Tegen")
    assert "gewijzigd in: Tegen" in answer
    note = await wait_for(c, sent_to(102, "vervalt", before))
    assert "Je volmacht voor Apotheek 101 bij stemming #1 vervalt" in note["text"]
    answer = await press(c, GROUP, 102, message_id, "Onthouding")
    assert "volmacht" not in answer  # counts for the holder's own pharmacy only
    current = await storage.votes.current_votes(poll_id)
    assert sorted(current.values()) == [(1,), (2,)]

    await run_due(world.app, poll_id, f"poll-close-{poll_id}")
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    assert "Opkomst: 2 van 4 apotheken" in result["text"]

    # The export records the proxies and which vote was cast with one.
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/export {poll_id}")
    await wait_for(c, sent_to(GROUP, "privé", before))
    await wait_for(c, sent_to(BOARD, "volmachten", before, method="sendDocument"))
    documents = await _documents(world, before)
    proxies = csv_rows(documents[f"stemming-{poll_id}-volmachten.csv"])
    assert proxies[0] == [
        "Gegeven",
        "Apotheek",
        "Volmachtgever",
        "Gemachtigde",
        "Gebruikt",
        "Ingetrokken",
    ]
    rows = [[*row[1:5], bool(row[5])] for row in proxies[1:]]
    assert rows == [
        ["Apotheek 101", "Lid101 (@apo101)", "Lid102 (@apo102)", "ja", True],
        ["Apotheek 103", "Lid103 (@apo103)", "Lid102 (@apo102)", "nee", True],
    ]
    votes = csv_rows(documents[f"stemming-{poll_id}-stemmen.csv"])
    assert ["Apotheek 101", "Lid102 (@apo102) (met volmacht)"] in [row[1:3] for row in votes]


async def test_a_secret_quick_poll_exports_counts_only(world: World) -> None:
    c = world.client
    await enrol(c, FOUR)
    entry = await command(
        c, GROUP, BOARD, "/peiling Welke avond? | dinsdag | woensdag | geheim", "Peiling"
    )
    assert "het bestuur ziet welke apotheken stemden, niet wat" in entry["text"]
    assert "Soort: Raadpleging" in entry["text"]
    message_id = int(entry["message_id"])
    await press(c, GROUP, 101, message_id, "dinsdag")
    await press(c, GROUP, 102, message_id, "woensdag")
    await press(c, GROUP, 103, message_id, "dinsdag")
    await command(c, 101, 101, "/toelichting 1 Dinsdag past het best")
    before = await last_seq(c)
    await c.send(GROUP, BOARD, "/export 1")
    await wait_for(c, sent_to(GROUP, "privé", before))
    await c.idle()
    documents = await _documents(world, before)
    assert set(documents) == {"stemming-1-aantallen.csv", "stemming-1-toelichtingen.csv"}
    counts = csv_rows(documents["stemming-1-aantallen.csv"])
    assert counts == [["Optie", "Stemmen"], ["dinsdag", "2"], ["woensdag", "1"], ["Opkomst", "3/4"]]
    reasons = csv_rows(documents["stemming-1-toelichtingen.csv"])
    assert reasons == [["Toelichting"], ["Dinsdag past het best"]]
    assert not any(b"apo10" in content for content in documents.values())


async def test_who_sees_what_is_said_in_the_vote_the_reminder_and_help(world: World) -> None:
    c = world.client
    await enrol(c, FOUR)
    await command(c, 104, 104, "/start")
    poll_id, message_id = await start_mandate(c)
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    said = "het bestuur ziet welke apotheken voor stemden (de vertegenwoordigingslijst); de groep"
    assert said in posted["text"]
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/herinner {poll_id}")
    reminder = await wait_for(c, sent_to(104, "Herinnering", before))
    assert said in reminder["text"]
    reply = await command(c, 104, 104, "/help")
    assert "het bestuur ziet welke apotheken voor stemden" in reply["text"]
    assert "de groep ziet alleen de opkomst" in reply["text"]
    assert "Geheime peiling of raadpleging: het bestuur ziet wie stemde, niet wat" in reply["text"]
