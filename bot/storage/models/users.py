"""Practitioners: staff accounts for the dashboard and the people the duty rota names.

Alerts reach a practitioner through the same outbox as everything else: their alert address is a
``contact`` row (``contact_id``), created when the account is made. Passwords are argon2 hashes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

Role = Literal["practitioner", "duty_clinician", "manager", "admin"]
ROLES: tuple[Role, ...] = ("practitioner", "duty_clinician", "manager", "admin")
AlertChannel = Literal["sms", "telegram"]


class Practitioner(SQLModel, table=True):
    __tablename__ = "practitioner"

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=40, unique=True)
    display_name: str = Field(max_length=120)
    role: str = Field(default="practitioner", max_length=20)
    password_hash: str | None = Field(default=None, max_length=200)
    alert_channel: str = Field(default="sms", max_length=16)
    alert_address: str = Field(max_length=64)
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True)
    active: bool = Field(default=True)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
