"""Who sees what of a vote, said the same way everywhere: the vote card, the export captions
and the dashboard all word `PollRecord.secrecy`, so a mandate vote (the board sees who voted
for) is never called "geheim: nooit getoond" in one place and "het bestuur ziet wie voor
stemde" in another."""

from __future__ import annotations

from typing import Any

import pytest

from bot.context import services_of_app
from tests.conftest import BOARD, GROUP, World
from tests.outbox import sent_to
from tests.polls_helpers import (
    all_entries,
    close_poll,
    command,
    enrol,
    last_seq,
    press,
    start_mandate,
    wait_for,
)
from tests.web_helpers import free_port, get

USERS = [101, 102]


@pytest.fixture
def bot_settings_extra() -> dict[str, Any]:
    return {"web_port": free_port()}


async def _captions(world: World, poll_id: int) -> str:
    c = world.client
    before = await last_seq(c)
    await c.send(GROUP, BOARD, f"/export {poll_id}")
    await wait_for(c, sent_to(GROUP, "privé", before))
    documents = await all_entries(
        c, lambda e: e["method"] == "sendDocument" and e["chat_id"] == BOARD and e["seq"] > before
    )
    return "\n".join(e.get("caption") or e.get("text") or "" for e in documents)


async def test_a_mandate_vote_is_described_alike_on_the_card_in_the_export_and_dashboard(
    world: World,
) -> None:
    c = world.client
    await enrol(c, USERS)
    org = await services_of_app(world.app).polls.orgs.organisation_for_chat(GROUP)
    assert org is not None
    poll_id, message_id = await start_mandate(c)
    card = (await wait_for(c, lambda e: e.get("message_id") == message_id))["text"]
    assert "het bestuur ziet welke apotheken voor stemden" in card
    await press(c, GROUP, 101, message_id, "Voor")
    await command(c, 101, 101, f"/toelichting {poll_id} Prima plan", "toelichting")

    status, page, _ = await get(world.app, f"/web/api/org/{org.id}", user=BOARD)
    assert status == 200
    assert "voor stemden" in page and "nooit getoond" not in page

    # While open the list is not in the export yet: the caption says when it comes.
    assert "na de sluiting bij /export" in await _captions(world, poll_id)

    await close_poll(c, poll_id)
    status, page, _ = await get(world.app, f"/web/api/org/{org.id}/poll/{poll_id}", user=BOARD)
    assert status == 200
    assert "voor stemden" in page and "nooit getoond" not in page

    captions = await _captions(world, poll_id)
    assert "wie voor stemde staat in de vertegenwoordigingslijst" in captions
    assert "geheime stemming" not in captions.lower()
    assert "toelichtingen, zonder namen." in captions


async def test_a_secret_quick_poll_says_the_board_sees_who_not_what(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    org = await services_of_app(world.app).polls.orgs.organisation_for_chat(GROUP)
    assert org is not None
    entry = await command(c, GROUP, BOARD, "/peiling Welke avond? | di | wo | geheim", "Peiling")
    assert "stemden, niet wat" in entry["text"]
    status, page, _ = await get(world.app, f"/web/api/org/{org.id}", user=BOARD)
    assert status == 200 and "stemden, niet wat" in page
