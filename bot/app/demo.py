"""Demo data for `--demo`: loaded only into an empty database, never in a real deployment by accident.

Each installed feature brings its own loaders (``Feature.demo``); they run in the order of
``bot/app/installed.py``, in one transaction.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlmodel import select

from bot.storage.models import School

if TYPE_CHECKING:
    from bot.app.context import AppContext

log = logging.getLogger(__name__)


async def load_demo(app: AppContext) -> bool:
    """Run every installed feature's demo loaders unless the database already has data (a school).

    Returns True when demo data was written.
    """
    async with app.db.session() as session:
        if (await session.exec(select(School.id).limit(1))).first() is not None:
            log.warning("database already has schools; demo data not loaded")
            return False
        for feature in app.features:
            for loader in feature.demo:
                await loader(app, session)
        await session.commit()
        log.info("demo data loaded")
        return True
