"""`rao-bot demo` prints a dashboard link that works in any browser: the link's own launch
parameters authenticate as the demo's board member."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

from bot.sandbox.processes import ROOT


def _get(url: str, init_data: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"X-Telegram-Init-Data": init_data})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_demo_prints_a_working_dashboard_link() -> None:
    demo = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "demo"],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert demo.stdout is not None and demo.stdin is not None
    try:
        link = ""
        deadline = time.monotonic() + 60
        while not link and time.monotonic() < deadline:
            line = demo.stdout.readline()
            if not line:
                break
            if "/web/#tgWebAppData=" in line:
                link = line.strip()
        assert link, "no dashboard link printed"
        parts = urlsplit(link)
        init_data = parse_qs(parts.fragment)["tgWebAppData"][0]
        origin = f"{parts.scheme}://{parts.netloc}"
        status, shell = _get(origin + parts.path, "")
        assert status == 200 and "telegram-web-app.js" in shell
        # The roster import makes the organisation; then the board page is Bea's home.
        body = ""
        while time.monotonic() < deadline and "Lopende stemmingen" not in body:
            status, body = _get(origin + "/web/api/home", init_data)
            if "Lopende stemmingen" not in body:
                time.sleep(0.05)  # another process: a short pause between looks, not a busy loop
        assert status == 200 and "RAO Demo Zuid" in body and "Ledenlijst" in body
        assert _get(origin + "/web/api/home", init_data + "x")[0] == 401
        out, _ = demo.communicate("/quit\n", timeout=60)
        assert "Tot ziens!" in out
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
