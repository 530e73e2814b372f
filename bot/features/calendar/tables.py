"""School term dates. Bank holidays are not stored: they come from the ``holidays`` library."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class SchoolTerm(SQLModel, table=True):
    """One term (or half term) of a school, from ``waymark schools terms import`` (first and last day)."""

    __tablename__ = "school_term"
    __table_args__ = (UniqueConstraint("school_id", "start", name="uq_school_term_start"),)

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    name: str = Field(max_length=40)
    start: dt.date
    end: dt.date
