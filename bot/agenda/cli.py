"""`rao-bot check-schedules`: validate the milestone schedule files before deploying them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.agenda.schedules import check_schedules, load_schedules, resolve_schedules_dir
from bot.cli_tools import report_problems


def cmd_check_schedules(args: argparse.Namespace) -> int:
    if args.dir:
        directory = Path(args.dir)
    else:
        from bot.config import load_settings

        directory = resolve_schedules_dir(load_settings(_env_file=None).schedules_dir)
    if report_problems(check_schedules(directory)):
        return 1
    schedules = load_schedules(directory)
    items = sum(len(s.items) for s in schedules.values())
    print(f"ok: {len(schedules)} schedules, {items} items in {directory}")
    return 0


def register_parsers(sub: Any) -> None:
    check = sub.add_parser(
        "check-schedules", help="validate the milestone schedules (file: item: field: message)"
    )
    check.add_argument("--dir", help="schedules directory (default: RAO_BOT_SCHEDULES_DIR)")
    check.set_defaults(func=cmd_check_schedules)
