"""Command menus the way Telegram keeps them: one list per (scope, language), and the order in
which Telegram picks the list a user sees in a chat (Bot API, "Determining list of commands").

Validation follows the Bot API server (telegram-bot-api and TDLib): an unknown scope type is
"Unsupported type specified", a chat scope needs a chat whose members the bot may read (a group
upgraded to a supergroup answers with the migration error), commands are 1-32 characters of
a-z, 0-9 and _, descriptions 1-256 characters, at most 100 commands per list, and a language is
empty or two lowercase letters. Setting an empty list deletes the list, as TDLib does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bot.sandbox.errors import bad_request

_COMMAND = re.compile(r"[a-z0-9_]{1,32}")
_LANGUAGE = re.compile(r"[a-z]{2}")
MAX_COMMANDS = 100
GLOBAL_SCOPES = ("default", "all_private_chats", "all_group_chats", "all_chat_administrators")
CHAT_SCOPES = ("chat", "chat_administrators", "chat_member")


@dataclass(frozen=True, order=True)
class MenuKey:
    """A normalised scope plus language; `chat_id`/`user_id` only for the chat scopes."""

    type: str
    chat_id: int | None = None
    user_id: int | None = None
    language_code: str = ""

    def scope(self) -> dict[str, Any]:
        """The scope as a Bot API BotCommandScope object."""
        scope: dict[str, Any] = {"type": self.type}
        if self.chat_id is not None:
            scope["chat_id"] = self.chat_id
        if self.user_id is not None:
            scope["user_id"] = self.user_id
        return scope


def parse_key(params: dict[str, Any], resolve_chat: Callable[[int | str], int]) -> MenuKey:
    """The menu a set/get/deleteMyCommands call addresses; `resolve_chat` checks a chat id the
    way the Bot API checks a chat whose members it reads, and returns the numeric id."""
    raw = params.get("scope")
    language = params.get("language_code") or ""
    if not isinstance(language, str) or (language and not _LANGUAGE.fullmatch(language)):
        raise bad_request("invalid language code specified")
    if raw is None or raw == "":
        return MenuKey("default", language_code=language)
    if not isinstance(raw, dict):
        raise bad_request("can't parse BotCommandScope: BotCommandScope must be an Object")
    kind = raw.get("type")
    if not isinstance(kind, str):
        raise bad_request('can\'t parse BotCommandScope: Field "type" must be of type String')
    if kind in GLOBAL_SCOPES:
        return MenuKey(kind, language_code=language)
    if kind not in CHAT_SCOPES:
        raise bad_request("can't parse BotCommandScope: Unsupported type specified")
    chat = raw.get("chat_id")
    if chat is None or chat == "":
        raise bad_request("can't parse BotCommandScope: Empty chat_id specified")
    user_id: int | None = None
    if kind == "chat_member":
        user = raw.get("user_id")
        if isinstance(user, bool) or not isinstance(user, int):
            raise bad_request('can\'t parse BotCommandScope: Field "user_id" must be a Number')
        if user <= 0:
            raise bad_request("can't parse BotCommandScope: Invalid user_id specified")
        user_id = user
    chat_ref: int | str = chat if isinstance(chat, int) else str(chat)
    return MenuKey(kind, resolve_chat(chat_ref), user_id, language)


def check_commands(raw: Any) -> list[dict[str, str]]:
    """The commands of a setMyCommands call, or Telegram's error for the first bad one.

    Like the Bot API server: text is trimmed and a leading "/" dropped before the length
    checks; characters outside a-z, 0-9 and _ (capitals too) are refused by Telegram itself.
    """
    if raw is None or raw == "":
        return []
    if not isinstance(raw, list):
        raise bad_request("expected an Array of BotCommand")
    commands: list[dict[str, str]] = []
    for item in raw:
        if not isinstance(item, dict):
            raise bad_request("can't parse BotCommand: expected an Object")
        for field in ("command", "description"):
            if field not in item:
                raise bad_request(f"can't parse BotCommand: Can't find field \"{field}\"")
            if not isinstance(item[field], str):
                raise bad_request(
                    f'can\'t parse BotCommand: Field "{field}" must be of type String'
                )
        name = str(item["command"]).strip().removeprefix("/")
        if not name:
            raise bad_request("command must be non-empty")
        if len(name) > 32:
            raise bad_request("command length must not exceed 32")
        description = str(item["description"]).strip()
        if not description:
            raise bad_request("command description must be non-empty")
        if len(description) > 256:
            raise bad_request("command description length must not exceed 256")
        if not _COMMAND.fullmatch(name):
            raise bad_request("BOT_COMMAND_INVALID")
        commands.append({"command": name, "description": description})
    if len(commands) > MAX_COMMANDS:
        raise bad_request("BOT_COMMANDS_TOO_MUCH")
    return commands


def lookup_order(
    chat_id: int, user_id: int, private: bool, admin: bool, language: str
) -> list[MenuKey]:
    """The lists Telegram tries, in order, for `user_id` in `chat_id`; the first set one wins."""
    scopes: list[MenuKey]
    if private:
        scopes = [MenuKey("chat", chat_id), MenuKey("all_private_chats"), MenuKey("default")]
    else:
        scopes = [MenuKey("chat_member", chat_id, user_id)]
        if admin:
            scopes.append(MenuKey("chat_administrators", chat_id))
        scopes.append(MenuKey("chat", chat_id))
        if admin:
            scopes.append(MenuKey("all_chat_administrators"))
        scopes += [MenuKey("all_group_chats"), MenuKey("default")]
    order: list[MenuKey] = []
    for key in scopes:
        if language:
            order.append(MenuKey(key.type, key.chat_id, key.user_id, language))
        order.append(key)
    return order


class Menus:
    """Every stored list of commands, keyed by scope and language."""

    def __init__(self) -> None:
        self.lists: dict[MenuKey, list[dict[str, str]]] = {}

    def set(self, key: MenuKey, commands: list[dict[str, str]]) -> None:
        # Telegram treats an empty list like a deleted one: higher-level lists show again.
        if commands:
            self.lists[key] = commands
        else:
            self.lists.pop(key, None)

    def get(self, key: MenuKey) -> list[dict[str, str]]:
        return list(self.lists.get(key, []))

    def delete(self, key: MenuKey) -> None:
        self.lists.pop(key, None)

    def effective(
        self, chat_id: int, user_id: int, private: bool, admin: bool, language: str
    ) -> tuple[MenuKey | None, list[dict[str, str]]]:
        """The list a user sees in a chat, and the key it was stored under (None: no menu)."""
        for key in lookup_order(chat_id, user_id, private, admin, language):
            if key in self.lists:
                return key, list(self.lists[key])
        return None, []

    def dump(self) -> list[dict[str, Any]]:
        """Every stored list, for the control API, in a stable order."""
        return [
            {"scope": key.scope(), "language_code": key.language_code, "commands": commands}
            for key, commands in sorted(self.lists.items(), key=lambda kv: _sort_key(kv[0]))
        ]

    def legacy_view(self) -> dict[str, list[dict[str, str]]]:
        """{scope JSON: commands} for lists without a language (the old `state.commands`)."""
        return {
            json.dumps(key.scope(), sort_keys=True): list(commands)
            for key, commands in self.lists.items()
            if not key.language_code
        }


def _sort_key(key: MenuKey) -> tuple[int, int, int, str]:
    order = (*GLOBAL_SCOPES, *CHAT_SCOPES)
    return (order.index(key.type), key.chat_id or 0, key.user_id or 0, key.language_code)
