"""The sandbox in a background thread with its own event loop: for the terminal demo, which
reads the keyboard on the main thread."""

from __future__ import annotations

import asyncio
import contextlib
import threading

from bot.sandbox.flood import FloodLimits
from bot.sandbox.server import SandboxServer


class SandboxThread:
    """Runs a sandbox on its own event loop in a daemon thread (demo and benchmarks)."""

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, flood_limits: FloodLimits | None = None
    ) -> None:
        self.host, self.requested_port = host, port
        self.flood_limits = flood_limits
        self.server: SandboxServer | None = None
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sandbox", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = SandboxServer(self.flood_limits)
        self.loop.run_until_complete(self.server.start(self.host, self.requested_port))
        self._ready.set()
        self.loop.run_forever()

    def start(self) -> str:
        self._thread.start()
        self._ready.wait(10)
        assert self.server is not None
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            fut = asyncio.run_coroutine_threadsafe(self._shutdown(), self.loop)
            with contextlib.suppress(Exception):
                fut.result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)

    async def _shutdown(self) -> None:
        """Stops serving and lets open long polls end, so nothing is torn down mid-request."""
        assert self.server is not None
        await self.server.stop()
        current = asyncio.current_task()
        pending = [t for t in asyncio.all_tasks() if t is not current]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
