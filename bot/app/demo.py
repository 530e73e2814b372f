"""Demo data for `--demo`: loaded only into an empty database, never in a real deployment by accident."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.practitioners.demo import load_demo_practitioners
from bot.features.schools.service import add_code, add_school, find_school_by_code
from bot.storage.models import School

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)
DEMO_SCHOOL = "Demo Academy"
DEMO_AUTHORITY = "Demo Borough"
DEMO_CODE = "DEMO1"


async def load_demo(app: AppContext) -> bool:
    """Add the demo school (and later issues' demo records) unless the database already has data.

    Returns True when demo data was written.
    """
    async with app.db.session() as session:
        if await find_school_by_code(session, DEMO_CODE) is not None:
            return False
        if (await session.exec(select(School.id).limit(1))).first() is not None:
            log.warning("database already has schools; demo data not loaded")
            return False
        now = app.now()
        school = await add_school(
            session, name=DEMO_SCHOOL, local_authority=DEMO_AUTHORITY, team_contact="Demo MHST", now=now
        )
        assert school.id is not None
        await add_code(session, school.id, DEMO_CODE, now)
        for loader in DEMO_LOADERS:
            await loader(app, session)
        await session.commit()
        log.info("demo data loaded")
        return True


async def _directory(app: AppContext, session: AsyncSession) -> None:
    """The shipped national services, the area table and the fictional Demo Borough services."""
    from signposting.demo import load_demo as load_demo_directory
    from signposting.shipped import load_national

    await load_national(session)
    await load_demo_directory(session)


DEMO_LOADERS = [_directory]
DEMO_LOADERS.append(load_demo_practitioners)
