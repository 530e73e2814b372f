"""Schools and their join codes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from bot.storage.models.types import UTCDateTime


class School(SQLModel, table=True):
    __tablename__ = "school"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200)
    local_authority: str = Field(max_length=120, index=True)
    team_contact: str | None = Field(default=None, max_length=200)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class SchoolCode(SQLModel, table=True):
    """A join code. Stored upper-case; unique across all schools, retired codes included."""

    __tablename__ = "school_code"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    code: str = Field(max_length=10, unique=True)
    created_at: dt.datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    retired_at: dt.datetime | None = Field(default=None, sa_column=Column(UTCDateTime, nullable=True))
