"""Private texts that answer one of the voting feature's conversations, and /stop.

Conversation state lives in the database (`bot.polls.conversation_store`); the in-memory set
of users with an open conversation only lets the message filter decide quickly whether a
private text belongs to a conversation or is a question for the knowledge base.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ApplicationHandlerStop, filters

from bot.context import BotContext
from bot.handlers.polls import guided, registration
from bot.polls.conversation_store import Conversations
from bot.polls.conversations import RegistrationState
from bot.texts import guided as guided_texts


class InConversation(filters.MessageFilter):
    """True for private texts of users with an open conversation (see module docstring)."""

    def __init__(self, conversations: Conversations) -> None:
        super().__init__(name="InConversation")
        self.conversations = conversations

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and self.conversations.is_active(user.id)


async def conversation_text(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    state = await context.polls.conversations.load(user.id)
    if state is None:
        return  # not ours after all: the knowledge handler may answer it
    if isinstance(state, RegistrationState):
        await registration.registration_step(message, context, user, state)
    else:
        await guided.mandate_step(message, context, user, state)
    raise ApplicationHandlerStop


async def cancel_command(update: Update, context: BotContext) -> None:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    if await context.polls.conversations.clear(user.id):
        await message.reply_text(guided_texts.CANCELLED)
    else:
        await message.reply_text(guided_texts.NOTHING_TO_CANCEL)
