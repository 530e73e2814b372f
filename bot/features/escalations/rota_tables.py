"""The duty rota as stored: one row per slot, and one settings row (the manager, and that the rota lives
here now). Seeded from config.yml's ``safeguarding.rota`` while the settings row is missing
(``rota_store.seed_rota``); read only through ``rota_store.load_rota``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime

SHIFT, ON_CALL, OVERRIDE = "shift", "on_call", "override"
SLOT_KINDS = (SHIFT, ON_CALL, OVERRIDE)


class RotaSlot(SQLModel, table=True):
    """A weekly shift, an on-call entry (``days`` is a comma list of mon..sun) or a dated change
    (``on_date``). Local times; an end not after the start runs past midnight."""

    __tablename__ = "rota_slot"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(max_length=10)
    days: str = Field(default="", max_length=40)
    on_date: dt.date | None = None
    start: dt.time
    end: dt.time
    primary: str = Field(max_length=40)
    backup: str | None = Field(default=None, max_length=40)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    created_by: str = Field(max_length=80)


class RotaSetting(SQLModel, table=True):
    """The one settings row (id 1). Its presence means the rota is kept in the database."""

    __tablename__ = "rota_setting"

    id: int | None = Field(default=None, primary_key=True)
    manager: str | None = Field(default=None, max_length=40)
    seeded_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_by: str = Field(max_length=80)
