"""Which of a contact's records must be kept because they belong to a safeguarding case.

A case's record is the escalation itself and the conversation around it: every message of that contact
from ``CASE_CONTEXT`` before the case opened until it was resolved (an open case holds everything from its
start onwards). Those messages are kept for ``retention.case_years`` after the case is resolved, whatever
``retention.messages_days`` says, and a right-to-erasure request does not delete them (docs/operations.md
gives the NHS source for the period). Both the daily purge and ``waymark contacts erase`` ask this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from safeguarding.models import RESOLVED, Escalation

CASE_CONTEXT = dt.timedelta(hours=24)
"""How much conversation before a case opened belongs to the case's record."""


@dataclass(frozen=True)
class CaseWindow:
    """One case's hold on a contact's messages: [start, end], where end None means still open."""

    ref: str
    start: dt.datetime
    end: dt.datetime | None
    keep_until: dt.datetime | None
    """When the hold lapses (resolved + case_years); None while the case is open."""

    def holds(self, created_at: dt.datetime, now: dt.datetime) -> bool:
        """Whether a message created at `created_at` is held by this case at `now`."""
        if self.keep_until is not None and self.keep_until <= now:
            return False
        if created_at < self.start:
            return False
        return self.end is None or created_at <= self.end


def _add_years(when: dt.datetime, years: int) -> dt.datetime:
    try:
        return when.replace(year=when.year + years)
    except ValueError:  # 29 February into a year without one
        return when.replace(year=when.year + years, day=28)


async def case_windows(
    session: AsyncSession, contact_ids: Iterable[int], *, case_years: int
) -> dict[int, list[CaseWindow]]:
    """Every case window of the given contacts, by contact id (contacts without a case are absent)."""
    ids = sorted(set(contact_ids))
    if not ids:
        return {}
    rows = await session.exec(select(Escalation).where(col(Escalation.contact_id).in_(ids)))
    out: dict[int, list[CaseWindow]] = {}
    for esc in rows.all():
        end = esc.resolved_at if esc.status == RESOLVED else None
        keep = _add_years(end, case_years) if end is not None else None
        window = CaseWindow(esc.ref, esc.created_at - CASE_CONTEXT, end, keep)
        out.setdefault(esc.contact_id, []).append(window)
    return out


def held(windows: list[CaseWindow] | None, created_at: dt.datetime, now: dt.datetime) -> bool:
    """Whether a message created at `created_at` is held by any of `windows`."""
    return any(w.holds(created_at, now) for w in windows or ())
