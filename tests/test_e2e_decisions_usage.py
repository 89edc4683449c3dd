"""/besluiten with a word it does not know answers with its usage, not with the list."""

from __future__ import annotations

from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import sent_to
from tests.polls_helpers import command, enrol, last_seq, wait_for

USERS = [101, 102, 103]


async def test_a_misspelt_export_gets_the_usage_and_no_list(world: World) -> None:
    c = world.client
    await enrol(c, USERS)
    reply = await command(c, GROUP, BOARD, "/besluiten exprot")
    text = reply["text"]
    assert "Ik ken ‘exprot’ niet" in text and "/besluiten export" in text
    assert "nog geen gesloten stemmingen" not in text
    before = await last_seq(c)
    await c.send(GROUP, MEMBER, "/besluiten <b>")
    usage = await wait_for(c, sent_to(GROUP, "niet bij /besluiten", before))
    assert "‘<b>’" in usage["text"]  # escaped: shown as typed, not as bold
    assert [e for e in await c.settle() if e.get("method") == "sendDocument"] == []
