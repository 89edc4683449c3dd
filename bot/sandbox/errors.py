"""Errors the sandbox answers in Telegram's shape, shared by the state and the API modules."""

from __future__ import annotations

from typing import Any

from aiohttp import web


class ApiError(Exception):
    """An error answered in Telegram's shape; `parameters` become the ResponseParameters."""

    def __init__(
        self,
        code: int,
        description: str,
        retry_after: int | None = None,
        drop: bool = False,
        parameters: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after
        self.drop = drop
        self.parameters = dict(parameters or {})
        if retry_after is not None:
            self.parameters["retry_after"] = retry_after


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


def chat_migrated(new_chat_id: int) -> ApiError:
    """What the Bot API answers when a bot writes to (or reads the members of) a basic group
    that was upgraded; PTB turns it into `telegram.error.ChatMigrated`."""
    return ApiError(
        400,
        "Bad Request: group chat was upgraded to a supergroup chat",
        parameters={"migrate_to_chat_id": new_chat_id},
    )


def error_response(error: ApiError) -> web.Response:
    """The HTTP answer Telegram gives for `error`."""
    body: dict[str, Any] = {
        "ok": False,
        "error_code": error.code,
        "description": error.description,
    }
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.code if error.code >= 400 else 500)


def too_many_requests(retry_after: int) -> ApiError:
    """Telegram's 429, the same for an injected fault and a flood limit."""
    return ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after=retry_after)
