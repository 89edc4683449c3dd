"""HTTP face of the sandbox: the Bot API at /bot<token>/<method>, control JSON at /sandbox/."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import BodyPartReader, web

from bot.sandbox.api_base import Params
from bot.sandbox.botapi import BotApi
from bot.sandbox.errors import ApiError, bad_request, error_response
from bot.sandbox.fault_control import FaultControl
from bot.sandbox.flood import FloodLimits
from bot.sandbox.idle import TrackedUpdateQueue
from bot.sandbox.membership import MembershipControl
from bot.sandbox.menu_button import web_app_script
from bot.sandbox.migration import migrate
from bot.sandbox.state import BOT_USERNAME, SandboxState

_NOT_WORK = {"getupdates"}  # a waiting long poll is the bot being idle, not busy


_error_response = error_response


async def _read_params(request: web.Request) -> Params:
    params: Params = dict(request.query)
    if request.method != "POST" or not request.body_exists:
        return params
    ctype = request.content_type
    if ctype == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise bad_request("request body must be a JSON object")
        for key, value in body.items():
            # JSON bodies carry real types; re-encode structured ones like form fields do.
            params[key] = json.dumps(value) if isinstance(value, (dict, list, bool, int)) else value
    elif ctype.startswith("multipart/"):
        reader = await request.multipart()
        files: dict[str, tuple[str, bytes]] = {}
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                continue
            name = part.name or ""
            if part.filename:
                files[name] = (part.filename, bytes(await part.read()))
            else:
                params[name] = await part.text()
        for key, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = files.get(value.removeprefix("attach://"))
                if attached is not None:
                    params[key] = attached
        for key, attached in files.items():
            params.setdefault(key, attached)
    else:
        form = await request.post()
        for key, value in form.items():
            params[key] = value if isinstance(value, str) else str(value)
    return params


def _still_open(request: web.Request) -> bool:
    """Whether the caller can still get the answer (a killed bot's long poll cannot)."""
    return request.transport is not None and not request.transport.is_closing()


class SandboxServer:
    """The aiohttp application plus start/stop helpers for tests, the demo and the CLI."""

    def __init__(self, flood_limits: FloodLimits | None = None) -> None:
        """`flood_limits` (e.g. `FloodLimits()`, Telegram's figures) switches Telegram's flood
        limits on; off by default, since tests run the bot without its own limiter. They can be
        switched at run time (POST /sandbox/flood, `SandboxClient.flood`)."""
        self.state = SandboxState()
        self.state.flood.configure(flood_limits)
        self.api = BotApi(self.state)
        self.app = web.Application(client_max_size=60 * 1024 * 1024)
        self.app.add_routes(
            [
                web.route("*", "/bot{token}/{method}", self.handle_bot),
                web.get("/file/bot{token}/{path:.+}", self.handle_file_download),
                web.post("/sandbox/chats", self.handle_chats),
                web.post("/sandbox/users", self.handle_users),
                web.post("/sandbox/send", self.handle_send),
                web.post("/sandbox/press", self.handle_press),
                web.post("/sandbox/inline", self.handle_inline),
                web.post("/sandbox/upload", self.handle_upload),
                web.post("/sandbox/poll_answer", self.handle_poll_answer),
                web.get("/sandbox/outbox", self.handle_outbox),
                web.get("/sandbox/files/{file_id}", self.handle_file),
                web.get("/sandbox/state", self.handle_state),
                web.post("/sandbox/idle", self.handle_idle),
                web.post("/sandbox/release_polls", self.handle_release_polls),
                web.post("/sandbox/hold_polls", self.handle_hold_polls),
                web.get("/sandbox/menus", self.handle_menus),
                web.get("/telegram-web-app.js", web_app_script),
                web.post("/sandbox/migrate", self.handle_migrate),
                *FaultControl(self.state).routes(),
                *MembershipControl(self.state).routes(),
            ]
        )
        self._runner: web.AppRunner | None = None
        self.port: int | None = None
        self.host = "127.0.0.1"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> int:
        self._runner = web.AppRunner(
            self.app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        server = site._server
        assert server is not None
        sockets = getattr(server, "sockets", None) or []
        self.host = host
        self.port = int(sockets[0].getsockname()[1]) if sockets else port
        return self.port

    async def stop(self) -> None:
        """Ends waiting long polls first, so shutting down never waits for their timeout."""
        await self.api.webhook.stop()
        await self.state.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- bot side -------------------------------------------------------------------------

    async def handle_bot(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if ":" not in token or not token.split(":", 1)[0].isdigit():
            return _error_response(ApiError(401, "Unauthorized"))
        work = method.lower() not in _NOT_WORK
        if work:
            self.state.activity.request_started(method)
        try:
            params = await _read_params(request)
            result = await self.api.call(token, method, params)
            if method.lower() == "getupdates" and _still_open(request):
                self.state.delivery.delivered(result)
        except ApiError as error:
            if error.drop:
                if request.transport is not None:
                    request.transport.close()
                raise web.HTTPInternalServerError() from None
            return _error_response(error)
        except (json.JSONDecodeError, ValueError) as exc:
            return _error_response(bad_request(f"can't parse request: {exc}"))
        finally:
            if work:
                self.state.activity.request_ended(method)
        return web.json_response({"ok": True, "result": result})

    async def handle_file_download(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        stored = self.state.files.get(file_id)
        if stored is None:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.content, content_type="application/octet-stream")

    # --- control side ---------------------------------------------------------------------

    @staticmethod
    async def _json(request: web.Request) -> dict[str, Any]:
        try:
            body = await request.json()
        except json.JSONDecodeError:
            raise bad_request("body must be JSON") from None
        if not isinstance(body, dict):
            raise bad_request("body must be a JSON object")
        return body

    async def _control(
        self, request: web.Request, action: Callable[[dict[str, Any]], Awaitable[Any]]
    ) -> web.Response:
        try:
            body = await self._json(request)
            result = await action(body)
        except ApiError as error:
            return _error_response(error)
        except (KeyError, TypeError, ValueError) as exc:
            return _error_response(bad_request(f"invalid control request: {exc!r}"))
        return web.json_response(result)

    async def handle_chats(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            kind, admin = str(body.get("type", "supergroup")), bool(body.get("bot_admin"))
            chat = self.state.add_chat(int(body["id"]), kind, body.get("title"), admin)
            chat.bot_left = not body.get("bot_member", True)  # made without the bot in it
            return {"id": chat.id, "type": chat.type, "title": chat.title, "bot_admin": admin}

        return await self._control(request, action)

    async def handle_users(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            user = self.state.add_user(
                int(body["id"]),
                str(body["first_name"]),
                body.get("username"),
                [int(c) for c in body.get("chats", [])],
                [int(c) for c in body.get("admin_of", [])],
                body.get("last_name"),
            )
            if body.get("started"):
                user.started = True
            return {"id": user.id, "chats": sorted(user.chats), "admin_of": sorted(user.admin_of)}

        return await self._control(request, action)

    async def handle_send(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            text = body.get("text")
            if not isinstance(text, str) or not text:
                raise bad_request("text is required")
            message_id, update_id = await self.state.user_message(
                int(body["chat_id"]),
                int(body["from_id"]),
                text=text,
                reply_to_message_id=body.get("reply_to_message_id"),
            )
            return {"message_id": message_id, "update_id": update_id}

        return await self._control(request, action)

    async def handle_press(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            query_id = await self.state.press(
                int(body["chat_id"]),
                int(body["from_id"]),
                int(body["message_id"]),
                body.get("data"),
                body.get("button"),
                forged=bool(body.get("forged")),
            )
            return {"callback_query_id": query_id}

        return await self._control(request, action)

    async def handle_inline(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            query_id = await self.state.inline(int(body["from_id"]), str(body.get("query", "")))
            return {"inline_query_id": query_id}

        return await self._control(request, action)

    async def handle_upload(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            try:
                content = base64.b64decode(str(body["content_base64"]), validate=True)
            except binascii.Error:
                raise bad_request("content_base64 is not valid base64") from None
            message_id, update_id = await self.state.upload(
                int(body["chat_id"]),
                int(body["from_id"]),
                str(body["file_name"]),
                content,
                body.get("caption"),
            )
            return {"message_id": message_id, "update_id": update_id}

        return await self._control(request, action)

    async def handle_poll_answer(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            update_id = await self.state.poll_answer(
                str(body["poll_id"]), int(body["from_id"]), [int(i) for i in body["option_ids"]]
            )
            return {"update_id": update_id}

        return await self._control(request, action)

    async def handle_outbox(self, request: web.Request) -> web.Response:
        try:
            after = int(request.query.get("after", "0"))
            wait = min(60.0, float(request.query.get("wait", "0")))
            chat_param = request.query.get("chat_id")
            chat_id = int(chat_param) if chat_param not in (None, "") else None
        except ValueError:
            return _error_response(bad_request("after, wait and chat_id must be numbers"))
        state = self.state
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        async with state.outbox_changed:
            state.outbox_waiters += 1
            try:
                while True:
                    entries = state.outbox_after(after, chat_id)
                    remaining = deadline - loop.time()
                    if entries or remaining <= 0 or state.closing:
                        break
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(state.outbox_changed.wait(), remaining)
            finally:
                state.outbox_waiters -= 1
        return web.json_response({"entries": entries})

    async def handle_file(self, request: web.Request) -> web.Response:
        stored = self.state.files.get(request.match_info["file_id"])
        if stored is None:
            return _error_response(ApiError(404, "Not Found: file not found"))
        return web.Response(
            body=stored.content,
            content_type="application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{stored.file_name}"'},
        )

    async def handle_idle(self, request: web.Request) -> web.Response:
        """The idle barrier (see bot.sandbox.idle): answers once nothing is left to happen
        because of the updates sent so far; 504 naming what is still busy after `timeout`."""

        async def action(body: dict[str, Any]) -> Any:
            timeout = min(60.0, float(body.get("timeout", 10.0)))
            try:
                await self.wait_idle(timeout)
            except TimeoutError as exc:
                raise ApiError(504, f"not idle after {timeout:g} s: {exc}") from None
            return {"idle": True}

        return await self._control(request, action)

    async def wait_idle(self, timeout: float = 10.0) -> None:
        state = self.state
        await state.activity.wait_idle(lambda: state.activity.reasons(state.unconfirmed()), timeout)

    def watch_bot(self, queue: TrackedUpdateQueue, name: str = "bot") -> Callable[[], None]:
        """Lets the idle barrier see the updates a bot in this process is still handling;
        returns the call that stops watching (when the bot stops)."""
        queue.on_change = self.state.activity.changed
        detach = self.state.activity.attach(name, lambda: queue.unfinished)

        def stop_watching() -> None:
            queue.on_change = None
            detach()

        return stop_watching

    async def handle_release_polls(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            await self.state.release_polls()
            return {"released": True}

        return await self._control(request, action)

    async def handle_hold_polls(self, request: web.Request) -> web.Response:
        return await self._control(request, self.state.delivery.control)

    async def handle_menus(self, request: web.Request) -> web.Response:
        """Every stored command list; with chat_id and user_id (and language_code) also the
        list that user sees in that chat, picked the way Telegram picks it."""
        state = self.state
        body: dict[str, Any] = {"menus": state.menus.dump()}
        query = request.query
        if query.get("chat_id") and query.get("user_id"):
            try:
                chat_id, user_id = int(query["chat_id"]), int(query["user_id"])
                chat = state.resolve_chat(chat_id)
            except (ValueError, ApiError) as exc:
                return _error_response(bad_request(f"invalid chat_id or user_id: {exc}"))
            user = state.users.get(user_id)
            key, commands = state.menus.effective(
                chat_id,
                user_id,
                private=chat.type == "private",
                admin=user is not None and chat_id in user.admin_of,
                language=query.get("language_code", ""),
            )
            body["effective"] = {
                "scope": key.scope() if key else None,
                "language_code": key.language_code if key else "",
                "commands": commands,
            }
        return web.json_response(body)

    async def handle_migrate(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            new_id = body.get("new_chat_id")
            from_id = body.get("from_id")
            return await migrate(
                self.state,
                int(body["chat_id"]),
                int(new_id) if new_id is not None else None,
                int(from_id) if from_id is not None else None,
            )

        return await self._control(request, action)

    async def handle_state(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "bot_username": BOT_USERNAME,
                "chats": [vars(c) for c in self.state.chats.values()],
                "users": [
                    {
                        "id": u.id,
                        "first_name": u.first_name,
                        "username": u.username,
                        "chats": sorted(u.chats),
                        "admin_of": sorted(u.admin_of),
                        "started": u.started,
                        "blocked": u.blocked,
                    }
                    for u in self.state.users.values()
                ],
                "pending_updates": len(self.state.updates),
                "unconfirmed_updates": self.state.unconfirmed(),
                "in_flight": dict(self.state.activity.in_flight),
                "held_polls": self.state.delivery.held,
                "deliveries": dict(self.state.delivery.deliveries),
                "calls": self.state.stats,
                "faults": self.state.faults.summary(),
                "flood": self.state.flood.summary(),
            }
        )
