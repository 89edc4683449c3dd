"""Rosters a board can rely on, end to end: files that are no member list change nothing,
Excel's exports still import, a pharmacy can be taken off the list (keeping its votes in closed
results), and a file can replace the whole list after a preview."""

from __future__ import annotations

import pytest

from bot.sandbox.client import Entry, SandboxClientError
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import buttons, sent_to
from tests.polls_helpers import (
    USERS,
    add_members,
    agb,
    all_entries,
    close_poll,
    command,
    csv_rows,
    enrol,
    import_roster,
    last_seq,
    pharmacy,
    press,
    roster_csv,
    start_mandate,
    storage_of,
    wait_for,
)

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806") + b"rubbish\xff\xfe"


async def _org_id(world: World) -> int:
    org = await storage_of(world).orgs.organisation_for_chat(GROUP)
    assert org is not None
    return org.id


async def _upload(
    world: World, name: str, content: bytes, caption: str | None = None, chat: int = GROUP
) -> Entry:
    c = world.client
    after = await last_seq(c)
    await c.upload(chat, BOARD, name, content, caption=caption)
    return await wait_for(c, sent_to(chat, "", after))


async def _names(world: World) -> list[str]:
    return [p.name for p in await storage_of(world).roster.pharmacies(await _org_id(world))]


async def test_files_that_are_no_member_list_change_nothing(world: World) -> None:
    # Before: a PNG named .csv became three "pharmacies" ("‰PNG", "rubbishÿþ", ""), counted
    # in every quorum from then on.
    random_bytes = bytes((i * 7919 + 13) % 256 for i in range(3000))
    refusals = {
        "leden.csv": (PNG, "geen tekstbestand"),
        "export.csv": (random_bytes, "geen tekstbestand"),
        "lijst.csv": (b"De Linde;06012345;linde_apo\nZuid;06012346;\n", "mis de kopregel"),
        "leden.xlsx": (b"PK\x03\x04\x14\x00\x06\x00", "Excel-werkmap"),
    }
    for name, (content, expected) in refusals.items():
        reply = await _upload(world, name, content)
        assert expected in reply["text"], (name, reply["text"])
        assert "niets veranderd" in reply["text"], name
        assert await _names(world) == [], name

    # Excel's "Unicode text" export: UTF-16 with BOM, tab-separated, saved as .txt.
    unicode_text = "Apotheek\tAGB\tTelegram\r\nApotheek Één\t06010101\tapo101\r\nZuid\t\t\r\n"
    reply = await _upload(world, "leden.txt", unicode_text.encode("utf-16"))
    assert "2 nieuw" in reply["text"]
    assert await _names(world) == ["Apotheek Één", "Zuid"]
    # Excel's CSV in cp1252 and UTF-8 with BOM stay accepted too.
    reply = await _upload(world, "a.csv", "apotheek;agb\nCoöperatie;06010102\n".encode("cp1252"))
    assert "1 nieuw" in reply["text"]
    reply = await _upload(world, "b.csv", "\ufeffapotheek;agb\nWest;06010103\n".encode())
    assert "1 nieuw" in reply["text"]
    assert await _names(world) == ["Apotheek Één", "Coöperatie", "West", "Zuid"]


async def test_a_list_of_people_is_no_roster_and_changes_nothing(world: World) -> None:
    # Before: "naam" counted as the pharmacy column, so a list of people became pharmacies
    # ("1 nieuw ... Er staan nu 4 apotheken"), each without AGB, counted in every quorum.
    c = world.client
    await enrol(c, USERS)
    reply = await _upload(world, "leden.csv", b"naam,email\nJan,jan@x.nl\n")
    assert "geen ledenlijst" in reply["text"], reply["text"]
    assert "apotheek;agb;telegram" in reply["text"]
    assert "niets veranderd" in reply["text"] and "nieuw" not in reply["text"]
    assert await _names(world) == [pharmacy(uid) for uid in USERS]
    listing = await command(c, GROUP, BOARD, "/leden", "Ledenlijst van")
    assert "Jan" not in listing["text"]
    # A bare "naam" next to an AGB column is still a roster (as Excel exports often have it).
    reply = await _upload(world, "leden.csv", b"naam;agb\nWest;06010199\n")
    assert "1 nieuw" in reply["text"], reply["text"]
    assert "West" in await _names(world)


