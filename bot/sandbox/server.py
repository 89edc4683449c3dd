"""HTTP face of the sandbox: the Bot API at /bot<token>/<method>, control JSON at /sandbox/."""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiohttp import BodyPartReader, web
from telegram import ChatFullInfo, Document, Message, PhotoSize
from telegram._gifts import AcceptedGiftTypes
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit, PollLimit

from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.html_check import HtmlParseError, check_html
from bot.sandbox.idle import TrackedUpdateQueue
from bot.sandbox.menus import MenuKey, check_commands, parse_key
from bot.sandbox.migration import migrate
from bot.sandbox.state import BOT_USERNAME, Fault, SandboxState

Params = dict[str, Any]
Method = Callable[["BotApi", str, Params], Awaitable[Any]]

_JSON_FIELDS = {
    "reply_markup", "allowed_updates", "options", "commands", "results", "entities",
    "reply_parameters", "link_preview_options", "caption_entities", "scope", "button",
}  # fmt: skip
_NOT_WORK = {"getupdates"}  # a waiting long poll is the bot being idle, not busy
_INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id", "user_id",
    "cache_time", "open_period", "correct_option_id",
}  # fmt: skip
_BOOL_FIELDS = {
    "disable_notification", "is_anonymous", "allows_multiple_answers", "show_alert",
    "protect_content", "drop_pending_updates", "is_personal", "disable_web_page_preview",
}  # fmt: skip


def _coerce(params: Params) -> Params:
    """PTB sends ints, bools and objects JSON-encoded inside form fields; strings stay raw."""
    out: Params = {}
    for key, value in params.items():
        if isinstance(value, str) and key in _JSON_FIELDS | _INT_FIELDS | _BOOL_FIELDS:
            try:
                value = json.loads(value)
            except json.JSONDecodeError:
                if key in _INT_FIELDS and not value.startswith("@"):
                    raise bad_request(f'field "{key}" must be a Number') from None
        out[key] = value
    return out


def _int(params: Params, key: str, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None:
        if required:
            raise bad_request(f"{key} is empty")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f'field "{key}" must be a Number')
    return value


