"""The Bot API as the sandbox implements it: the method table, faults, flood limits, and the
methods about the bot itself, updates, chats, members and command menus."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from telegram import ChatFullInfo
from telegram._gifts import AcceptedGiftTypes

from bot.sandbox.api_base import Method, Params, coerce, int_param
from bot.sandbox.api_messages import MessageMethods
from bot.sandbox.delivery import allowed_setting
from bot.sandbox.errors import ApiError, bad_request
from bot.sandbox.faults import RESPONSE_LOST, fault_error
from bot.sandbox.menu_button import MenuButtonMethods
from bot.sandbox.menus import MenuKey, check_commands, parse_key
from bot.sandbox.state import SandboxState
from bot.sandbox.webhook import WebhookDelivery, WebhookMethods


class BotApi(MessageMethods, WebhookMethods, MenuButtonMethods):
    """Implements the Bot API methods the bot uses, with Telegram's validation."""

    def __init__(self, state: SandboxState) -> None:
        super().__init__(state)
        self.webhook = WebhookDelivery(state)
        self.methods: dict[str, Method] = {
            name[4:].lower(): getattr(type(self), name)
            for name in dir(type(self))
            if name.startswith("api_")
        }

    async def call(self, token: str, method: str, params: Params) -> Any:
        bot = self.state.bot_user(token)
        if bot.id in self.state.revoked:
            raise ApiError(401, "Unauthorized")
        self.state.last_bot = bot  # the bot control calls such as add_bot act on
        handler = self.methods.get(method.lower())
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        self.state.stats[method] = self.state.stats.get(method, 0) + 1
        fault = self.state.take_fault(method)
        if fault is None:
            return await self._admitted(handler, token, method, params)
        if fault.kind != "drop_after":
            raise fault_error(fault)
        lost = RESPONSE_LOST.set(True)
        try:
            await self._admitted(handler, token, method, params)
        except ApiError:
            pass  # refused, so nothing happened; the bot still sees only the dropped connection
        finally:
            RESPONSE_LOST.reset(lost)
        raise fault_error(fault)

    async def _admitted(self, handler: Method, token: str, method: str, params: Params) -> Any:
        """The call, unless the flood limits refuse it first (then it has no effect)."""
        coerced = coerce(params)
        self.state.flood.admit(method, coerced)
        return await handler(self, token, coerced)

    async def api_getMe(self, token: str, params: Params) -> Any:
        return self.state.bot_user(token).to_dict()

    async def api_logOut(self, token: str, params: Params) -> Any:
        return True

    async def api_close(self, token: str, params: Params) -> Any:
        return True

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
        self.refuse_polling()
        offset = int_param(params, "offset", required=False) or 0
        limit = max(1, min(100, int_param(params, "limit", required=False) or 100))
        timeout = max(0, min(50, int_param(params, "timeout", required=False) or 0))
        state = self.state
        if not await state.delivery.admit(offset):  # held back, then dropped: it never arrived
            raise ApiError(0, "dropped", drop=True)
        allowed = allowed_setting(params.get("allowed_updates"), state.allowed_updates)
        if allowed != state.allowed_updates:
            state.allowed_updates = allowed
            state.activity.changed()
        generation = state.poll_generation
        deadline = asyncio.get_running_loop().time() + timeout
        state.confirm(offset)  # on arrival, once: a negative offset must not eat later updates
        async with state.updates_changed:
            while True:
                wanted = [u for u in state.updates if state.deliverable(u)][:limit]
                remaining = deadline - asyncio.get_running_loop().time()
                if wanted or remaining <= 0 or state.poll_generation != generation:
                    return wanted
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(state.updates_changed.wait(), remaining)

    async def api_getChat(self, token: str, params: Params) -> Any:
        chat_id = int_param(params, "chat_id")
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
            bot = self.state.bot_user(token).to_dict()
            chat = self.state.chats.get(chat_id)
            if chat is not None and chat.bot_admin:
                return {**ADMIN_RIGHTS, "status": "administrator", "user": bot}
            return {"status": "member", "user": bot}
        user = self.state.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if chat_id in user.admin_of:
            return {**ADMIN_RIGHTS, "status": "administrator", "user": user.to_user().to_dict()}
        status = "member" if chat_id in user.chats else "left"
        return {"status": status, "user": user.to_user().to_dict()}

    async def api_getChatMember(self, token: str, params: Params) -> Any:
        chat_id = int_param(params, "chat_id")
        user_id = int_param(params, "user_id")
        assert chat_id is not None and user_id is not None
        own = user_id == self.state.bot_user(token).id
        chat = self.state.resolve_chat(chat_id, "read" if own else "members")
        if chat.type == "private":
            if user_id != chat_id:
                raise bad_request("user not found")
            return {"status": "member", "user": self.state.users[user_id].to_user().to_dict()}
        return self._member(chat_id, user_id, token)

    async def api_getChatAdministrators(self, token: str, params: Params) -> Any:
        chat_id = int_param(params, "chat_id")
        assert chat_id is not None
        self.state.resolve_chat(chat_id, "members")
        return [
            self._member(chat_id, user.id, token)
            for user in self.state.users.values()
            if chat_id in user.admin_of
        ]

    async def api_leaveChat(self, token: str, params: Params) -> Any:
        chat_id = int_param(params, "chat_id")
        assert chat_id is not None
        chat = self.state.resolve_chat(chat_id, "write")
        if chat.type == "private":
            raise bad_request("chat member status can't be changed in private chats")
        chat.bot_left = True
        return True

    async def api_getChatMemberCount(self, token: str, params: Params) -> Any:
        chat_id = int_param(params, "chat_id")
        assert chat_id is not None
        self.state.resolve_chat(chat_id, "members")
        return 1 + sum(chat_id in u.chats for u in self.state.users.values())


ADMIN_RIGHTS: dict[str, Any] = {
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
