"""A small async client for the sandbox's control API, used by tests, benchmarks and the demo."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable
from typing import Any

import aiohttp

Entry = dict[str, Any]


class SandboxClientError(RuntimeError):
    pass


class SandboxClient:
    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._session: aiohttp.ClientSession | None = None
        self.seen = 0  # highest outbox seq consumed by `expect`

    async def __aenter__(self) -> SandboxClient:
        self._session = aiohttp.ClientSession(trust_env=False)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(trust_env=False)
        return self._session

    async def post(self, path: str, body: dict[str, Any]) -> Any:
        async with self.session.post(f"{self.base_url}/sandbox/{path}", json=body) as response:
            data = await response.json()
            if response.status != 200:
                raise SandboxClientError(f"{path}: {data.get('description')}")
            return data

    async def chat(
        self,
        chat_id: int,
        title: str,
        chat_type: str = "supergroup",
        bot_admin: bool = False,
        bot_member: bool = True,
    ) -> Any:
        """Creates a group ("group" for a basic group that can be upgraded, "supergroup");
        `bot_admin` makes the bot an administrator that may delete members' messages;
        `bot_member=False` makes it without the bot (add it later with `add_bot`)."""
        body = {"id": chat_id, "type": chat_type, "title": title, "bot_admin": bot_admin}
        return await self.post("chats", {**body, "bot_member": bot_member})

    async def add_bot(self, chat_id: int, by: int, admin: bool = False) -> dict[str, Any]:
        """User `by` adds the bot to the group (as administrator with `admin`), or promotes or
        demotes it if it is in already: the bot gets a `my_chat_member` update (see
        bot.sandbox.membership). Returns {"chat_id", "old_status", "new_status",
        "update_ids"}."""
        status = "administrator" if admin else "member"
        result: dict[str, Any] = await self.post(
            "bot_status", {"chat_id": chat_id, "by": by, "status": status}
        )
        return result

    async def remove_bot(self, chat_id: int, by: int) -> dict[str, Any]:
        """Administrator `by` removes the bot from the group: a `my_chat_member` update, after
        which the bot gets nothing from the group and may not write to it."""
        result: dict[str, Any] = await self.post(
            "bot_status", {"chat_id": chat_id, "by": by, "status": "removed"}
        )
        return result

    async def user(
        self,
        user_id: int,
        first_name: str,
        username: str | None = None,
        chats: list[int] | None = None,
        admin_of: list[int] | None = None,
        started: bool = False,
    ) -> Any:
        return await self.post(
            "users",
            {
                "id": user_id,
                "first_name": first_name,
                "username": username,
                "chats": chats or [],
                "admin_of": admin_of or [],
                "started": started,
            },
        )

    async def send(
        self, chat_id: int, from_id: int, text: str, reply_to_message_id: int | None = None
    ) -> dict[str, int]:
        result: dict[str, int] = await self.post(
            "send",
            {
                "chat_id": chat_id,
                "from_id": from_id,
                "text": text,
                "reply_to_message_id": reply_to_message_id,
            },
        )
        return result

    async def press(
        self,
        chat_id: int,
        from_id: int,
        message_id: int,
        data: str | None = None,
        button: str | None = None,
        *,
        forged: bool = False,
    ) -> str:
        """Presses a button; `forged=True` sends `data` that is on no button of the message."""
        body: dict[str, Any] = {"chat_id": chat_id, "from_id": from_id, "message_id": message_id}
        if button is not None:
            body["button"] = button
        else:
            body["data"] = data
        if forged:
            body["forged"] = True
        result = await self.post("press", body)
        return str(result["callback_query_id"])

    async def inline(self, from_id: int, query: str) -> str:
        result = await self.post("inline", {"from_id": from_id, "query": query})
        return str(result["inline_query_id"])

    async def upload(
        self, chat_id: int, from_id: int, file_name: str, content: bytes, caption: str | None = None
    ) -> dict[str, int]:
        result: dict[str, int] = await self.post(
            "upload",
            {
                "chat_id": chat_id,
                "from_id": from_id,
                "file_name": file_name,
                "content_base64": base64.b64encode(content).decode(),
                "caption": caption,
            },
        )
        return result

    async def fault(self, method: str, error_code: int, count: int = 1, **extra: Any) -> Any:
        """Queues `count` faults for `method` ("*": any). `retry_after=` for a 429;
        `drop=True` drops the connection instead of answering, `when="after"` only after the
        call took effect (the outbox entry then carries `response_lost`)."""
        return await self.post(
            "faults", {"method": method, "error_code": error_code, "count": count, **extra}
        )

    async def chaos(
        self,
        rate: float,
        kinds: list[str] | None = None,
        methods: list[str] | None = None,
        seed: int | None = None,
        retry_after: int = 1,
    ) -> dict[str, Any]:
        """Fails `rate` of all calls (to `methods`) with random `kinds` of fault (429, 5xx,
        drop_before, drop_after); rate 0 stops. Returns the counts injected so far."""
        result: dict[str, Any] = await self.post(
            "chaos",
            {
                "rate": rate,
                "kinds": kinds,
                "methods": methods,
                "seed": seed,
                "retry_after": retry_after,
            },
        )
        return result

    async def flood(
        self,
        enabled: bool | None = None,
        *,
        group: tuple[int, float] | None = None,
        private: tuple[int, float] | None = None,
        overall: tuple[int, float] | None = None,
        tolerance: float | None = None,
        reset: bool = False,
    ) -> dict[str, Any]:
        """Switches Telegram's flood limits on or off (see bot.sandbox.flood); rates are
        (count, period in seconds) over Telegram's figures. Without arguments it only reads.
        Returns {"enabled", "limits", "refused", "by_method", "by_rule", "by_chat"}: what the
        limits refused with 429 so far (`reset` clears that first)."""
        body: dict[str, Any] = {"enabled": enabled, "reset": reset, "tolerance": tolerance}
        for name, rate in (("group", group), ("private", private), ("overall", overall)):
            if rate is not None:
                body[name] = {"count": rate[0], "period": rate[1]}
        result: dict[str, Any] = await self.post("flood", body)
        return result

    async def block(self, user_id: int, blocked: bool = True) -> None:
        """The user blocks the bot (or unblocks it); writing to the bot again unblocks too."""
        await self.post("block", {"user_id": user_id, "blocked": blocked})

    async def revoke(self, bot_id: int, revoked: bool = True) -> None:
        """Revokes the token of bot `bot_id`: every Bot API call answers 401 Unauthorized."""
        await self.post("revoke", {"bot_id": bot_id, "revoked": revoked})

    async def outbox(
        self, after: int = 0, chat_id: int | None = None, wait: float = 0
    ) -> list[Entry]:
        params: dict[str, str] = {"after": str(after), "wait": str(wait)}
        if chat_id is not None:
            params["chat_id"] = str(chat_id)
        async with self.session.get(f"{self.base_url}/sandbox/outbox", params=params) as response:
            data = await response.json()
            entries: list[Entry] = data["entries"]
            return entries

    async def file(self, file_id: str) -> bytes:
        async with self.session.get(f"{self.base_url}/sandbox/files/{file_id}") as response:
            if response.status != 200:
                raise SandboxClientError(f"file {file_id} not found")
            return await response.read()

    async def state(self) -> Any:
        async with self.session.get(f"{self.base_url}/sandbox/state") as response:
            return await response.json()

    async def expect(
        self,
        predicate: Callable[[Entry], bool],
        timeout: float = 5.0,
        chat_id: int | None = None,
    ) -> Entry:
        """Waits for the first new outbox entry matching `predicate`, consuming what it passes."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("no matching outbox entry")
            entries = await self.outbox(self.seen, chat_id, wait=min(remaining, 5.0))
            for entry in entries:
                self.seen = max(self.seen, int(entry["seq"]))
                if predicate(entry):
                    return entry

    async def find(self, predicate: Callable[[Entry], bool], timeout: float = 10.0) -> Entry:
        """The first entry, old or new, matching `predicate`; unlike `expect` it consumes nothing
        and waits by long-polling the outbox."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        after = 0
        entries = await self.outbox(0)
        while True:
            for entry in entries:
                after = max(after, int(entry["seq"]))
                if predicate(entry):
                    return entry
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("no matching outbox entry")
            entries = await self.outbox(after, wait=min(remaining, 5.0))

    async def idle(self, timeout: float = 10.0) -> None:
        """Returns once the sandbox is idle: every update sent so far was fetched and confirmed
        by the bot, no Bot API request is under way, and a bot watched in this process (see
        `SandboxServer.watch_bot`) has finished handling every update it received. Raises
        TimeoutError naming what was still busy. Semantics and limits: `bot.sandbox.idle`."""
        body = {"timeout": timeout}
        async with self.session.post(f"{self.base_url}/sandbox/idle", json=body) as response:
            data = await response.json()
            if response.status == 504:
                raise TimeoutError(str(data.get("description")))
            if response.status != 200:
                raise SandboxClientError(f"idle: {data.get('description')}")

    async def settle(self, chat_id: int | None = None, timeout: float = 10.0) -> list[Entry]:
        """Waits for `idle()`, then returns what is new since the last consumed entry (in
        `chat_id` only, if given) and consumes it: the way to assert that nothing was sent."""
        await self.idle(timeout)
        entries = await self.outbox(self.seen, chat_id)
        if entries:
            self.seen = max(int(e["seq"]) for e in entries)
        return entries

    async def release_polls(self) -> None:
        """Answers every waiting getUpdates at once (a bot about to stop need not wait out its
        long-poll timeout)."""
        await self.post("release_polls", {})

    async def hold_polls(self) -> None:
        """Holds back every getUpdates that would confirm an update sent from now on, before
        its offset confirms anything (a crash test kills the bot while it waits); polls that
        confirm nothing new go on, so the bot still receives the updates. `held_polls` in
        `state()` counts the waiting ones."""
        await self.post("hold_polls", {"hold": True})

    async def release_held(self, *, drop: bool = False) -> int:
        """Ends the hold: held getUpdates go on, or with `drop` end unseen (their sender was
        killed, so they must not confirm anything); returns how many were held."""
        result = await self.post("hold_polls", {"hold": False, "drop": drop})
        return int(result["released"])

    async def deliveries(self) -> dict[int, int]:
        """{update id: how often getUpdates handed it to a caller still listening}."""
        state = await self.state()
        return {int(k): int(v) for k, v in state["deliveries"].items()}

    async def menus(self) -> list[dict[str, Any]]:
        """Every command list the bot stored: [{"scope", "language_code", "commands"}], where
        scope is the BotCommandScope object ({"type": "default"}, {"type": "chat", "chat_id":
        …}, …) and commands the [{"command", "description"}] list as set."""
        async with self.session.get(f"{self.base_url}/sandbox/menus") as response:
            data = await response.json()
            menus: list[dict[str, Any]] = data["menus"]
            return menus

    async def menu(
        self, chat_id: int, user_id: int, language_code: str = ""
    ) -> list[dict[str, str]]:
        """The commands `user_id` sees in `chat_id`, chosen by Telegram's scope order."""
        params = {"chat_id": str(chat_id), "user_id": str(user_id)}
        if language_code:
            params["language_code"] = language_code
        async with self.session.get(f"{self.base_url}/sandbox/menus", params=params) as response:
            data = await response.json()
            if response.status != 200:
                raise SandboxClientError(f"menus: {data.get('description')}")
            commands: list[dict[str, str]] = data["effective"]["commands"]
            return commands

    async def migrate(
        self, chat_id: int, new_chat_id: int | None = None, from_id: int | None = None
    ) -> dict[str, Any]:
        """Upgrades basic group `chat_id` to a supergroup as Telegram does (see
        bot.sandbox.migration); returns {"chat_id", "new_chat_id", "update_ids"}."""
        result: dict[str, Any] = await self.post(
            "migrate", {"chat_id": chat_id, "new_chat_id": new_chat_id, "from_id": from_id}
        )
        return result

    async def sync(self) -> None:
        """Skips everything in the outbox so far."""
        entries = await self.outbox(self.seen)
        if entries:
            self.seen = max(int(e["seq"]) for e in entries)
