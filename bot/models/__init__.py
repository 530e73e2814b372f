"""Core tables of the application shell. Leaf packages define their own tables."""

from bot.models.audit import AuditEvent
from bot.models.contacts import Contact
from bot.models.conversation import ConversationState
from bot.models.messages import Message
from bot.models.scheduled import ScheduledItem
from bot.models.schools import School, SchoolCode
from bot.models.workers import DispatchWorker

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
