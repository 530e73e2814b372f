"""The referral table: a self-referral (or a parent's) waiting for the team to triage it.

``story`` is what the person wrote about what is going on, in their words: shown only by ``referrals show``
(audited), never logged or put in audit details.

``safe_to_say`` / ``voicemail`` (a referral by call): may the team say who they are, and leave a voicemail,
if someone else answers. ``safe_answer`` is ``"given"`` (they answered) or ``"not known"`` (they gave up on
the question, or it was never understood: both are then False, not safe). All three are None for a referral
made another way, and for one made before the intake asked (not asked: treated as not safe).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import Column, Index
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

Status = Literal["new", "accepted", "signposted", "declined"]
STATUSES: tuple[Status, ...] = ("new", "accepted", "signposted", "declined")
ForWhom = Literal["self", "child", "other"]
ContactBy = Literal["text", "call", "school"]
CONTACT_BY: tuple[ContactBy, ...] = ("text", "call", "school")
SAFE_ANSWERS = ("given", "not known")


class Referral(SQLModel, table=True):
    __tablename__ = "referral"
    __table_args__ = (Index("ix_referral_status_created", "status", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=12, unique=True)
    contact_id: int = Field(foreign_key="contact.id", index=True)
    for_whom: str = Field(default="self", max_length=8)
    age: int | None = Field(default=None)
    school_id: int | None = Field(default=None, foreign_key="school.id")
    school_name: str | None = Field(default=None, max_length=200)
    story: str = Field(max_length=1600)
    contact_by: str = Field(default="text", max_length=8)
    phone: str | None = Field(default=None, max_length=20)
    safe_to_say: bool | None = Field(default=None)
    voicemail: bool | None = Field(default=None)
    safe_answer: str | None = Field(default=None, max_length=12)
    consent: bool = Field(default=False)
    status: str = Field(default="new", max_length=16)
    reason: str | None = Field(default=None, max_length=500)
    triaged_by: str | None = Field(default=None, max_length=40)
    triaged_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class ReferralNote(SQLModel, table=True):
    """A note for the team on a referral (never sent, never in the audit log)."""

    __tablename__ = "referral_note"

    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id", index=True)
    at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    by: str = Field(max_length=40)
    text: str = Field(max_length=1000)