class BotApi:
    """Implements the Bot API methods the bot uses, with Telegram's validation."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self.methods: dict[str, Method] = {
            name[4:].lower(): getattr(type(self), name)
            for name in dir(type(self))
            if name.startswith("api_")
        }

    async def call(self, token: str, method: str, params: Params) -> Any:
        handler = self.methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self.state.stats[method] = self.state.stats.get(method, 0) + 1
        fault = self.state.take_fault(method)
        if fault is not None:
            raise _fault_error(fault)
        return await handler(self, token, _coerce(params))

    # --- helpers --------------------------------------------------------------------------

    def _target_chat(self, params: Params) -> int:
        chat_id = _int(params, "chat_id")
        assert chat_id is not None
        chat = self.state.resolve_chat(chat_id, "write")
        if chat.type == "private" and not self.state.users[chat_id].started:
            raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
        return chat_id

    def _check_markup(self, params: Params) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        for row in markup.get("inline_keyboard") or []:
            for button in row:
                data = button.get("callback_data")
                if data is not None and not (
                    1 <= len(data.encode()) <= InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
                ):
                    raise bad_request("BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise bad_request("BUTTON_TEXT_EMPTY? text of an inline button is empty")
        return markup

    @staticmethod
    def _render(text: str, parse_mode: str | None, limit: int, what: str) -> str:
        if parse_mode and parse_mode.upper() == "HTML":
            try:
                plain = check_html(text)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:
            plain = text
        if not plain.strip():
            raise bad_request(f"{what} is empty")
        if len(plain) > limit:
            raise bad_request(
                "message is too long" if what == "message text" else f"{what} is too long"
            )
        return plain

    def _bot_message(
        self, token: str, chat_id: int, markup: dict[str, Any] | None, **fields: Any
    ) -> dict[str, Any]:
        message_id = self.state.next_message_id(chat_id)
        message = Message(
            message_id=message_id,
            date=datetime.now(UTC),
            chat=self.state.resolve_chat(chat_id).to_chat(),
            from_user=self.state.bot_user(token),
            **fields,
        )
        payload = message.to_dict()
        if markup is not None:
            payload["reply_markup"] = markup
        self.state.messages[(chat_id, message_id)] = payload
        return payload

    def _stored(
        self, params: Params, action: str, access: str = "edit"
    ) -> tuple[int, int, dict[str, Any]]:
        chat_id = _int(params, "chat_id")
        message_id = _int(params, "message_id")
        assert chat_id is not None and message_id is not None
        self.state.resolve_chat(chat_id, access)
        stored = self.state.messages.get((chat_id, message_id))
        if stored is None:
            raise bad_request(f"message to {action} not found")
        return chat_id, message_id, stored

    # --- methods --------------------------------------------------------------------------

    async def api_getMe(self, token: str, params: Params) -> Any:
        return self.state.bot_user(token).to_dict()

    async def api_logOut(self, token: str, params: Params) -> Any:
        return True

    async def api_close(self, token: str, params: Params) -> Any:
        return True

    async def api_deleteWebhook(self, token: str, params: Params) -> Any:
        if params.get("drop_pending_updates"):
            self.state.updates.clear()
            self.state.activity.changed()
        return True

    async def api_getWebhookInfo(self, token: str, params: Params) -> Any:
        return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}

    def _menu_key(self, params: Params) -> MenuKey:
        def chat_for_scope(ref: int | str) -> int:
            if isinstance(ref, str):
                if not ref.lstrip("-").isdigit():
                    raise bad_request("chat not found")
                ref = int(ref)
            self.state.resolve_chat(ref, "members")
            return ref

        return parse_key(params, chat_for_scope)

    async def api_setMyCommands(self, token: str, params: Params) -> Any:
        commands = check_commands(params.get("commands"))
        self.state.menus.set(self._menu_key(params), commands)
        return True

    async def api_getMyCommands(self, token: str, params: Params) -> Any:
        return self.state.menus.get(self._menu_key(params))

    async def api_deleteMyCommands(self, token: str, params: Params) -> Any:
        self.state.menus.delete(self._menu_key(params))
        return True

    async def api_getUpdates(self, token: str, params: Params) -> Any:
        offset = _int(params, "offset", required=False) or 0
        limit = max(1, min(100, _int(params, "limit", required=False) or 100))
        timeout = max(0, min(50, _int(params, "timeout", required=False) or 0))
        allowed = params.get("allowed_updates")
        if isinstance(allowed, list) and allowed:
            self.state.allowed_updates = [str(a) for a in allowed]
            self.state.activity.changed()
        state = self.state
        generation = state.poll_generation
        deadline = asyncio.get_running_loop().time() + timeout
        async with state.updates_changed:
            while True:
                if offset:
                    state.confirm(offset)
                wanted = [u for u in state.updates if state.deliverable(u)][:limit]
                remaining = deadline - asyncio.get_running_loop().time()
                if wanted or remaining <= 0 or state.poll_generation != generation:
                    return wanted
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(state.updates_changed.wait(), remaining)

    async def api_getChat(self, token: str, params: Params) -> Any:
        chat_id = _int(params, "chat_id")
        assert chat_id is not None
        chat = self.state.resolve_chat(chat_id, "read")
        full = ChatFullInfo(
            id=chat.id,
            type=chat.type,
            title=chat.title,
            username=chat.username,
            first_name=chat.first_name,
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types=AcceptedGiftTypes(False, False, False, False, False),
        )
        return full.to_dict()

    def _member(self, chat_id: int, user_id: int, token: str) -> dict[str, Any]:
        if user_id == self.state.bot_user(token).id:
            return {"status": "member", "user": self.state.bot_user(token).to_dict()}
        user = self.state.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat_id in user.admin_of:
            return {
                "status": "administrator",
                "user": user.to_user().to_dict(),
                "can_be_edited": False,
                "is_anonymous": False,
                "can_manage_chat": True,
                "can_delete_messages": True,
                "can_manage_video_chats": True,
                "can_restrict_members": True,
                "can_promote_members": False,
                "can_change_info": True,
                "can_invite_users": True,
                "can_post_stories": False,
                "can_edit_stories": False,
                "can_delete_stories": False,
                "can_pin_messages": True,
                "can_manage_topics": False,
                "can_manage_direct_messages": False,
            }
        status = "member" if chat_id in user.chats else "left"
        return {"status": status, "user": user.to_user().to_dict()}

    async def api_getChatMember(self, token: str, params: Params) -> Any:
        chat_id = _int(params, "chat_id")
        user_id = _int(params, "user_id")
        assert chat_id is not None and user_id is not None
        own = user_id == self.state.bot_user(token).id
        chat = self.state.resolve_chat(chat_id, "read" if own else "members")
        if chat.type == "private":
            if user_id != chat_id:
                raise bad_request("user not found")
            return {"status": "member", "user": self.state.users[user_id].to_user().to_dict()}
        return self._member(chat_id, user_id, token)

    async def api_getChatAdministrators(self, token: str, params: Params) -> Any:
        chat_id = _int(params, "chat_id")
        assert chat_id is not None
        self.state.resolve_chat(chat_id, "members")
        return [
            self._member(chat_id, user.id, token)
            for user in self.state.users.values()
            if chat_id in user.admin_of
        ]

    async def api_getChatMemberCount(self, token: str, params: Params) -> Any:
        chat_id = _int(params, "chat_id")
        assert chat_id is not None
        self.state.resolve_chat(chat_id, "members")
        return 1 + sum(chat_id in u.chats for u in self.state.users.values())

    async def api_sendMessage(self, token: str, params: Params) -> Any:
        chat_id = self._target_chat(params)
        text = str(params.get("text") or "")
        parse_mode = params.get("parse_mode")
        plain = self._render(text, parse_mode, MessageLimit.MAX_TEXT_LENGTH, "message text")
        markup = self._check_markup(params)
        reply_to = _reply_to(params)
        payload = self._bot_message(token, chat_id, markup, text=plain)
        if reply_to is not None:
            payload["reply_to_message_id_hint"] = reply_to
        await self.state.record(
            {
                "method": "sendMessage",
                "chat_id": chat_id,
                "message_id": payload["message_id"],
                "text": plain,
                "html": text if parse_mode else None,
                "reply_markup": markup,
                "reply_to_message_id": reply_to,
            }
        )
        payload.pop("reply_to_message_id_hint", None)
        return payload

    async def api_editMessageText(self, token: str, params: Params) -> Any:
        if params.get("inline_message_id"):
            return True
        chat_id, message_id, stored = self._stored(params, "edit")
        text = str(params.get("text") or "")
        parse_mode = params.get("parse_mode")
        plain = self._render(text, parse_mode, MessageLimit.MAX_TEXT_LENGTH, "message text")
        markup = self._check_markup(params)
        if stored.get("text") == plain and stored.get("reply_markup") == markup:
            raise bad_request(
                "message is not modified: specified new message content and reply markup are "
                "exactly the same as a current content and reply markup of the message"
            )
        stored["text"] = plain
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        stored["edit_date"] = int(datetime.now(UTC).timestamp())
        await self.state.record(
            {
                "method": "editMessageText",
                "chat_id": chat_id,
                "message_id": message_id,
                "text": plain,
                "html": text if parse_mode else None,
                "reply_markup": markup,
            }
        )
        return stored

    async def api_editMessageReplyMarkup(self, token: str, params: Params) -> Any:
        if params.get("inline_message_id"):
            return True
        chat_id, message_id, stored = self._stored(params, "edit")
        markup = self._check_markup(params)
        if stored.get("reply_markup") == markup:
            raise bad_request("message is not modified")
        if markup is None:
            stored.pop("reply_markup", None)
        else:
            stored["reply_markup"] = markup
        await self.state.record(
            {
                "method": "editMessageReplyMarkup",
                "chat_id": chat_id,
                "message_id": message_id,
                "text": stored.get("text") or stored.get("caption"),
                "reply_markup": markup,
            }
        )
        return stored

    async def api_deleteMessage(self, token: str, params: Params) -> Any:
        chat_id, message_id, _ = self._stored(params, "delete", "write")
        del self.state.messages[(chat_id, message_id)]
        await self.state.record(
            {"method": "deleteMessage", "chat_id": chat_id, "message_id": message_id}
        )
        return True

    async def api_answerCallbackQuery(self, token: str, params: Params) -> Any:
        query_id = str(params.get("callback_query_id") or "")
        query = self.state.callback_queries.get(query_id)
        if query is None or query["answered"]:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        query["answered"] = True
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        await self.state.record(
            {
                "method": "answerCallbackQuery",
                "callback_query_id": query_id,
                "text": text,
                "show_alert": bool(params.get("show_alert")),
            }
        )
        return True

    async def api_answerInlineQuery(self, token: str, params: Params) -> Any:
        query_id = str(params.get("inline_query_id") or "")
        if query_id not in self.state.inline_queries:
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        self.state.inline_queries.discard(query_id)
        results = params.get("results")
        if not isinstance(results, list) or len(results) > 50:
            raise bad_request(
                "RESULTS_TOO_MUCH" if isinstance(results, list) else "results invalid"
            )
        ids = [r.get("id") for r in results]
        if len(set(ids)) != len(ids):
            raise bad_request("RESULT_ID_DUPLICATE")
        for result in results:
            content = result.get("input_message_content") or {}
            text = content.get("message_text")
            if text is not None:
                self._render(text, content.get("parse_mode"), 4096, "message text")
        await self.state.record(
            {"method": "answerInlineQuery", "inline_query_id": query_id, "results": results}
        )
        return True

    async def api_sendPoll(self, token: str, params: Params) -> Any:
        chat_id = self._target_chat(params)
        question = str(params.get("question") or "")
        if not PollLimit.MIN_QUESTION_LENGTH <= len(question) <= PollLimit.MAX_QUESTION_LENGTH:
            raise bad_request("POLL_QUESTION_INVALID")
        raw_options = params.get("options")
        if not isinstance(raw_options, list):
            raise bad_request("options must be an array")
        options = [str(o.get("text") if isinstance(o, dict) else o) for o in raw_options]
        minimum = max(2, int(getattr(PollLimit, "MIN_OPTION_NUMBER", 2)))
        if len(options) < minimum:
            raise bad_request(f"poll must have at least {minimum} option")
        if len(options) > PollLimit.MAX_OPTION_NUMBER:
            raise bad_request(f"poll can't have more than {PollLimit.MAX_OPTION_NUMBER} options")
        if any(not 1 <= len(o) <= PollLimit.MAX_OPTION_LENGTH for o in options):
            raise bad_request("POLL_OPTION_INVALID")
        is_anonymous = params.get("is_anonymous")
        poll = self.state.make_poll(
            question,
            options,
            is_anonymous=True if is_anonymous is None else bool(is_anonymous),
            allows_multiple_answers=bool(params.get("allows_multiple_answers")),
        )
        markup = self._check_markup(params)
        payload = self._bot_message(token, chat_id, markup, poll=poll)
        await self.state.record(
            {
                "method": "sendPoll",
                "chat_id": chat_id,
                "message_id": payload["message_id"],
                "poll_id": poll.id,
                "question": question,
                "options": options,
            }
        )
        return payload

    async def api_stopPoll(self, token: str, params: Params) -> Any:
        chat_id, message_id, stored = self._stored(params, "stop")
        poll = stored.get("poll")
        if poll is None:
            raise bad_request("message with poll to stop not found")
        if poll["is_closed"]:
            raise bad_request("poll has already been closed")
        poll["is_closed"] = True
        self.state.polls[poll["id"]] = poll
        await self.state.record(
            {"method": "stopPoll", "chat_id": chat_id, "message_id": message_id}
        )
        return poll

    async def _send_file(
        self, token: str, params: Params, field: str, method: str
    ) -> dict[str, Any]:
        chat_id = self._target_chat(params)
        upload = params.get(field)
        caption = params.get("caption")
        plain_caption = None
        if caption:
            plain_caption = self._render(str(caption), params.get("parse_mode"), 1024, "caption")
        markup = self._check_markup(params)
        if isinstance(upload, tuple):
            file_name, content = upload
            stored = self.state.store_file(file_name, content)
        elif isinstance(upload, str) and upload in self.state.files:
            stored = self.state.files[upload]
        else:
            raise bad_request(f"there is no {field} in the request")
        if not stored.content:
            raise bad_request("file must be non-empty")
        extra: dict[str, Any]
        if field == "photo":
            extra = {
                "photo": [
                    PhotoSize(stored.file_id, stored.file_unique_id, 800, 600, len(stored.content))
                ]
            }
        else:
            extra = {
                "document": Document(
                    stored.file_id,
                    stored.file_unique_id,
                    file_name=stored.file_name,
                    file_size=len(stored.content),
                )
            }
        payload = self._bot_message(token, chat_id, markup, caption=plain_caption, **extra)
        await self.state.record(
            {
                "method": method,
                "chat_id": chat_id,
                "message_id": payload["message_id"],
                "text": plain_caption,
                "file_name": stored.file_name,
                "size": len(stored.content),
                "file_id": stored.file_id,
                "reply_markup": markup,
            }
        )
        return payload

    async def api_sendDocument(self, token: str, params: Params) -> Any:
        return await self._send_file(token, params, "document", "sendDocument")

    async def api_sendPhoto(self, token: str, params: Params) -> Any:
        return await self._send_file(token, params, "photo", "sendPhoto")

    async def api_sendChatAction(self, token: str, params: Params) -> Any:
        self._target_chat(params)
        return True

    async def api_getFile(self, token: str, params: Params) -> Any:
        file_id = str(params.get("file_id") or "")
        stored = self.state.files.get(file_id)
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": f"documents/{stored.file_id}",
        }


def _reply_to(params: Params) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
        return int(reply["message_id"])
    value = params.get("reply_to_message_id")
    return value if isinstance(value, int) else None


def _fault_error(fault: Fault) -> ApiError:
    if fault.drop:
        return ApiError(0, "dropped", drop=True)
    if fault.error_code == 429:
        retry = fault.retry_after if fault.retry_after is not None else 1
        return ApiError(429, f"Too Many Requests: retry after {retry}", retry_after=retry)
    description = fault.description or {
        400: "Bad Request: injected fault",
        403: "Forbidden: injected fault",
        500: "Internal Server Error",
        502: "Bad Gateway",
    }.get(fault.error_code, "Injected fault")
    return ApiError(fault.error_code, description)


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.code,
        "description": error.description,
    }
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.code if error.code >= 400 else 500)


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


class SandboxServer:
    """The aiohttp application plus start/stop helpers for tests, the demo and the CLI."""

    def __init__(self) -> None:
        self.state = SandboxState()
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
                web.post("/sandbox/faults", self.handle_faults),
                web.get("/sandbox/outbox", self.handle_outbox),
                web.get("/sandbox/files/{file_id}", self.handle_file),
                web.get("/sandbox/state", self.handle_state),
                web.post("/sandbox/idle", self.handle_idle),
                web.post("/sandbox/release_polls", self.handle_release_polls),
                web.get("/sandbox/menus", self.handle_menus),
                web.post("/sandbox/migrate", self.handle_migrate),
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
            chat = self.state.add_chat(
                int(body["id"]), str(body.get("type", "supergroup")), body.get("title")
            )
            return {"id": chat.id, "type": chat.type, "title": chat.title}

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

    async def handle_faults(self, request: web.Request) -> web.Response:
        async def action(body: dict[str, Any]) -> Any:
            fault = Fault(
                method=str(body.get("method", "*")),
                error_code=int(body.get("error_code", 500)),
                count=int(body.get("count", 1)),
                retry_after=body.get("retry_after"),
                description=body.get("description"),
                drop=bool(body.get("drop", False)),
            )
            self.state.faults.append(fault)
            return {"queued": len(self.state.faults)}

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
                    }
                    for u in self.state.users.values()
                ],
                "pending_updates": len(self.state.updates),
                "unconfirmed_updates": self.state.unconfirmed(),
                "in_flight": dict(self.state.activity.in_flight),
                "calls": self.state.stats,
            }
        )


class SandboxThread:
    """Runs a sandbox on its own event loop in a daemon thread (demo and benchmarks)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.requested_port = host, port
        self.server: SandboxServer | None = None
        self.loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sandbox", daemon=True)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.server = SandboxServer()
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
