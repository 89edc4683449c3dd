"""Telegram's initData check (core.telegram.org/bots/webapps, "Validating data received via
the Mini App"), against a data-check-string computed here independently."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from urllib.parse import parse_qsl, urlencode

import pytest

from bot.web.initdata import MAX_AGE, InitDataError, sign, validate

TOKEN = "123456:TEST-token_abc"
OTHER = "654321:other-bot_token"


def by_the_docs(fields: dict[str, str], token: str) -> str:
    """The documented algorithm, written out separately from bot.web.initdata."""
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()


def test_valid_init_data_gives_the_user() -> None:
    fields = {
        "auth_date": str(int(time.time())),
        "query_id": "AAHdF6IQAAAAAN0XohDhrOrc",
        "user": json.dumps({"id": 11, "first_name": "Bea", "username": "bea"}),
    }
    fields["hash"] = by_the_docs(fields, TOKEN)
    user = validate(urlencode(fields), TOKEN)
    assert (user.id, user.first_name, user.username) == (11, "Bea", "bea")


def test_signed_data_matches_the_documented_hash() -> None:
    fields = dict(parse_qsl(sign(TOKEN, 12, "Piet")))
    supplied = fields.pop("hash")
    assert supplied == by_the_docs(fields, TOKEN)
    assert validate(sign(TOKEN, 12, "Piet"), TOKEN).id == 12


def test_forged_hash_is_refused() -> None:
    fields = dict(parse_qsl(sign(TOKEN, 12, "Piet")))
    fields["user"] = fields["user"].replace('"id":12', '"id":11')  # pretend to be the board
    with pytest.raises(InitDataError, match="hash"):
        validate(urlencode(fields), TOKEN)
    fields = dict(parse_qsl(sign(TOKEN, 12, "Piet")))
    fields["hash"] = "0" * 64
    with pytest.raises(InitDataError, match="hash"):
        validate(urlencode(fields), TOKEN)


def test_expired_init_data_is_refused() -> None:
    old = int(time.time()) - MAX_AGE - 5
    with pytest.raises(InitDataError, match="expired"):
        validate(sign(TOKEN, 11, "Bea", auth_date=old), TOKEN)
    fresh_enough = int(time.time()) - MAX_AGE + 60
    assert validate(sign(TOKEN, 11, "Bea", auth_date=fresh_enough), TOKEN).id == 11


def test_another_bots_init_data_is_refused() -> None:
    with pytest.raises(InitDataError, match="hash"):
        validate(sign(OTHER, 11, "Bea"), TOKEN)


@pytest.mark.parametrize("data", ["", "auth_date=1", "hash=abc", "user=%7B%7D&auth_date=1"])
def test_missing_or_incomplete_init_data_is_refused(data: str) -> None:
    with pytest.raises(InitDataError):
        validate(data, TOKEN)


def test_duplicate_fields_are_refused() -> None:
    with pytest.raises(InitDataError, match="duplicate"):
        validate(sign(TOKEN, 11, "Bea") + "&auth_date=1", TOKEN)
