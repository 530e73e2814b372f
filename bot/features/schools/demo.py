"""The demo school for `--demo`: Demo Academy in the fictional Demo Borough, join code ``DEMO1``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.schools.service import add_code, add_school

if TYPE_CHECKING:
    from bot.app.context import AppContext

DEMO_SCHOOL = "Demo Academy"
DEMO_AUTHORITY = "Demo Borough"
DEMO_CODE = "DEMO1"


async def load_demo_school(app: AppContext, session: AsyncSession) -> None:
    """Add the demo school and its join code."""
    now = app.now()
    school = await add_school(
        session, name=DEMO_SCHOOL, local_authority=DEMO_AUTHORITY, team_contact="Demo MHST", now=now
    )
    assert school.id is not None
    await add_code(session, school.id, DEMO_CODE, now)
