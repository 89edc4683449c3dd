"""The `rao-bot` command line: run, sandbox, demo and the offline tools of each feature."""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import signal
import sys
from collections.abc import Callable, Sequence

from bot.config import ConfigError, load_settings
from bot.logsetup import setup_logging

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, Command] = {}


def _cmd_run(args: argparse.Namespace) -> int:
    try:
        settings = load_settings()
        token = settings.token_value()
    except ConfigError as exc:
        print(f"rao-bot: {exc}", file=sys.stderr)
        return 2
    secrets: tuple[str, ...] = (token,)
    if args.webhook:
        try:
            secrets += (settings.webhook_values()[1],)
        except ConfigError as exc:
            print(f"rao-bot: {exc}", file=sys.stderr)
            return 2
    setup_logging(logging.DEBUG if args.debug else logging.INFO, secrets=secrets)
    from telegram.error import InvalidToken

    def not_invalid_token(record: logging.LogRecord) -> bool:
        # PTB logs a traceback for a rejected token before raising; we say it in one line.
        return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))

    for handler in logging.getLogger().handlers:
        handler.addFilter(not_invalid_token)

    from bot.app import build_application
    from bot.delivery import runner

    application = build_application(settings, webhook=args.webhook)
    try:
        if args.webhook:
            from bot.delivery.polling import ALLOWED_UPDATES
            from bot.delivery.webhook import run_webhook

            asyncio.run(run_webhook(application, settings, ALLOWED_UPDATES))
        else:
            asyncio.run(runner.run(application, stop_signals=(signal.SIGINT, signal.SIGTERM)))
    except InvalidToken:
        # PTB's message names the rejected token; say what to do instead.
        print(
            "rao-bot: Telegram rejected the token in RAO_BOT_TOKEN; "
            "check it with @BotFather (/token).",
            file=sys.stderr,
        )
        return 2
    return 0


def _cmd_health(args: argparse.Namespace) -> int:
    """Exit 0 while the running bot touches its heartbeat file (Docker HEALTHCHECK)."""
    from bot.jobs.heartbeat import is_fresh

    try:
        db = load_settings().db
    except ConfigError as exc:
        print(f"rao-bot: {exc}", file=sys.stderr)
        return 2
    if is_fresh(db):
        return 0
    print("rao-bot: no recent heartbeat; the bot is not running or is stuck", file=sys.stderr)
    return 1


def _cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.storage.backup import backup_database, database_counts

    try:
        source = Path(args.db) if args.db else load_settings().db
    except ConfigError as exc:
        print(f"rao-bot: {exc}", file=sys.stderr)
        return 2
    target = Path(args.target)
    try:
        size = backup_database(source, target)
    except (OSError, RuntimeError) as exc:
        print(f"rao-bot: backup failed: {exc}", file=sys.stderr)
        return 1
    counts = database_counts(target)
    print(f"backup of {source} written to {target} ({size} bytes)")
    for table in ("organisations", "members", "polls", "votes", "agenda_meetings"):
        if table in counts:
            print(f"  {table}: {counts[table]}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rao-bot", description="Telegram assistant for RAOs")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run the bot (long polling, or --webhook)")
    run.add_argument("--debug", action="store_true", help="debug logging (token still redacted)")
    run.add_argument(
        "--webhook",
        action="store_true",
        help="take updates by webhook (RAO_BOT_WEBHOOK_URL, _LISTEN, _PORT, _SECRET)",
    )
    run.set_defaults(func=_cmd_run)
    health = sub.add_parser("health", help="exit 0 while the running bot is healthy")
    health.set_defaults(func=_cmd_health)
    backup = sub.add_parser("backup", help="copy the database safely, also while the bot runs")
    backup.add_argument("target", help="path of the backup file to write")
    backup.add_argument("--db", default=None, help="database to copy (default: RAO_BOT_DB)")
    backup.set_defaults(func=_cmd_backup)
    for name in _TOOL_MODULES:
        importlib.import_module(name).register_parsers(sub)
    return parser


# Tools of each feature register their own subcommands. Loaded by name: the offline sandbox
# (and the demo on it) is a test and demo tool that no production module imports.
_TOOL_MODULES = ("bot.knowledge.cli", "bot.agenda.cli", "bot.sandbox.cli")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Command = args.func
    return func(args)


if __name__ == "__main__":
    raise SystemExit(main())
