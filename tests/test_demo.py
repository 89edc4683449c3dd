"""`rao-bot demo` as a person uses it: type, read the bot, press a numbered button, quit."""

from __future__ import annotations

import subprocess
import sys

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
