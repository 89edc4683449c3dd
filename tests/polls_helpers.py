"""Helpers the end-to-end voting tests share: a roster CSV, outbox waits, commands, presses.

Kept out of the test modules so no test module has to import another one.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.context import BotApp, services_of_app
from bot.sandbox.client import Entry, SandboxClient
from bot.storage import Storage
from tests.conftest import BOARD, GROUP, World
from tests.outbox import sent_to

USERS = [101, 102, 103]  # a small roster: three pharmacies, one member each
MANDATE = (
    "/mandaat Geef je het bestuur mandaat voor het RESV-plan? | sluit over 10 minuten"
    " | quorum 85% | drempel 2/3"
)


def agb(uid: int) -> str:
    return f"0601{uid:04d}"


def pharmacy(uid: int) -> str:
    return f"Apotheek {uid}"


def roster_csv(users: list[int], extra: str = "") -> bytes:
    lines = ["apotheek;agb;telegram"]
    for uid in users:
        usernames = f"apo{uid}"
        if uid == users[-1] and extra:
            usernames += f" {extra}"
        lines.append(f"{pharmacy(uid)};{agb(uid)};{usernames}")
    return ("\n".join(lines) + "\n").encode()


# --- outbox helpers (never consume: every test scans the whole outbox) ------------------------


async def wait_for(
    client: SandboxClient, predicate: Callable[[Entry], bool], timeout: float = 10.0
) -> Entry:
    return await client.find(predicate, timeout)


async def all_entries(client: SandboxClient, predicate: Callable[[Entry], bool]) -> list[Entry]:
    return [entry for entry in await client.outbox(0) if predicate(entry)]


async def last_seq(client: SandboxClient) -> int:
    entries = await client.outbox(0)
    return int(entries[-1]["seq"]) if entries else 0


async def command(
    client: SandboxClient, chat_id: int, user: int, text: str, containing: str = ""
) -> Entry:
    """Sends a command and waits for the bot's next message in that chat."""
    after = await last_seq(client)
    await client.send(chat_id, user, text)
    return await wait_for(client, sent_to(chat_id, containing, after))


async def press(
    client: SandboxClient, chat_id: int, user: int, message_id: int, button: str
) -> str:
    """Presses a button and returns the callback answer text."""
    query_id = await client.press(chat_id, user, message_id, button=button)
    entry = await wait_for(
        client,
        lambda e: e["method"] == "answerCallbackQuery" and e["callback_query_id"] == query_id,
    )
    return str(entry["text"] or "")


async def add_members(client: SandboxClient, users: list[int], *, started: bool = True) -> None:
    for uid in users:
        await client.user(uid, f"Lid{uid}", f"apo{uid}", chats=[GROUP], started=started)


async def import_roster(client: SandboxClient, chat_id: int, user: int, content: bytes) -> Entry:
    after = await last_seq(client)
    await client.upload(chat_id, user, "leden.csv", content)
    return await wait_for(client, sent_to(chat_id, "", after))


async def start_mandate(client: SandboxClient, text: str = MANDATE) -> tuple[int, int]:
    """(poll id, message id) of a mandate vote started by the board in the group."""
    entry = await command(client, GROUP, BOARD, text, "Mandaatstemming")
    match = re.search(r"#(\d+)", entry["text"])
    assert match, entry["text"]
    return int(match.group(1)), int(entry["message_id"])


def storage_of(world: World) -> Storage:
    return services_of_app(world.app).storage


def csv_rows(content: bytes) -> list[list[str]]:
    return [line.split(";") for line in content.decode("utf-8-sig").strip().split("\r\n")]


def poll_jobs(app: BotApp, poll_id: int) -> dict[str, datetime]:
    """The poll's closing and reminder jobs by name, with their next run time."""
    queue = app.job_queue
    assert queue is not None
    return {
        str(job.name): job.next_t
        for job in queue.jobs()
        if job.name
        and job.next_t is not None
        and (job.name == f"poll-close-{poll_id}" or job.name.startswith(f"poll-remind-{poll_id}-"))
    }


async def run_job(app: BotApp, job_name: str) -> None:
    """Runs the one planned job named `job_name` now, as its timer would."""
    queue = app.job_queue
    assert queue is not None
    [job] = [j for j in queue.jobs() if j.name == job_name]
    await job.run(app)


async def run_due(app: BotApp, poll_id: int, job_name: str, lead: float = 0) -> datetime:
    """Drives a job the bot planned at a chosen time instead of waiting for it: the stored
    closing moment becomes `lead` seconds from now (so the job is due now) and the planned job
    runs at once, as its timer would have run it. Returns the stored closing moment."""
    closes = datetime.now(UTC) + timedelta(seconds=lead)
    await services_of_app(app).storage.polls.set_poll_closes(poll_id, closes)
    await run_job(app, job_name)
    return closes


async def enrol(client: SandboxClient, users: list[int]) -> Entry:
    """The members join the group and the board imports them as the roster, one per pharmacy."""
    await add_members(client, users)
    return await import_roster(client, GROUP, BOARD, roster_csv(users))


async def close_poll(
    client: SandboxClient, poll_id: int | None = None, chat_id: int = GROUP, user: int = BOARD
) -> Entry:
    """/sluit (with a number, or the only open poll) and "Ja, nu sluiten"; returns the
    question, which the bot then edits into its answer."""
    text = f"/sluit {poll_id}" if poll_id is not None else "/sluit"
    ask = await command(client, chat_id, user, text, "nu sluiten?")
    await press(client, chat_id, user, ask["message_id"], "Ja, nu sluiten")
    return ask
