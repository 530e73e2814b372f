"""Conversation state: the contact's active flow, its step, slots and re-ask count, and the runs beneath it.

``stack`` holds the runs the active flow interrupted or called (``flows/session.py``), outermost first,
each as ``{"flow", "step", "slots", "expires_at", "retries"}``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, Integer
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime, empty_list


class ConversationState(SQLModel, table=True):
    __tablename__ = "conversation_state"

    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    flow: str | None = Field(default=None, max_length=40)
    step: str | None = Field(default=None, max_length=40)
    slots: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    expires_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    paused: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    stack: list[dict[str, Any]] = Field(
        default_factory=empty_list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )
    retries: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    updated_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
