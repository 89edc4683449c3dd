"""What every Bot API method of the sandbox shares: parameter coercion and Telegram's checks
of chats, markup, text and stored messages."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from telegram import Message
from telegram.constants import InlineKeyboardButtonLimit

from bot.html_check import HtmlParseError, check_html
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.state import SandboxState

Params = dict[str, Any]
Method = Callable[["ApiBase", str, Params], Awaitable[Any]]

_JSON_FIELDS = {
    "reply_markup", "allowed_updates", "options", "commands", "results", "entities",
    "reply_parameters", "link_preview_options", "caption_entities", "scope", "button",
}  # fmt: skip
_INT_FIELDS = {
    "chat_id", "message_id", "offset", "limit", "timeout", "reply_to_message_id", "user_id",
    "cache_time", "open_period", "correct_option_id", "max_connections",
}  # fmt: skip
_BOOL_FIELDS = {
    "disable_notification", "is_anonymous", "allows_multiple_answers", "show_alert",
    "protect_content", "drop_pending_updates", "is_personal", "disable_web_page_preview",
}  # fmt: skip


def coerce(params: Params) -> Params:
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


def int_param(params: Params, key: str, required: bool = True) -> int | None:
    value = params.get(key)
    if value is None:
        if required:
            raise bad_request(f"{key} is empty")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_request(f'field "{key}" must be a Number')
    return value


def replied_to(params: Params) -> int | None:
    reply = params.get("reply_parameters")
    if isinstance(reply, dict) and isinstance(reply.get("message_id"), int):
        return int(reply["message_id"])
    value = params.get("reply_to_message_id")
    return value if isinstance(value, int) else None


class ApiBase:
    """The state and the checks the method groups share."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def _target_chat(self, params: Params) -> int:
        chat_id = int_param(params, "chat_id")
        assert chat_id is not None
        chat = self.state.resolve_chat(chat_id, "write")
        if chat.type == "private":
            user = self.state.users[chat_id]
            if user.blocked:
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            if not user.started:
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
        chat_id = int_param(params, "chat_id")
        message_id = int_param(params, "message_id")
        assert chat_id is not None and message_id is not None
        self.state.resolve_chat(chat_id, access)
        stored = self.state.messages.get((chat_id, message_id))
        if stored is None:
            raise bad_request(f"message to {action} not found")
        return chat_id, message_id, stored
