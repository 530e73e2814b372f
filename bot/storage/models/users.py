"""Practitioners: staff accounts for the dashboard and the people the duty rota names.

Dashboard sign-in (``bot/features/practitioners/accounts.py``): ``must_change_password`` forces a new
password at the next sign-in; ``failed_logins`` and ``locked_until`` lock an account after repeated
failures; ``api_token_hash`` is the SHA-256 of the one API token (``waymark users token``); ``schools``
holds the school ids a practitioner or school lead works with.

Alerts reach a practitioner through the same outbox as everything else: their alert address is a
``contact`` row (``contact_id``), created when the account is made. Passwords are argon2 hashes.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

Role = Literal["practitioner", "duty_clinician", "school_lead", "manager", "admin"]
# `manager` is the service manager the alert ladder pages last (safeguarding.rota.manager); on the
# dashboard a manager works the duty queue like a duty clinician.
ROLES: tuple[Role, ...] = ("practitioner", "duty_clinician", "school_lead", "manager", "admin")
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
    must_change_password: bool = Field(default=False)
    failed_logins: int = Field(default=0)
    locked_until: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    last_login_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
    api_token_hash: str | None = Field(default=None, max_length=64, index=True)
    schools: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
