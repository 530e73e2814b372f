"""Core tables of the application shell. Leaf packages define their own tables."""

from bot.storage.models.audit import AuditEvent
from bot.storage.models.contacts import Contact
from bot.storage.models.conversation import ConversationState
from bot.storage.models.messages import Message
from bot.storage.models.scheduled import ScheduledItem
from bot.storage.models.schools import School, SchoolCode
from bot.storage.models.workers import DispatchWorker

__all__ = [
    "AuditEvent",
    "Contact",
    "ConversationState",
    "DispatchWorker",
    "Message",
    "ScheduledItem",
    "School",
    "SchoolCode",
]
