"""PTB's HTTPXRequest with retries of 5xx answers and network errors (tenacity).

AIORateLimiter already retries 429 (it sits above the request and sees `RetryAfter`); this
layer sits below it and retries what the limiter does not: 5xx answers and dropped or timed-out
connections, with bounded exponential backoff and jitter.

A failed call is one of two kinds, and the difference decides whether a retry can double a
message:
- *not sent*: the connection could not be made (connect error, connect or pool timeout), or
  Telegram answered 500/502/503: the call had no effect, so repeating it is always safe;
- *outcome unknown*: the request went out and the answer never came (connection dropped,
  read timeout, 504): Telegram may have carried the call out. Repeating it may send a message
  twice; not repeating it may lose it.

Ordinary replies take the duplicate rather than the loss, so unknown outcomes are retried too.
Sends that the database tracks (reminders, poll results) run inside `at_most_once()`: then an
unknown outcome is not retried here but raised as `OutcomeUnknown`, so the caller can record it
and decide when to try again (see `bot.delivery.ledger`).

When a retry after an unknown outcome is refused in a way that proves the first attempt took
effect (the callback query was answered, the message is already deleted or already edited),
the call counts as done.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from telegram.error import NetworkError
from telegram.request import HTTPXRequest, RequestData
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    retry_if_result,
    stop_after_attempt,
    wait_exponential_jitter,
)

from bot.logsetup import redact

log = logging.getLogger("bot.delivery")

Answer = tuple[int, bytes]
_NOT_SENT_CAUSES = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_SAFE_STATUSES = frozenset({500, 502, 503})  # Telegram did not carry the call out
_UNKNOWN_STATUSES = frozenset({504})  # a gateway gave up waiting: it may have been done
_DONE_OK = json.dumps({"ok": True, "result": True}).encode()
# (method prefix, phrase of the 400 answer) that, after an attempt with an unknown outcome,
# mean that attempt took effect.
_ALREADY_DONE = (
    ("answercallbackquery", "query is too old"),
    ("deletemessage", "message to delete not found"),
    ("editmessage", "message is not modified"),
)
_QUIET_REFUSALS = ("message is not modified",)

_AT_MOST_ONCE: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "rao_bot_at_most_once", default=False
)


class OutcomeUnknown(NetworkError):
    """The request went out and no answer came back: Telegram may or may not have done it."""


@contextlib.contextmanager
def at_most_once() -> Iterator[None]:
    """Calls made in this block are not repeated after an unknown outcome (see module doc)."""
    token = _AT_MOST_ONCE.set(True)
    try:
        yield
    finally:
        _AT_MOST_ONCE.reset(token)


@dataclass(frozen=True)
class RetryPolicy:
    """`attempts` in all; waits start at `first_wait` s, double, stop growing at `max_wait` s,
    and get up to `first_wait` s of random jitter so a crowd of retries spreads out."""

    attempts: int = 6
    first_wait: float = 0.5
    max_wait: float = 8.0


def _description(payload: bytes) -> str:
    try:
        data = json.loads(payload.decode("utf-8", "replace"))
    except ValueError:
        return "unreadable answer"
    return str(data.get("description", "")) if isinstance(data, dict) else "unreadable answer"


def _chat_of(request_data: RequestData | None) -> object:
    if request_data is None:
        return None
    params = request_data.parameters
    return params.get("chat_id", params.get("user_id"))


class RetryingRequest(HTTPXRequest):
    """The bot's HTTP client; one instance for the Bot API calls, another for getUpdates."""

    def __init__(self, policy: RetryPolicy | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.policy = policy or RetryPolicy()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        write_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        connect_timeout: Any = HTTPXRequest.DEFAULT_NONE,
        pool_timeout: Any = HTTPXRequest.DEFAULT_NONE,
    ) -> Answer:
        endpoint = url.rsplit("/", 1)[-1]  # never log `url`: it holds the token
        strict = _AT_MOST_ONCE.get()
        maybe_done = False
        send = super().do_request

        async def attempt() -> Answer:
            nonlocal maybe_done
            try:
                code, payload = await send(
                    url,
                    method,
                    request_data=request_data,
                    read_timeout=read_timeout,
                    write_timeout=write_timeout,
                    connect_timeout=connect_timeout,
                    pool_timeout=pool_timeout,
                )
            except NetworkError as exc:  # TimedOut included
                if isinstance(exc.__cause__, _NOT_SENT_CAUSES):
                    raise
                maybe_done = True
                raise OutcomeUnknown(f"no answer after the request went out: {exc}") from exc
            if code in _UNKNOWN_STATUSES:
                maybe_done = True
                if strict:
                    raise OutcomeUnknown(f"{code}: {_description(payload)}")
            if code == 400 and maybe_done and self._already_done(endpoint, payload):
                log.info(
                    "%s to chat %s took effect before its answer was lost",
                    endpoint,
                    _chat_of(request_data),
                )
                return 200, _DONE_OK
            return code, payload

        def retry_exception(exc: BaseException) -> bool:
            if isinstance(exc, OutcomeUnknown):
                return not strict
            return isinstance(exc, NetworkError)

        def retry_answer(answer: Answer) -> bool:
            return answer[0] in _SAFE_STATUSES or (answer[0] in _UNKNOWN_STATUSES and not strict)

        def last_outcome(state: RetryCallState) -> Answer:
            assert state.outcome is not None
            result: Answer = state.outcome.result()  # re-raises the last error
            return result

        policy = self.policy
        retrying = AsyncRetrying(
            stop=stop_after_attempt(policy.attempts),
            wait=wait_exponential_jitter(
                multiplier=policy.first_wait, max=policy.max_wait, jitter=policy.first_wait
            ),
            retry=retry_if_exception(retry_exception) | retry_if_result(retry_answer),
            retry_error_callback=last_outcome,
            before_sleep=lambda state: self._log_retry(endpoint, request_data, state),
        )
        try:
            answer: Answer = await retrying(attempt)
            code, payload = answer
        except NetworkError as exc:
            self._log_failure(endpoint, request_data, str(exc), unknown=maybe_done)
            raise
        if code >= 400 and code != 429:
            self._log_failure(endpoint, request_data, _description(payload) or str(code), code)
        return code, payload

    @staticmethod
    def _already_done(endpoint: str, payload: bytes) -> bool:
        description = _description(payload).lower()
        lowered = endpoint.lower()
        return any(lowered.startswith(m) and p in description for m, p in _ALREADY_DONE)

    @staticmethod
    def _log_retry(endpoint: str, request_data: RequestData | None, state: RetryCallState) -> None:
        outcome = state.outcome
        if outcome is None:
            return
        reason = str(outcome.exception()) if outcome.failed else f"status {outcome.result()[0]}"
        log.debug(
            "retrying %s to chat %s (attempt %d): %s",
            endpoint,
            _chat_of(request_data),
            state.attempt_number,
            redact(reason),
        )

    @staticmethod
    def _log_failure(
        endpoint: str,
        request_data: RequestData | None,
        reason: str,
        code: int | None = None,
        unknown: bool = False,
    ) -> None:
        """A message that finally failed: chat, method and reason, never the URL."""
        if endpoint == "getUpdates" or code == 401:
            return  # the polling loop, or whoever gets InvalidToken, reports these
        if code is not None and 400 <= code < 500:
            quiet = any(phrase in reason for phrase in _QUIET_REFUSALS)
            level = logging.DEBUG if quiet else logging.INFO
            what = "refused"
        else:
            level = logging.WARNING
            what = "outcome unknown" if unknown else "failed"
        log.log(
            level,
            "delivery %s: %s to chat %s: %s",
            what,
            endpoint,
            _chat_of(request_data),
            redact(reason),
        )


def bot_requests(api_url: str, policy: RetryPolicy) -> tuple[RetryingRequest, RetryingRequest]:
    """(request for Bot API calls, request for getUpdates), as `ApplicationBuilder` wants them.

    A local API (the sandbox) is never reached through a proxy from the environment."""
    local = api_url.startswith(("http://127.", "http://localhost"))
    httpx_kwargs: dict[str, Any] = {"trust_env": False} if local else {}
    calls = RetryingRequest(
        policy, connection_pool_size=64 if local else 256, httpx_kwargs=httpx_kwargs
    )
    updates = RetryingRequest(policy, httpx_kwargs=dict(httpx_kwargs))
    return calls, updates
