"""`rao-bot demo`: the real bot against an in-process sandbox, chatted with from the terminal.

The sandbox runs on its own thread and loop, the bot on another, and the terminal reads input
on the main thread; a printer thread long-polls the sandbox outbox so reminders that arrive
while the person is typing still show up.
"""

from __future__ import annotations

import asyncio
import logging
import tempfile
import threading
from pathlib import Path

from bot.config import load_settings
from bot.logsetup import setup_logging
from bot.sandbox.demo_screen import DemoSession, button_for, dutch_error, print_entry
from bot.sandbox.flood import FloodLimits
from bot.sandbox.processes import sandbox_token
from bot.sandbox.thread import SandboxThread

DEMO_BOT_ID = 100001
DEMO_GROUP = -1001
DEMO_USERS = [
    # (id, first name, username, is board)
    (11, "Bea", "bea_bestuur", True),
    (12, "Piet", "piet_apotheek", False),
    (13, "Anna", "anna_apotheek", False),
    (14, "Karim", "karim_apotheek", False),
]

HELP = """Demo-commando's (alles wat niet met ':' begint gaat naar de bot):
  :wie              wie er in de demo zitten
  :als <naam>       typ voortaan als iemand anders (bijv. :als piet)
  :prive            naar je privégesprek met de bot
  :groep            terug naar de groep
  :stuur <bestand>  stuur een bestand (bijv. een ledenlijst .csv of agenda .ics)
  #<nummer>         druk op die knop van het laatste bericht met knoppen (bijv. #2)
  <nummer>          ook, als het laatste bericht van de bot knoppen heeft; anders gaat
                    het getal als tekst naar de bot (bijv. een quorum van 60)
  :dashboard        een nieuwe link naar het dashboard (als Bea, een uur geldig)
  /quit             stoppen"""


def _name(user_id: int) -> str:
    for uid, first, _, _ in DEMO_USERS:
        if uid == user_id:
            return first
    return str(user_id)


def _printer(session: DemoSession, stop: threading.Event) -> None:
    seen = 0
    while not stop.is_set():
        try:
            entries = session.get(f"outbox?after={seen}&wait=1")["entries"]
        except OSError:
            continue
        for entry in entries:
            seen = max(seen, int(entry["seq"]))
            print_entry(session, entry)
        if entries:
            if session.waiting:
                session.printed.set()
            else:
                print(_prompt(session), end="", flush=True)


def _prompt(session: DemoSession) -> str:
    where = "privé" if session.in_private else "groep"
    return f"\n{_name(session.user_id)} ({where})> "


def _setup_world(session: DemoSession) -> None:
    session.post("chats", {"id": DEMO_GROUP, "type": "supergroup", "title": "RAO Demo Zuid"})
    for uid, first, username, board in DEMO_USERS:
        session.post(
            "users",
            {
                "id": uid,
                "first_name": first,
                "username": username,
                "chats": [DEMO_GROUP],
                "admin_of": [DEMO_GROUP] if board else [],
                "started": True,
            },
        )


DEMO_ROSTER = (
    "apotheek;agb;telegram\n"
    "Apotheek De Linde;06010001;bea_bestuur\n"
    "Apotheek Het Kruispunt;06010002;piet_apotheek\n"
    "Stadsapotheek Zuid;06010003;anna_apotheek\n"
    "Apotheek Brinkzicht;06010004;karim_apotheek\n"
    "Apotheek De Vaart;06010005;\n"
)


def _seed_roster(session: DemoSession) -> None:
    """Imports a small roster through the bot's own CSV import, so votes work from the start."""
    import base64

    session.post(
        "upload",
        {
            "chat_id": DEMO_GROUP,
            "from_id": 11,
            "file_name": "leden-demo.csv",
            "content_base64": base64.b64encode(DEMO_ROSTER.encode()).decode(),
        },
    )


def _handle_meta(session: DemoSession, line: str) -> None:
    parts = line[1:].split(maxsplit=1)
    command = parts[0].lower() if parts else ""
    arg = parts[1].strip() if len(parts) > 1 else ""
    if command == "wie":
        for uid, first, username, board in DEMO_USERS:
            role = "bestuur" if board else "lid"
            marker = " ← jij" if uid == session.user_id else ""
            print(f"  {first} (@{username}, {role}){marker}")
    elif command == "als":
        for uid, first, username, _ in DEMO_USERS:
            if arg.lower() in (first.lower(), username.lower(), str(uid)):
                session.user_id = uid
                print(f"  Je typt nu als {first}.")
                return
        print("  Onbekende naam; kies uit: " + ", ".join(u[1] for u in DEMO_USERS))
    elif command == "prive":
        session.in_private = True
        print("  Je zit nu in je privégesprek met de bot.")
    elif command == "groep":
        session.in_private = False
        print("  Je zit nu in de groep 'RAO Demo Zuid'.")
    elif command == "stuur":
        path = Path(arg).expanduser()
        if not path.is_file():
            print(f"  Bestand niet gevonden: {arg}")
            return
        import base64

        session.post(
            "upload",
            {
                "chat_id": session.chat_id,
                "from_id": session.user_id,
                "file_name": path.name,
                "content_base64": base64.b64encode(path.read_bytes()).decode(),
            },
        )
    elif command == "dashboard" and session.dashboard is not None:
        print(f"  Dashboard: {session.dashboard()}")
    else:
        print(HELP)


