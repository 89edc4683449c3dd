"""`rao-bot sandbox` and `rao-bot demo`: the offline Bot API stand-in, and the bot chatted with
from the terminal against it."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal

from bot.logsetup import setup_logging


def _cmd_sandbox(args: argparse.Namespace) -> int:
    from bot.sandbox.flood import FloodLimits
    from bot.sandbox.server import SandboxServer

    setup_logging(logging.WARNING)

    async def serve() -> None:
        server = SandboxServer(FloodLimits() if args.flood_limits else None)
        port = await server.start(args.host, args.port)
        print(f"sandbox listening on http://{args.host}:{port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()
        await server.stop()

    asyncio.run(serve())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from bot.sandbox.demo import run_demo

    return run_demo(keep_db=args.db)


def register_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sandbox = sub.add_parser("sandbox", help="run the offline Bot API stand-in")
    sandbox.add_argument("--host", default="127.0.0.1")
    sandbox.add_argument("--port", type=int, default=8081)
    sandbox.add_argument(
        "--flood-limits",
        action="store_true",
        help="refuse calls over Telegram's flood limits with 429 (off: POST /sandbox/flood)",
    )
    sandbox.set_defaults(func=_cmd_sandbox)
    demo = sub.add_parser("demo", help="chat with the bot offline in this terminal")
    demo.add_argument("--db", default=None, help="keep the demo database at this path")
    demo.set_defaults(func=_cmd_demo)
