"""`rao-bot demo` as a person uses it: type, read the bot, press a numbered button, quit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from bot.sandbox.demo_screen import DemoSession, button_for, dutch_error, print_entry
from bot.sandbox.processes import ROOT


def test_demo_chat_session() -> None:
    script = "\n".join(
        [
            "/vraag wat is een hagro",
            "1",  # press the first related-entry button
            ":prive",
            "mag ik met collega's over tarieven praten",
            ":als piet",
            "/help",
            "/quit",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        cwd=ROOT,
        input=script + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Ledenlijst van RAO Demo Zuid bijgewerkt" in out
    assert "HAGRO (huisartsengroep" in out
    assert "[1] →" in out
    assert "[bot → privé Bea]" in out and "Mag niet" in out
    assert "Je typt nu als Piet." in out
    assert "Tot ziens!" in out
    assert "Traceback" not in out + result.stderr
    assert "weigerde" not in out  # Telegram's flood limits are on; the bot keeps to its own


def test_demo_numbers_reach_the_conversation_and_files_are_saved() -> None:
    """Before: "60" as the quorum pressed a button of an old message, "75" gave an English
    error, and a chart showed only as "📎 uitslag-2.png (44029 bytes)"."""
    script = "\n".join(
        [
            "/vraag wat is een hagro",  # an answer with buttons, in the group
            "/mandaat",
            ":prive",
            "Mandaat voor de bezorgdienst?",
            "over 10 minuten",
            "60",  # the bot's latest message here has no buttons: this is the quorum
            "ja",
            "standaard",
            "#7",  # the summary has five buttons: three kinds, Plaatsen, Stoppen
            "4",  # Plaatsen
            ":groep",
            "#1",  # Voor, on the vote in the group
            ":als piet",
            "1",  # the bot's latest group message is the vote: Piet votes Voor
            ":als bea",
            "/sluit",
            "1",  # Ja, nu sluiten
            "/uitslag 1",
            "/help",
            "/quit",
        ]
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "demo"],
        cwd=ROOT,
        input=script + "\n",
        capture_output=True,
        text=True,
        timeout=180,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Sandbox (nagebootste Telegram) draait op http://127.0.0.1:" in out
    folder = re.search(r"Bestanden die de bot stuurt, komen in: (\S+)", out)
    assert folder, out
    assert "Bedoel je 60%?" in out
    assert "Welk deel van voor + tegen" in out  # "ja" answered the question
    assert "Het laatste bericht met knoppen heeft knop 1 tot en met 5." in out
    assert "Mandaatstemming #1" in out and "Opkomst: 2 van 5 apotheken" in out
    assert "Bad Request" not in out and "Traceback" not in out + result.stderr
    saved = re.findall(r"📎 (uitslag-1(?:-\d+)?\.png) → (\S+)", out)
    assert saved, out
    path = Path(saved[0][1])
    assert path.parent == Path(folder.group(1)) and path.read_bytes().startswith(b"\x89PNG")


def test_dutch_errors_and_button_numbers() -> None:
    assert dutch_error("Bad Request: no inline button with that text or data on this message") == (
        "Die knop bestaat niet (meer) bij dat bericht."
    )
    assert "Bad Request" not in dutch_error("Bad Request: something new")
    session = DemoSession("http://127.0.0.1:1", group_id=-1, names=str)
    print_entry(
        session,
        {
            "method": "sendMessage",
            "chat_id": -1,
            "message_id": 5,
            "text": "Kies",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        },
    )
    assert button_for(session, "1") == (5, "a")
    assert button_for(session, "#1") == (5, "a")
    print_entry(session, {"method": "sendMessage", "chat_id": -1, "message_id": 6, "text": "?"})
    assert button_for(session, "1") is None  # text for the bot now
    assert button_for(session, "#1") == (5, "a")  # still the latest message with buttons
    print_entry(session, {"method": "editMessageReplyMarkup", "chat_id": -1, "message_id": 5})
    assert button_for(session, "#1") == "Hier staat geen bericht met knoppen."
