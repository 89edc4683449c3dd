from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_check_schedules_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check-schedules", "--dir", str(ROOT / "schedules")]) == 0
    assert capsys.readouterr().out.startswith("ok: 4 schedules")


def test_check_schedules_reports_file_item_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.yaml").write_text(
        "id: x\ntitle: Test\nsource: {title: bron}\nitems:\n"
        "  - id: a\n    date: 31-02-2027\n    title: Abc\n    description: Lang genoeg hier\n"
        "    source_section: s1\n    status: zeker\n",
        encoding="utf-8",
    )
    assert main(["check-schedules", "--dir", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "x.yaml: a: date: use YYYY-MM-DD, like 2025-07-31" in lines
    assert "x.yaml: a: status: Input should be 'bevestigd' or 'verwacht'" in lines
