"""Control routes that make the sandbox misbehave the way Telegram and the network can:
injected faults (queued or at random), flood limits, a user who blocks the bot, a revoked
token."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox.errors import ApiError, bad_request, error_response
from bot.sandbox.faults import KINDS, Chaos, Fault
from bot.sandbox.flood import limits_from
from bot.sandbox.state import SandboxState

Action = Callable[[dict[str, Any]], Awaitable[Any]]


async def control(request: web.Request, action: Action) -> web.Response:
    """A control route's JSON body in, `action`'s result out; bad requests get Telegram's
    error shape (shared by every control route)."""
    try:
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("body must be a JSON object")
        result = await action(body)
    except json.JSONDecodeError:
        return error_response(bad_request("body must be JSON"))
    except ApiError as error:
        return error_response(error)
    except (KeyError, TypeError, ValueError) as exc:
        return error_response(bad_request(f"invalid control request: {exc!r}"))
    return web.json_response(result)


class FaultControl:
    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def routes(self) -> list[web.RouteDef]:
        return [
            web.post("/sandbox/faults", self.handle_faults),
            web.post("/sandbox/chaos", self.handle_chaos),
            web.post("/sandbox/flood", self.handle_flood),
            web.post("/sandbox/block", self.handle_block),
            web.post("/sandbox/revoke", self.handle_revoke),
        ]

    async def handle_faults(self, request: web.Request) -> web.Response:
        """Queue `count` faults for `method` ("*": any): an error answer with `error_code`,
        or with `drop` a dropped connection `when` "before" (default) or "after" the call."""

        async def action(body: dict[str, Any]) -> Any:
            when = str(body.get("when", "before"))
            if when not in ("before", "after"):
                raise bad_request("when must be 'before' or 'after'")
            retry_after = body.get("retry_after")
            fault = Fault(
                method=str(body.get("method", "*")),
                error_code=int(body.get("error_code", 500)),
                count=int(body.get("count", 1)),
                retry_after=None if retry_after is None else int(retry_after),
                description=body.get("description"),
                drop=bool(body.get("drop", False)),
                when=when,
            )
            self.state.faults.queued.append(fault)
            return {"queued": len(self.state.faults.queued)}

        return await control(request, action)

    async def handle_chaos(self, request: web.Request) -> web.Response:
        """From now on fail `rate` (0-1) of the calls to `methods` (all if absent) with one of
        `kinds` (default all: 429, 5xx, drop_before, drop_after); rate 0 stops it. Answers
        what was injected so far."""

        async def action(body: dict[str, Any]) -> Any:
            rate = float(body.get("rate", 0))
            plan = self.state.faults
            if rate <= 0:
                plan.chaos = None
            else:
                kinds = tuple(str(k) for k in body.get("kinds") or KINDS)
                plan.chaos = Chaos(
                    rate=rate,
                    kinds=kinds,
                    methods=frozenset(str(m) for m in body.get("methods") or ()),
                    retry_after=int(body.get("retry_after", 1)),
                    seed=None if body.get("seed") is None else int(body["seed"]),
                )
            return plan.summary()

        return await control(request, action)

    async def handle_flood(self, request: web.Request) -> web.Response:
        """Switches the flood limits (bot.sandbox.flood) on (`enabled` true) or off (false), with
        rates `group`, `private`, `overall` ({"count", "period"}) and `tolerance` over the
        current or Telegram's figures; without `enabled` they stay as they are. `reset` clears
        the counts. Answers the summary: the limits and the calls refused so far."""

        async def action(body: dict[str, Any]) -> Any:
            gate = self.state.flood
            if body.get("reset"):
                gate.reset_counts()
            enabled = body.get("enabled")
            if enabled is not None:
                gate.configure(limits_from(body, gate.limits) if enabled else None)
            return gate.summary()

        return await control(request, action)

    async def handle_block(self, request: web.Request) -> web.Response:
        """The user blocks the bot (`blocked` true, the default) or unblocks it."""

        async def action(body: dict[str, Any]) -> Any:
            user = self.state.user(int(body["user_id"]))
            user.blocked = bool(body.get("blocked", True))
            return {"user_id": user.id, "blocked": user.blocked}

        return await control(request, action)

    async def handle_revoke(self, request: web.Request) -> web.Response:
        """The token of bot `bot_id` is revoked (as by BotFather): every call answers 401."""

        async def action(body: dict[str, Any]) -> Any:
            bot_id = int(body["bot_id"])
            if body.get("revoked", True):
                self.state.revoked.add(bot_id)
            else:
                self.state.revoked.discard(bot_id)
            return {"revoked": sorted(self.state.revoked)}

        return await control(request, action)
