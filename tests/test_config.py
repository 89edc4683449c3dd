"""Configuration errors are one clear line naming the variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


def test_defaults() -> None:
    settings = load_settings(_env_file=None)
    assert settings.timezone == "Europe/Amsterdam"
    assert settings.db == Path("data/rao-bot.sqlite3")
    assert settings.api_url == "https://api.telegram.org/bot"
    assert settings.admins == [] and settings.allowed_chats == []


def test_lists_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAO_BOT_ADMINS", "11, 12")
    monkeypatch.setenv("RAO_BOT_ALLOWED_CHATS", "-1001,-1002")
    settings = load_settings(_env_file=None)
    assert settings.admins == [11, 12]
    assert settings.allowed_chats == [-1001, -1002]


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("RAO_BOT_ADMINS", "11,bea", "RAO_BOT_ADMINS"),
        ("RAO_BOT_ALLOWED_CHATS", "groep", "RAO_BOT_ALLOWED_CHATS"),
        ("RAO_BOT_TIMEZONE", "Mars/Olympus", "RAO_BOT_TIMEZONE"),
        ("RAO_BOT_API_URL", "telegram", "RAO_BOT_API_URL"),
        ("RAO_BOT_TOKEN", "not a token", "RAO_BOT_TOKEN"),
        ("RAO_BOT_RATE_GROUP_PERIOD", "0", "RAO_BOT_RATE_GROUP_PERIOD"),
    ],
)
def test_malformed_values_name_the_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_token_points_to_demo() -> None:
    settings = load_settings(_env_file=None)
    with pytest.raises(ConfigError, match="rao-bot demo"):
        settings.token_value()


def test_run_without_token_exits_with_one_line(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "RAO_BOT_TOKEN" in lines[0] and "rao-bot demo" in lines[0]


def test_token_is_never_in_repr() -> None:
    settings = load_settings(token="123:secretvalue", _env_file=None)
    assert "secretvalue" not in repr(settings)
