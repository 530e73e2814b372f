"""Services that run only in term time (school counselling, a drop-in at school): their weekly opening rules
tied to a school's terms, so they are not "open now" in August.

The directory already reads dated rules (``valid_from`` / ``valid_to`` on ``directory_schedule``):
:func:`term_time_rules` turns each weekly rule into one rule per term, and :func:`apply_term_time`
rewrites one service's schedule rows and its schedule cache. Term dates are passed in as plain
``(first day, last day)`` pairs: this package never imports the application (the shell reads the
school's terms, ``bot/features/calendar``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, insert, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.models import schedule_table, service_table

TermSpan = tuple[date, date]


class TermTimeError(ValueError):
    """The service is unknown, has no weekly hours to tie, or no terms were given."""


def term_time_rules(rows: Sequence[dict[str, object]], terms: Sequence[TermSpan]) -> list[dict[str, object]]:
    """Each weekly rule (a ``directory_schedule`` row as a dict) once per term, dated to that term.
    Rules that were already dated keep only the part inside each term."""
    out: list[dict[str, object]] = []
    for start, end in sorted(terms):
        for row in rows:
            old_from, old_to = row.get("valid_from"), row.get("valid_to")
            first = max(start, old_from) if isinstance(old_from, date) else start
            last = min(end, old_to) if isinstance(old_to, date) else end
            if first <= last:
                out.append({**row, "valid_from": first, "valid_to": last})
    return out


def _cache(rows: Sequence[dict[str, object]]) -> str:
    def hhmm(value: object) -> str | None:
        return None if value is None else value.strftime("%H:%M")  # type: ignore[attr-defined]

    def iso(value: object) -> str | None:
        return None if value is None else value.isoformat()  # type: ignore[attr-defined]

    return json.dumps(
        [
            [r["byday"], hhmm(r["opens_at"]), hhmm(r["closes_at"]), r["timezone"], iso(r["valid_from"]),
             iso(r["valid_to"])]
            for r in rows
        ]
    )  # fmt: skip


async def apply_term_time(session: AsyncSession, service_id: str, terms: Sequence[TermSpan]) -> int:
    """Tie `service_id`'s opening hours to `terms` (in the caller's transaction). Returns the rules written.

    The weekly pattern is taken from the rules that are not dated yet or, if the service was tied to
    terms before, from the rules of its first term, so running it again with new terms replaces them."""
    if not terms:
        raise TermTimeError("no term dates given")
    s, c = schedule_table.c, service_table.c
    if (await execute(session, select(c.id).where(c.id == service_id))).first() is None:
        raise TermTimeError(f"no service {service_id!r} in the directory")
    found = (
        (await execute(session, select(schedule_table).where(s.service_id == service_id))).mappings().all()
    )
    rows = [{k: v for k, v in dict(r).items() if k != "id"} for r in found]
    weekly = [r for r in rows if r["valid_from"] is None and r["valid_to"] is None]
    if not weekly and rows:
        first = min(r["valid_from"] for r in rows if r["valid_from"] is not None)
        weekly = [{**r, "valid_from": None, "valid_to": None} for r in rows if r["valid_from"] == first]
    if not weekly:
        raise TermTimeError(f"service {service_id!r} has no opening hours to tie to terms")
    dated = term_time_rules(weekly, terms)
    await execute(session, delete(schedule_table).where(s.service_id == service_id))
    if dated:
        await execute(session, insert(schedule_table), dated)
    await execute(
        session, update(service_table).where(c.id == service_id).values(schedule_cache=_cache(dated))
    )
    return len(dated)
