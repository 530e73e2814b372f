"""Messages: the inbox (direction ``in``) and the outbox (direction ``out``) in one table."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime, empty_list

# inbound statuses
RECEIVED = "received"
PROCESSED = "processed"
# outbound statuses (forward-only: queued -> sending -> sent -> delivered, or failed/undelivered)
QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
UNDELIVERED = "undelivered"
FAILED = "failed"
SKIPPED = "skipped"
# a send may have happened before a crash and the channel cannot say (Telegram): not sent again
IN_DOUBT = "in_doubt"
_QUEUED_OUT = "direction = 'out' AND status = 'queued'"


class Message(SQLModel, table=True):
    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("channel", "provider_id", name="uq_message_channel_provider_id"),
        Index("ix_message_outbox", "direction", "status", "priority", "next_attempt_at"),
        # the dispatcher's due order: only queued outbound rows, led by the two columns its query fixes so
        # that SQLite's planner (no statistics) picks it (migration 0013_contact_waiting)
        Index(
            "ix_message_queued_out",
            "direction",
            "status",
            "priority",
            "id",
            postgresql_where=text(_QUEUED_OUT),
            sqlite_where=text(_QUEUED_OUT),
        ),
        Index("ix_message_contact_created", "contact_id", "created_at"),
        # a contact's texts in one state (waiting, queued): never their whole history (migration 0013)
        Index("ix_message_contact_waiting", "contact_id", "direction", "status", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id")
    direction: str = Field(max_length=3)
    channel: str = Field(max_length=16)
    provider_id: str | None = Field(default=None, max_length=128)
    body: str
    choices: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON, nullable=False))
    kind: str = Field(default="reply", max_length=40)
    status: str = Field(max_length=16)
    priority: int = Field(default=20)
    segments: int = Field(default=1)
    encoding: str = Field(default="GSM-7", max_length=8)
    attempts: int = Field(default=0)
    next_attempt_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    claimed_until: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    # the dispatcher worker (bot/messaging/workers.py) holding the claim, and when it claimed the row
    claimed_by: str | None = Field(default=None, max_length=32)
    claimed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    # set when a claim ended without an answer from the provider (claimant died, lease ran out): the text
    # may have been sent since this time, so the provider is asked before it is sent again
    unconfirmed_since: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    error_code: str | None = Field(default=None, max_length=32)
    error: str | None = Field(default=None, max_length=500)
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    processed_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    sent_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    delivered_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
