"""What the demo shows and remembers of the chat: the bot's messages printed with their
buttons numbered per message, the latest message (with buttons) per chat so a typed number
means the same button until a newer message arrives, files saved to the demo's folder, and
sandbox errors in Dutch. `bot.demo` runs the session around it.
"""

from __future__ import annotations

import json
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Sandbox errors as a person in the demo should read them (the sandbox speaks Bot API English).
DUTCH_ERRORS = (
    ("no inline button", "Die knop bestaat niet (meer) bij dat bericht."),
    ("message not found", "Dat bericht bestaat niet meer."),
    ("not a member", "Die persoon zit niet in deze groep."),
    ("not found", "Dat bestaat niet (meer)."),
)


def dutch_error(description: str) -> str:
    """A sandbox error in Dutch, without the English detail."""
    lowered = description.lower()
    for fragment, dutch in DUTCH_ERRORS:
        if fragment in lowered:
            return dutch
    return "Dat lukte niet; de sandbox weigerde het verzoek."


@dataclass
class Buttons:
    """The numbered (callback) buttons of one message: number n is `data[n - 1]`."""

    message_id: int
    data: list[str] = field(default_factory=list)


@dataclass
class DemoSession:
    base_url: str
    group_id: int
    names: Callable[[int], str]
    files_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))
    user_id: int = 11
    in_private: bool = False
    # Per chat: the latest message the bot sent there, and the latest one with buttons.
    latest: dict[int, Buttons] = field(default_factory=dict)
    latest_with_buttons: dict[int, Buttons] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    printed: threading.Event = field(default_factory=threading.Event)
    waiting: bool = False
    dashboard: Callable[[], str] | None = None  # a fresh signed link to the board's dashboard

    def wait_for_bot(self) -> None:
        """Lets the bot's reply print before the next prompt, so the screen reads like a chat."""
        self.waiting = True
        self.printed.wait(3.0)
        time.sleep(0.3)
        self.waiting = False
        self.printed.clear()

    @property
    def chat_id(self) -> int:
        return self.user_id if self.in_private else self.group_id

    def where(self, chat: int) -> str:
        """How the printout names a chat: "groep", "privé Bea"."""
        if chat == self.group_id:
            return "groep"
        return f"privé {self.names(chat)}" if chat else ""

    def post(self, path: str, body: dict[str, Any]) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}/sandbox/{path}",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=10) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as exc:
            return json.loads(exc.read())

    def get(self, path: str) -> Any:
        return json.loads(self.get_bytes(path))

    def get_bytes(self, path: str) -> bytes:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{self.base_url}/sandbox/{path}", timeout=70) as response:
            data: bytes = response.read()
            return data


def print_entry(session: DemoSession, entry: dict[str, Any]) -> None:
    method = str(entry.get("method"))
    chat = int(entry.get("chat_id") or 0)
    where = session.where(chat)
    if method in SENT or method in EDITED:
        label = {
            "editMessageText": "bijgewerkt",
            "editMessageReplyMarkup": "knoppen bijgewerkt",
            "sendDocument": "bestand",
            "sendPhoto": "afbeelding",
        }
        tag = label.get(method, "")
        print(f"\n[bot → {where}{' · ' + tag if tag else ''}]")
        if entry.get("file_name"):
            _save_file(session, entry)
        if entry.get("text") and method != "editMessageReplyMarkup":
            for line in str(entry["text"]).splitlines():
                print(f"  {line}")
        _remember_buttons(session, method, chat, entry)
    elif method == "answerCallbackQuery" and entry.get("text"):
        print(f"\n[bot · melding] {entry['text']}")
    elif method == "deleteMessage":
        print(f"\n[bot heeft een bericht verwijderd in {where}]")


SENT = ("sendMessage", "sendDocument", "sendPhoto")
EDITED = ("editMessageText", "editMessageReplyMarkup")


def _remember_buttons(session: DemoSession, method: str, chat: int, entry: dict[str, Any]) -> None:
    """Prints the buttons numbered from 1 per message; the latest message keeps its numbers
    when it is edited, so a number always means the same button."""
    rows = (entry.get("reply_markup") or {}).get("inline_keyboard") or []
    buttons = Buttons(int(entry["message_id"]))
    for row in rows:
        cells = []
        for button in row:
            if "callback_data" in button:
                buttons.data.append(button["callback_data"])
                cells.append(f"[{len(buttons.data)}] {button['text']}")
            elif "start=" in str(button.get("url", "")):
                payload = str(button["url"]).split("start=", 1)[1]
                cells.append(f"({button['text']}: typ :prive en dan /start {payload})")
            else:
                cells.append(f"({button['text']}: {button.get('url', '')})")
        print("  " + "   ".join(cells))
    with session.lock:
        if method in SENT or (
            chat in session.latest and session.latest[chat].message_id == buttons.message_id
        ):
            session.latest[chat] = buttons
        known = session.latest_with_buttons.get(chat)
        if buttons.data and (method in SENT or (known and known.message_id == buttons.message_id)):
            session.latest_with_buttons[chat] = buttons
        elif known is not None and known.message_id == buttons.message_id:
            del session.latest_with_buttons[chat]  # its buttons are gone


def _save_file(session: DemoSession, entry: dict[str, Any]) -> None:
    """Files the bot sends land in the demo's folder, named as the bot named them."""
    name = Path(str(entry["file_name"])).name or "bestand"
    target = session.files_dir / name
    counter = 2
    while target.exists():
        target = session.files_dir / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        counter += 1
    try:
        target.write_bytes(session.get_bytes(f"files/{entry['file_id']}"))
    except OSError:
        print(f"  📎 {name} ({entry.get('size')} bytes; opslaan lukte niet)")
        return
    print(f"  📎 {name} → {target}")


def button_for(session: DemoSession, line: str) -> tuple[int, str] | str | None:
    """What a typed line presses: `#n` the n-th button of the latest message with buttons in
    this chat; a bare number only when the bot's latest message here has buttons (otherwise
    the number is text for the bot). A string is a Dutch refusal; None means "send as text"."""
    prefixed = line.startswith("#") and line[1:].isdigit()
    if not prefixed and not line.isdigit():
        return None
    number = int(line.lstrip("#"))
    with session.lock:
        if prefixed:
            buttons = session.latest_with_buttons.get(session.chat_id)
        else:
            buttons = session.latest.get(session.chat_id)
            if buttons is None or not buttons.data:
                return None
    if buttons is None:
        return "Hier staat geen bericht met knoppen."
    if not 1 <= number <= len(buttons.data):
        return f"Het laatste bericht met knoppen heeft knop 1 tot en met {len(buttons.data)}."
    return buttons.message_id, buttons.data[number - 1]