def _dashboard_link(base: str | None, token: str) -> str:
    from bot.web.demo_link import demo_link

    uid, first, username, _ = DEMO_USERS[0]  # Bea, the demo's board member
    return demo_link(base or "", token, uid, first, username)


def _terminal(session: DemoSession) -> None:
    print(
        "\nWelkom bij de RAO-bot demo. Je bent Bea, bestuurder van 'RAO Demo Zuid'.\n"
        "Typ /help om te zien wat de bot kan, :help voor de demo-commando's, /quit om te stoppen."
    )
    while True:
        try:
            line = input(_prompt(session)).strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if not line:
            continue
        if line in ("/quit", ":quit", ":q"):
            return
        if line.startswith(":"):
            _handle_meta(session, line)
            continue
        button = button_for(session, line)
        if isinstance(button, str):
            print(f"  {button}")
        elif button is not None:
            message_id, data = button
            result = session.post(
                "press",
                {
                    "chat_id": session.chat_id,
                    "from_id": session.user_id,
                    "message_id": message_id,
                    "data": data,
                },
            )
            if "description" in result:
                print(f"  {dutch_error(str(result['description']))}")
            else:
                session.wait_for_bot()
        else:
            result = session.post(
                "send", {"chat_id": session.chat_id, "from_id": session.user_id, "text": line}
            )
            if "description" in result:
                print(f"  Niet verstuurd: {dutch_error(str(result['description']))}")
            else:
                session.wait_for_bot()


def _report_flood(session: DemoSession) -> None:
    """Telegram's flood limits are on in the demo; a bot that keeps its own is never refused,
    so a refusal is worth a line."""
    try:
        refused = int(session.get("state")["flood"]["refused"])
    except (OSError, KeyError, ValueError):
        return
    if refused:
        print(f"Let op: de sandbox weigerde {refused} berichten van de bot (te snel, 429).")


def run_demo(keep_db: str | None = None) -> int:
    token = sandbox_token(DEMO_BOT_ID)
    setup_logging(logging.WARNING, secrets=(token,))
    # The bot keeps its real flood limits here, so the sandbox enforces Telegram's as well.
    sandbox = SandboxThread(flood_limits=FloodLimits())
    base_url = sandbox.start()
    workdir = Path(tempfile.mkdtemp(prefix="rao-bot-demo-"))
    files_dir = workdir / "bestanden"
    files_dir.mkdir()
    db = Path(keep_db) if keep_db else workdir / "demo.sqlite3"
    from bot.web.demo_link import free_port

    settings = load_settings(
        token=token,
        api_url=f"{base_url}/bot",
        db=db,
        web_port=free_port(),
        web_telegram_js=f"{base_url}/telegram-web-app.js",
        _env_file=None,
    )
    session = DemoSession(base_url, DEMO_GROUP, _name, files_dir)
    session.dashboard = lambda: _dashboard_link(settings.web_base(settings.web_port), token)
    print(f"Sandbox (nagebootste Telegram) draait op {base_url}")
    print(f"Bestanden die de bot stuurt, komen in: {files_dir}")
    _setup_world(session)

    from bot.app import build_application

    application = build_application(settings)
    bot_loop = asyncio.new_event_loop()
    started = threading.Event()
    stop_bot = asyncio.Event()

    async def run_bot() -> None:
        from bot.delivery import runner

        running = await runner.start(application, poll_timeout=2)
        started.set()
        await stop_bot.wait()
        await running.stop()

    bot_thread = threading.Thread(target=bot_loop.run_until_complete, args=(run_bot(),))
    bot_thread.start()
    session.printed.clear()
    if not started.wait(30):
        print("De bot kon niet starten.")
        return 1
    stop_printer = threading.Event()
    printer = threading.Thread(target=_printer, args=(session, stop_printer), daemon=True)
    printer.start()
    if session.dashboard is not None:
        print(
            "\nHet dashboard van het bestuur (als Bea; open de link in een browser, "
            f"een uur geldig, :dashboard maakt een nieuwe):\n  {session.dashboard()}"
        )
    print("\nDe demo-ledenlijst wordt ingelezen (zoals een bestuurder een .csv stuurt):")
    _seed_roster(session)
    session.wait_for_bot()
    try:
        _terminal(session)
    finally:
        bot_loop.call_soon_threadsafe(stop_bot.set)
        bot_thread.join(15)
        stop_printer.set()
        _report_flood(session)
        sandbox.stop()
    print("Tot ziens!")
    return 0
