"""`--demo` term dates for Demo Academy (this school year and the next, shaped like a typical English
school calendar) and its term-time counselling service tied to them."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.calendar.tables import SchoolTerm
from bot.storage.models import School
from signposting.term_time import TermTimeError, apply_term_time

if TYPE_CHECKING:
    from bot.app.context import AppContext

TERM_SERVICE = "demo-school-counselling"
# (name, (month, day) first day in the autumn year or the next, last day)
SHAPE = (
    ("autumn 1", (0, 9, 3), (0, 10, 23)),
    ("autumn 2", (0, 11, 2), (0, 12, 18)),
    ("spring 1", (1, 1, 5), (1, 2, 12)),
    ("spring 2", (1, 2, 22), (1, 3, 26)),
    ("summer 1", (1, 4, 12), (1, 5, 28)),
    ("summer 2", (1, 6, 7), (1, 7, 21)),
)


def demo_terms(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Terms of the school year containing `today` (from August) and of the next one."""
    first_year = today.year if today.month >= 8 else today.year - 1
    out = []
    for year in (first_year, first_year + 1):
        for name, (a, am, ad), (b, bm, bd) in SHAPE:
            out.append((f"{name} {year}", dt.date(year + a, am, ad), dt.date(year + b, bm, bd)))
    return out


async def load_demo_terms(app: AppContext, session: AsyncSession) -> None:
    school = (await session.exec(select(School).limit(1))).first()
    if school is None or school.id is None:
        return
    terms = demo_terms(app.service.local(app.now()).date())
    for name, start, end in terms:
        session.add(SchoolTerm(school_id=school.id, name=name, start=start, end=end))
    # A directory without the demo counselling service still gets the terms.
    with contextlib.suppress(TermTimeError):
        await apply_term_time(session, TERM_SERVICE, [(s, e) for _, s, e in terms])
