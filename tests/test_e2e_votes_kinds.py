"""What a vote is (raadpleging, bestuursmandaat, ALV-voorstemming): chosen when opening, shown
in the vote message and the result. End to end through the sandbox."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    command,
    enrol,
    last_seq,
    press,
    run_due,
    start_mandate,
    wait_for,
)

USERS = [101, 102, 103]


async def test_a_consultation_says_so_in_the_message_and_the_result(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(
        c, "/mandaat Moeten we het RESV-plan steunen? | sluit over 10 minuten | soort raadpleging"
    )
    posted = await wait_for(c, lambda e: e.get("message_id") == message_id)
    assert "Soort: Raadpleging – het bestuur vraagt jullie mening" in posted["text"]
    # A consultation needs no representation list: the board sees who voted, not what.
    assert "het bestuur ziet welke apotheken stemden, niet wat" in posted["text"]
    for uid in USERS:
        await press(c, GROUP, uid, message_id, "Voor")
    before = await last_seq(c)
    await run_due(world.app, poll_id, f"poll-close-{poll_id}")
    result = await wait_for(c, sent_to(GROUP, "Uitslag", before))
    assert "Positief advies" in result["text"] and "Mandaat verleend" not in result["text"]
    assert "Soort: Raadpleging" in result["text"]


async def test_a_quick_poll_is_a_consultation_unless_told_otherwise(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    entry = await command(c, GROUP, BOARD, "/peiling Welke avond? | di | wo", "Peiling")
    assert "Soort: Raadpleging" in entry["text"]
    entry = await command(
        c, GROUP, BOARD, "/peiling Akkoord met de agenda? | ja | nee | soort alv", "Peiling"
    )
    assert "Soort: ALV-voorstemming" in entry["text"]
    assert "BW 2:38, voor een coöperatie 2:53a" in entry["text"]
    reply = await command(c, GROUP, BOARD, "/mandaat Vraag? | sluit morgen 12:00 | soort besluit")
    assert "De soort '<i>besluit</i>' ken ik niet" in reply["html"]


async def test_the_guided_mandate_offers_the_kind_on_its_summary(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    await command(c, BOARD, BOARD, "/mandaat", "Wat is de vraag")
    for text in ("Stemmen we in de ALV voor de fusie?", "over 10 minuten", "standaard"):
        await command(c, BOARD, BOARD, text)
    summary = await command(c, BOARD, BOARD, "standaard", "Klopt dit?")
    assert "Soort: Bestuursmandaat" in summary["text"]
    labels = [b["text"] for b in buttons(summary)]
    assert labels[:3] == ["✓ Bestuursmandaat", "Raadpleging", "ALV-voorstemming"]
    await press(c, BOARD, BOARD, summary["message_id"], "ALV-voorstemming")
    edited = await wait_for(
        c,
        lambda e: (
            e["method"] == "editMessageText"
            and e["message_id"] == summary["message_id"]
            and "Soort: ALV-voorstemming" in e["text"]
        ),
    )
    assert "alleen als ALV-besluit als jullie statuten dat toestaan" in edited["text"]
    assert "✓ ALV-voorstemming" in [b["text"] for b in buttons(edited)]
    before = await last_seq(c)
    await press(c, BOARD, BOARD, summary["message_id"], "Plaatsen")
    posted = await wait_for(c, sent_to(GROUP, "Mandaatstemming", before))
    assert "Soort: ALV-voorstemming" in posted["text"]
