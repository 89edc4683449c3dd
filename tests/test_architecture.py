"""The layering the code keeps to, checked on its imports: handlers sit on top (only the
assembly in `bot.app` registers them), and the features' domain code never learns of
Telegram."""

from __future__ import annotations

import ast
from pathlib import Path

BOT = Path(__file__).resolve().parent.parent / "bot"
DOMAIN = ("bot.polls", "bot.agenda", "bot.knowledge", "bot.storage", "bot.texts")


def _module(path: Path) -> str:
    parts = path.relative_to(BOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in BOT.rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)  # and "from bot import handlers" names bot.handlers
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
        found[_module(path)] = names
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_only_handlers_and_the_assembly_import_handlers() -> None:
    wrong = {
        module: sorted(name for name in names if _within(name, "bot.handlers"))
        for module, names in _imports().items()
        if not _within(module, "bot.handlers") and module != "bot.app"
    }
    assert {module: names for module, names in wrong.items() if names} == {}


def test_domain_code_never_imports_telegram() -> None:
    wrong = {
        module: sorted(name for name in names if _within(name, "telegram"))
        for module, names in _imports().items()
        if any(_within(module, package) for package in DOMAIN)
    }
    assert {module: names for module, names in wrong.items() if names} == {}
