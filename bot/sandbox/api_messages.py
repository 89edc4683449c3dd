"""Bot API methods that send, edit and delete messages, polls and files, and answer queries."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from telegram import Document, PhotoSize
from telegram.constants import MessageLimit, PollLimit

from bot.sandbox.api_base import ApiBase, Params, replied_to
from bot.sandbox.errors import bad_request

DELETE_WINDOW_SECONDS = 48 * 3600


class MessageMethods(ApiBase):
    async def api_sendMessage(self, token: str, params: Params) -> Any:
        chat_id = self._target_chat(params)
        text = str(params.get("text") or "")
        parse_mode = params.get("parse_mode")
        plain = self._render(text, parse_mode, MessageLimit.MAX_TEXT_LENGTH, "message text")
        markup = self._check_markup(params)
        reply_to = replied_to(params)
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
        """As the Bot API allows it: messages younger than 48 hours; in a private chat any
        message, in a group the bot's own, and others' only as an administrator with the right
        to delete messages."""
        chat_id, message_id, stored = self._stored(params, "delete", "write")
        chat = self.state.resolve_chat(chat_id)
        sender = (stored.get("from") or {}).get("id")
        own = sender == self.state.bot_user(token).id
        age = datetime.now(UTC).timestamp() - float(stored.get("date") or 0)
        if age > DELETE_WINDOW_SECONDS:
            raise bad_request("message can't be deleted")
        if chat.type != "private" and not own and not chat.bot_admin:
            raise bad_request("message can't be deleted")
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
