"""The member's rights under the AVG (GDPR): see what is stored, have it removed, and stored
vote records that expire.

A removal keeps what others rely on: a pharmacy's vote still counts and a closed result never
changes; the link to the person is cut (a random pseudonym replaces the user id).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.chats import ChatDirectory
from bot.polls.records import Proxy
from bot.privacy_summary import summary_lines, wanted_ids
from bot.storage import Storage


@dataclass(frozen=True)
class MyData:
    json_file: bytes
    summary: list[str]  # HTML lines, user text escaped


PROXY_ENDED_REASON = "verwijderd"  # stored with the proxy, shown in the board's export


@dataclass(frozen=True)
class Forgotten:
    """What /vergeetmij removed (rows per table) and the proxies it ended."""

    removed: dict[str, int]
    ended_proxies: list[Proxy]


class PrivacyService:
    def __init__(
        self,
        storage: Storage,
        retention_days: int,
        question_days: int = 365,
        chats: ChatDirectory | None = None,
    ) -> None:
        self.storage = storage
        self.chats = chats
        self.retention_days = retention_days
        self.question_days = question_days

    async def export(self, user_id: int, now: datetime, tz: ZoneInfo) -> MyData:
        """Everything stored about them: complete as JSON, and readable as Dutch lines."""
        personal = await self.storage.privacy.personal_data(user_id)
        board = await self.storage.privacy.board_actions(user_id)
        data: dict[str, Any] = {
            "telegram_user_id": user_id,
            "exported_utc": now.isoformat(timespec="seconds"),
            "tables": personal,
            # Kept after /vergeetmij: the board's accountability (README, privacy).
            "board_actions": board,
        }
        names = await self.storage.privacy.names(*wanted_ids(personal))
        return MyData(
            json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8"),
            summary_lines(user_id, personal, board, names, tz),
        )

    async def has_board_actions(self, user_id: int) -> bool:
        return bool(await self.storage.privacy.board_actions(user_id))

    async def forget(self, user_id: int, now: datetime) -> Forgotten:
        """Removes them; the proxies they held on open votes end, and their givers must hear
        it (they would think someone still votes for their pharmacy)."""
        # The proxies they hold on open votes end: nobody can use them any more, and lists
        # would show a holder without a name. Proxies they gave stay: the pharmacy's choice
        # of who votes for it does not depend on the giver's stored name.
        held = [
            p
            for p in await self.storage.electorate.user_proxies(user_id)
            if p.holder_user_id == user_id
        ]
        # Negative and random: never a real Telegram user id, and not derivable from one.
        pseudonym = -secrets.randbelow(10**12) - 1
        removed = await self.storage.privacy.forget(
            user_id, pseudonym, now, [p.id for p in held], PROXY_ENDED_REASON
        )
        if self.chats is not None:
            self.chats.forget(user_id)  # their next message is stored as a new user's
        told = [p for p in held if p.grantor_user_id not in (None, user_id)]
        return Forgotten(removed, told)

    async def prune(self, now: datetime) -> int:
        removed = 0
        if self.retention_days > 0:
            removed += await self.storage.privacy.prune_vote_records(
                now - timedelta(days=self.retention_days)
            )
        if self.question_days > 0:
            removed += await self.storage.privacy.prune_questions(
                now - timedelta(days=self.question_days)
            )
        return removed
