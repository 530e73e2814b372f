"""Core tables of the application shell. Leaf packages define their own tables."""

from bot.models.audit import AuditEvent
from bot.models.contacts import Contact
from bot.models.conversation import ConversationState
from bot.models.messages import Message
from bot.models.scheduled import ScheduledItem
from bot.models.schools import School, SchoolCode

__all__ = ["AuditEvent", "Contact", "ConversationState", "Message", "ScheduledItem", "School", "SchoolCode"]
