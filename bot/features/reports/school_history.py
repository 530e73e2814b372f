"""Which school a contact belonged to at a given moment, for the commissioners' report.

A pupil who moves school counts for the school they were with when each thing happened, not the one they
are with now: a crisis case in March stays with the March school in every later report. The history is
read from the ``school.joined`` audit events the join-code flow writes (``flows/schools.py``: details
``school_id`` and ``previous_school_id``) and the contact's current ``school_id``:

* the school of the last join at or before the moment;
* before a contact's first recorded join, the school that join left (``previous_school_id``), or, when it
  left none, the school it joined: someone who texts the code they were given counts for that school from
  their first text, as the report always counted them (the join is recorded a moment after that text);
* a contact with no recorded join (linked by an import or demo data) counts for their school now.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import AuditEvent, Contact

JOINED = "school.joined"


def _school(value: Any) -> int | None:
    """A school id from an audit event's details (an int, or its text); anything else is no school."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _utc(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


@dataclass
class SchoolHistory:
    """Each contact's school now and their joins in time order."""

    now: dict[int, int | None] = field(default_factory=dict)
    _times: dict[int, list[dt.datetime]] = field(default_factory=dict)
    _after: dict[int, list[int | None]] = field(default_factory=dict)
    _before_first: dict[int, int | None] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        current: Iterable[tuple[int, int | None]],
        joins: Iterable[tuple[int, dt.datetime, dict[str, Any]]],
    ) -> SchoolHistory:
        """From (contact, school now) pairs and (contact, when, details) of each ``school.joined`` event."""
        history = cls(now=dict(current))
        for contact, at, details in sorted(joins, key=lambda j: (j[0], _utc(j[1]))):
            times = history._times.setdefault(contact, [])
            joined = _school(details.get("school_id"))
            if not times:
                left = _school(details.get("previous_school_id"))
                history._before_first[contact] = joined if left is None else left
            times.append(_utc(at))
            history._after.setdefault(contact, []).append(joined)
        return history

    def at(self, contact: int | None, when: dt.datetime) -> int | None:
        """The contact's school at `when` (None: no school, or no contact)."""
        if contact is None:
            return None
        times = self._times.get(contact)
        if not times:
            return self.now.get(contact)
        i = bisect_right(times, _utc(when))
        return self._after[contact][i - 1] if i else self._before_first.get(contact)


async def load_history(session: AsyncSession) -> SchoolHistory:
    """Every contact's school now and every recorded join (ids and times only; no text, no numbers)."""
    current = [
        (int(cid), sid)
        for cid, sid in (await session.exec(select(Contact.id, Contact.school_id))).all()
        if cid is not None
    ]
    events = await session.exec(
        select(AuditEvent.subject_id, AuditEvent.at, AuditEvent.details).where(
            col(AuditEvent.action) == JOINED, col(AuditEvent.subject_type) == "contact"
        )
    )
    joins = [
        (int(subject), at, details if isinstance(details, dict) else {})
        for subject, at, details in events.all()
        if subject is not None and str(subject).isdigit()
    ]
    return SchoolHistory.build(current, joins)
