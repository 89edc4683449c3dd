"""The dashboard in real headless Chromium (Debian's `chromium`, driven by Playwright), against
the real bot polling the sandbox. The page loads the sandbox's stand-in for Telegram's Mini
App script, which reads the launch parameters from the URL fragment as Telegram's does.

Screenshots of the main pages go to tests/artifacts/ (ignored by git).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from playwright.async_api import Browser, Page, ViewportSize, async_playwright, expect

from bot.context import services_of_app
from bot.polls import records as pr
from tests.conftest import BOARD, GROUP, MEMBER, World
from tests.outbox import sent_to
from tests.polls_helpers import close_poll, command, enrol, press, start_mandate
from tests.web_helpers import base_of, free_port, init_data

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
USERS = [101, 102, 103]
NEWCOMER = 104
THEME = {"bg_color": "#ffffff", "text_color": "#1c1c1e", "button_color": "#2a7ab0"}
PHONE: ViewportSize = {"width": 390, "height": 844}


@pytest.fixture
def bot_settings_extra(sandbox: Any) -> dict[str, Any]:
    return {"web_port": free_port(), "web_telegram_js": f"{sandbox.url}/telegram-web-app.js"}


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    if shutil.which(CHROMIUM) is None:
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        await launched.close()


def launch_url(world: World, data: str) -> str:
    """The address Telegram opens: the app URL with the launch parameters in the fragment."""
    fragment = (
        f"tgWebAppData={quote(data, safe='')}&tgWebAppVersion=8.0&tgWebAppPlatform=web"
        f"&tgWebAppThemeParams={quote(json.dumps(THEME), safe='')}"
    )
    return f"{base_of(world.app)}/web/#{fragment}"


async def open_as(browser: Browser, world: World, data: str) -> Page:
    page = await browser.new_page(viewport=PHONE)
    await page.goto(launch_url(world, data))
    return page


async def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


async def test_board_follows_a_vote_approves_a_member_and_reads_a_result(
    world: World, browser: Browser
) -> None:
    c = world.client
    services = services_of_app(world.app)
    await enrol(c, USERS)
    org = await services.polls.orgs.organisation_for_chat(GROUP)
    assert org is not None
    await c.user(NEWCOMER, "Nienke", "apo104", chats=[GROUP], started=True)
    request = await services.polls.roster.register(
        org.id, NEWCOMER, "apo104", "Nienke", "Apotheek Nieuw", None, datetime.now(UTC)
    )
    assert request.member is not None
    member_id = request.member.id
    await command(c, 103, 103, "/start")  # links 103's Telegram id to the roster's username
    poll_id, message_id = await start_mandate(c)

    page = await open_as(browser, world, init_data(BOARD))
    assert await page.evaluate("window.Telegram.WebApp.readyCalled") is True
    vote = page.locator(f"#open-{poll_id}")
    await expect(vote.locator(".turnout")).to_have_text("0 van 3 (0 %)")
    await expect(page.locator("#org-name")).to_have_text(org.name)
    await shot(page, "board")

    # Two members vote in the group; the open page follows (it refreshes itself).
    await press(c, GROUP, 101, message_id, "Voor")
    await press(c, GROUP, 102, message_id, "Tegen")
    await expect(vote.locator(".turnout")).to_have_text("2 van 3 (66,7 %)", timeout=15000)
    not_voted = await vote.locator(".not-voted").text_content() or ""
    assert "Apotheek 103" in not_voted and "Apotheek 101" not in not_voted
    assert "Voor" not in await vote.inner_text()  # a secret vote: never who chose what

    # "Nu herinneren" nudges the one pharmacy that has not voted, as /herinner does.
    await vote.locator("button.remind").click()
    await expect(page.locator("#notice")).to_contain_text("Herinnering verstuurd aan 1 lid")
    await c.find(sent_to(103, "Herinnering"))

    # Approving the pending registration: stored, and the member is told in Telegram.
    pending = page.locator(f"#pending-{member_id}")
    await expect(pending).to_contain_text("Apotheek Nieuw")
    await pending.locator("button.approve").click()
    await expect(page.locator("#notice")).to_contain_text("goedgekeurd")
    await expect(pending).to_have_count(0)
    stored = await services.storage.roster.member(member_id)
    assert stored is not None and stored.status is pr.MemberStatus.APPROVED
    assert stored.pharmacy_name == "Apotheek Nieuw"
    told = await c.find(sent_to(NEWCOMER, "ledenlijst"))
    assert "Apotheek Nieuw" in told["text"]
    await shot(page, "board-after-approval")

    # The vote closes; its page shows the verdict, the chart and the exports.
    await close_poll(c, poll_id)  # /sluit asks first
    closed = page.locator(f"#closed-{poll_id}")
    await expect(closed).to_have_count(1, timeout=15000)
    await closed.locator("a").click()
    await expect(page.locator("#poll-title")).to_contain_text(f"#{poll_id}")
    await expect(page.locator("#chart svg")).to_be_visible()
    assert "Voor" in await page.locator("#chart").inner_text()
    await expect(page.locator("#verdict")).not_to_be_empty()
    await expect(page.locator("#exports a").first).to_be_visible()
    async with page.expect_download() as download_info:
        await page.locator("#exports a").first.click()
    download = await download_info.value
    assert download.suggested_filename.endswith((".csv", ".json"))
    await shot(page, "closed-vote")
    await page.close()


async def test_members_and_refused_init_data_in_the_browser(world: World, browser: Browser) -> None:
    await enrol(world.client, USERS)
    org = await services_of_app(world.app).polls.orgs.organisation_for_chat(GROUP)
    assert org is not None
    poll_id, _ = await start_mandate(world.client)

    page = await open_as(browser, world, init_data(MEMBER))
    await expect(page.locator("h1")).to_have_text("Mijn overzicht")
    await expect(page.locator(".my-vote")).to_contain_text(f"#{poll_id}")
    await shot(page, "member")
    # The member's own page asks for the board page: 403 and nothing of it.
    status = await page.evaluate(
        """async (path) => {
            const r = await fetch(path, {headers: {"X-Telegram-Init-Data":
                window.Telegram.WebApp.initData}});
            return [r.status, await r.text()];
        }""",
        f"/web/api/org/{org.id}",
    )
    assert status[0] == 403 and "Lopende stemmingen" not in status[1]
    await page.close()

    forged = init_data(MEMBER).replace("Piet", "Bea")
    for data in (forged, init_data(BOARD, age=3700), ""):
        page = await open_as(browser, world, data)
        await expect(page.locator("#app")).to_have_attribute("data-status", "401")
        await expect(page.locator("#message")).to_contain_text("Geen geldige Telegram-gegevens")
        assert "Lopende stemmingen" not in await page.content()
        await page.close()
