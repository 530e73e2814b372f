"""The escalation table: one row per flagged (or concern) message, worked by the duty team.

Leaf package: ``contact_id`` and ``message_id`` are plain integer columns (no foreign key into the shell's
tables), so this module imports nothing of ours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, DateTime, Index
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


def _empty_list() -> list[Any]:
    """``default_factory`` for list columns: for the builtin ``list`` pydantic reads the signature through
    ``inspect.signature`` on every row it builds (about 0.13 ms); for a plain function, microseconds."""
    return []


# kinds
ALERT = "alert"  # high / immediate: crisis reply sent, duty clinician paged, acknowledgement deadline
REVIEW = "review"  # concern: no paging, no deadline; the practitioner review list
# statuses, forward only: open -> acknowledged -> resolved (open -> resolved also allowed)
OPEN = "open"
ACKNOWLEDGED = "acknowledged"
RESOLVED = "resolved"
STATUS_ORDER = {OPEN: 0, ACKNOWLEDGED: 1, RESOLVED: 2}
# whom the disclosure is about: the person texting, or someone they are helping (a friend, their child)
SELF = "self"
OTHER = "other"
# labels a practitioner gives on resolving (the feedback loop, exported for evaluation and training)
LABELS = ("real", "false_alarm", "other")


class AwareDateTime(TypeDecorator[dt.datetime]):
    """Aware datetimes in, aware UTC out (SQLite stores naive UTC). Same contract as the shell's type."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware datetime")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        assert isinstance(value, dt.datetime)
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _when(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(AwareDateTime, nullable=nullable))


class Escalation(SQLModel, table=True):
    """A message that needs a person: severity, what matched, who acknowledged and resolved it, alert stage.

    ``alert_level``: ``None`` not yet alerted (out of hours, waiting for the next shift), 0 primary alerted,
    1 primary again plus backup, 2 service manager. ``next_alert_at`` is when the timer next looks at it.
    """

    __tablename__ = "escalation"
    __table_args__ = (Index("ix_escalation_queue", "status", "kind", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(max_length=12, unique=True)
    kind: str = Field(default=ALERT, max_length=12)
    contact_id: int = Field(index=True)
    message_id: int | None = Field(default=None)
    severity: str = Field(max_length=12)
    categories: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    matches: list[dict[str, Any]] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    status: str = Field(default=OPEN, max_length=16)
    outcome: str | None = Field(default=None, max_length=40)
    note: str | None = Field(default=None, max_length=2000)
    created_at: dt.datetime = Field(sa_column=Column(AwareDateTime, nullable=False))
    ack_deadline: dt.datetime | None = _when()
    acknowledged_at: dt.datetime | None = _when()
    acknowledged_by: str | None = Field(default=None, max_length=80)
    resolved_at: dt.datetime | None = _when()
    resolved_by: str | None = Field(default=None, max_length=80)
    alert_level: int | None = Field(default=None)
    next_alert_at: dt.datetime | None = _when()
    alerted: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    hold_until: dt.datetime | None = _when()
    about: str = Field(default=SELF, max_length=8)
    label: str | None = Field(default=None, max_length=16)
    label_category: str | None = Field(default=None, max_length=40)


class EscalationMessage(SQLModel, table=True):
    """The case's timeline: every later message from the contact attached to the one open escalation
    (risk and concern texts, and every text sent during a crisis hold), with what screening said."""

    __tablename__ = "escalation_message"

    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(foreign_key="escalation.id", index=True)
    message_id: int = Field(index=True)
    severity: str = Field(max_length=12)
    categories: list[str] = Field(default_factory=_empty_list, sa_column=Column(JSON, nullable=False))
    created_at: dt.datetime = Field(sa_column=Column(AwareDateTime, nullable=False))


class EscalationNote(SQLModel, table=True):
    """A practitioner's note on a case (what they did, who they spoke to), kept with the case's record.

    Notes are clinical records: they are never written to logs or audit details (the audit event says
    only that a note was added, by whom, and how long it is)."""

    __tablename__ = "escalation_note"

    id: int | None = Field(default=None, primary_key=True)
    escalation_id: int = Field(foreign_key="escalation.id", index=True)
    author: str = Field(max_length=80)
    text: str = Field(max_length=2000)
    created_at: dt.datetime = Field(sa_column=Column(AwareDateTime, nullable=False))


class RiskFeedback(SQLModel, table=True):
    """A practitioner's label on one stored inbound message that screening missed ("missed risk"):
    exported with resolved escalations' labels as a labelled CSV for evaluation and training."""

    __tablename__ = "risk_feedback"

    id: int | None = Field(default=None, primary_key=True)
    message_id: int = Field(unique=True)
    severity: str = Field(max_length=12)
    category: str = Field(max_length=40)
    flagged_by: str = Field(max_length=80)
    created_at: dt.datetime = Field(sa_column=Column(AwareDateTime, nullable=False))
