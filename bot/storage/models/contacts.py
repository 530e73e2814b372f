"""Contacts: one row per (channel, address): a phone number on SMS, a chat id on Telegram."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (UniqueConstraint("channel", "address", name="uq_contact_channel_address"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(max_length=16)
    address: str = Field(max_length=64)
    language: str = Field(default="en", max_length=8)
    opted_out: bool = Field(default=False)
    opted_out_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    unreachable: bool = Field(default=False)
    unreachable_reason: str | None = Field(default=None, max_length=64)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    joined_school_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    first_seen: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    last_seen: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
