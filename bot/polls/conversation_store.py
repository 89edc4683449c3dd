"""Where the private conversations' states live between messages: the database, plus the set
of users with an open conversation, so the message filter can tell at once (without a query)
whether a private text belongs to a conversation or is a question for the knowledge base.

The set is rebuilt from the database at start-up; the database stays the truth.
"""

from __future__ import annotations

from bot.polls.conversations import State, dump_state, load_state
from bot.storage import Storage


class Conversations:
    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self.active: set[int] = set()

    async def restore(self) -> None:
        self.active = await self.storage.polls.conversation_user_ids()

    def is_active(self, user_id: int) -> bool:
        return user_id in self.active

    async def load(self, user_id: int) -> State | None:
        """The user's conversation; None when there is none (one of no known kind is ended)."""
        stored = await self.storage.polls.conversation(user_id)
        if stored is None:
            self.active.discard(user_id)
            return None
        state = load_state(stored.kind, stored.state)
        if state is None:
            await self.clear(user_id)
        return state

    async def save(self, user_id: int, state: State) -> None:
        await self.storage.polls.set_conversation(user_id, state.flow.value, dump_state(state))
        self.active.add(user_id)

    async def clear(self, user_id: int) -> bool:
        """Ends the user's conversation; false when there was none."""
        self.active.discard(user_id)
        return await self.storage.polls.clear_conversation(user_id)