async def test_board_takes_a_pharmacy_off_the_list_and_closed_results_keep_its_vote(
    world: World,
) -> None:
    c = world.client
    await enrol(c, USERS)
    poll_id, message_id = await start_mandate(
        c, "/mandaat Mandaat voor de bezorgdienst? | sluit over 10 minuten | quorum 50%"
    )
    for uid in (101, 102):
        await press(c, GROUP, uid, message_id, "Voor")
    await close_poll(c, poll_id)
    await wait_for(c, sent_to(GROUP, "Uitslag"))

    # /leden has the button; a member cannot use it.
    listing = await command(c, GROUP, BOARD, "/leden", "Ledenlijst van")
    assert "/leden vervang" in listing["text"]
    [remove] = buttons(listing)
    assert remove["text"] == "🗑 Apotheek van de lijst halen"
    answer = await press(c, GROUP, MEMBER, listing["message_id"], remove["text"])
    assert answer == "Dit kan alleen het bestuur."

    before = await last_seq(c)
    await c.press(GROUP, BOARD, listing["message_id"], data=remove["callback_data"])
    chooser = await wait_for(c, sent_to(GROUP, "Welke apotheek", before))
    assert [b["text"] for b in buttons(chooser)] == [pharmacy(uid) for uid in USERS]

    # First "no": nothing changes; then "yes".
    await c.press(GROUP, BOARD, chooser["message_id"], button=pharmacy(101))
    ask = await wait_for(
        c,
        lambda e: (
            e.get("message_id") == chooser["message_id"] and "halen?" in (e.get("text") or "")
        ),
    )
    assert "Lid101 (@apo101)" in ask["text"] and "blijven staan" in ask["text"]
    await press(c, GROUP, BOARD, chooser["message_id"], "Nee, niets doen")
    await wait_for(
        c,
        lambda e: (
            e.get("message_id") == chooser["message_id"]
            and "Niets veranderd" in (e.get("text") or "")
        ),
    )
    assert pharmacy(101) in await _names(world)

    before = await last_seq(c)
    await c.press(GROUP, BOARD, listing["message_id"], data=remove["callback_data"])
    chooser = await wait_for(c, sent_to(GROUP, "Welke apotheek", before))
    await c.press(GROUP, BOARD, chooser["message_id"], button=pharmacy(101))
    await wait_for(c, lambda e: e["seq"] > before and "halen?" in (e.get("text") or ""))
    await press(c, GROUP, BOARD, chooser["message_id"], "Ja, van de lijst halen")
    done = await wait_for(
        c,
        lambda e: e["seq"] > before and "staat niet meer op de ledenlijst" in (e.get("text") or ""),
    )
    assert "2 apotheken" in done["text"]
    assert await _names(world) == [pharmacy(102), pharmacy(103)]

    # Its member no longer votes; the roster counts two pharmacies.
    new_id, new_message = await start_mandate(c, "/mandaat Tweede vraag? | sluit over 10 minuten")
    assert "niet op de ledenlijst" in await press(c, GROUP, 101, new_message, "Voor")
    assert new_id > poll_id
    posted = await wait_for(c, lambda e: e.get("message_id") == new_message)
    assert "0 van 2 apotheken" in posted["text"]

    # The closed result and the representation list still count and name it.
    again = await command(c, GROUP, MEMBER, f"/uitslag {poll_id}", "Uitslag")
    assert "Voor: 2" in again["text"] and "2 van 3 apotheken" in again["text"]
    before = await last_seq(c)
    await c.send(BOARD, BOARD, f"/export {poll_id}")
    listed = await wait_for(
        c,
        lambda e: (
            e["method"] == "sendDocument"
            and e["seq"] > before
            and e["file_name"] == f"vertegenwoordigingslijst-{poll_id}.csv"
        ),
    )
    rows = csv_rows(await c.file(listed["file_id"]))
    assert sorted(rows[1:]) == [[pharmacy(101), agb(101)], [pharmacy(102), agb(102)]]

    # The same name can be added again: a new pharmacy, its old votes stay with the old one.
    reply = await import_roster(c, GROUP, BOARD, roster_csv([101]))
    assert "1 nieuw" in reply["text"]
    assert await _names(world) == [pharmacy(uid) for uid in USERS]


async def test_a_file_replaces_the_list_after_a_preview(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    await add_members(c, [104])
    replacement = roster_csv([101, 104])

    # Caption "vervang": a preview of what goes; "no" keeps everything.
    preview = await _upload(world, "nieuw.csv", replacement, caption="vervang")
    assert "vervangen?" in preview["text"]
    assert "1 nieuw" in preview["text"] and "1 ongewijzigd" in preview["text"]
    assert pharmacy(102) in preview["text"] and pharmacy(103) in preview["text"]
    assert pharmacy(101) not in preview["text"].split("van de lijst:")[1]
    assert await _names(world) == [pharmacy(uid) for uid in USERS]
    await press(c, GROUP, BOARD, preview["message_id"], "Nee, niets doen")
    await wait_for(
        c,
        lambda e: (
            e.get("message_id") == preview["message_id"] and "blijft" in (e.get("text") or "")
        ),
    )
    assert await _names(world) == [pharmacy(uid) for uid in USERS]
    with pytest.raises(SandboxClientError):  # the question is answered: its buttons are gone
        await press(c, GROUP, BOARD, preview["message_id"], "Ja, vervangen")

    # /leden vervang, then the file (no caption needed); a member cannot confirm.
    reply = await command(c, GROUP, BOARD, "/leden vervang", "Stuur nu")
    assert "gaan van de lijst" in reply["text"]
    preview = await _upload(world, "nieuw.csv", replacement)
    assert "vervangen?" in preview["text"]
    answer = await press(c, GROUP, MEMBER, preview["message_id"], "Ja, vervangen")
    assert answer == "Dit kan alleen het bestuur."
    await press(c, GROUP, BOARD, preview["message_id"], "Ja, vervangen")
    done = await wait_for(
        c,
        lambda e: (
            e.get("message_id") == preview["message_id"] and "vervangen:" in (e.get("text") or "")
        ),
    )
    assert "1 nieuw" in done["text"] and "2 van de lijst gehaald" in done["text"]
    assert await _names(world) == [pharmacy(101), pharmacy(104)]

    # A later file without caption merges again (nothing is removed).
    reply = await import_roster(c, GROUP, BOARD, roster_csv([105]))
    assert "blijven staan" in reply["text"]
    assert await _names(world) == [pharmacy(101), pharmacy(104), pharmacy(105)]
    assert await all_entries(c, sent_to(GROUP, "vervangen?")) != []
