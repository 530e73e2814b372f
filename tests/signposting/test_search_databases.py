"""Search gives the same ranked page on SQLite (one-hop fast path) and PostgreSQL (SQLAlchemy's path)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.db import create_engine
from bot.storage.migrate import upgrade
from signposting.demo import load_demo
from signposting.search import search
from signposting.shipped import load_national
from tests.pg import database_url_for
from tests.signposting.conftest import MONDAY_1030, MONDAY_2330

QUERIES = [
    ("bullying", 13, "Demo Borough", MONDAY_1030),
    ("bullying", 13, "Demo Borough", MONDAY_2330),
    (None, 15, "DB2", MONDAY_1030),
    ("anxiety", None, None, MONDAY_2330),
    ("family", 40, "Atlantis", MONDAY_1030),
]


def _ranked(url: str) -> list[list[tuple[str, tuple[int, ...], tuple[str, ...]]]]:
    upgrade(url)

    async def go() -> list[list[tuple[str, tuple[int, ...], tuple[str, ...]]]]:
        engine = create_engine(url)
        async with AsyncSession(engine) as session:
            await load_national(session)
            await load_demo(session)
            await session.commit()
            pages = []
            for need, age, area, now in QUERIES:
                found = await search(session, need, age, area, now, limit=50)
                pages.append([(r.id, r.score, r.reasons) for r in found.results])
        await engine.dispose()
        return pages

    return asyncio.run(go())


@pytest.mark.postgres
def test_postgres_ranks_as_sqlite_does(tmp_path: Path) -> None:
    postgres = _ranked(database_url_for("postgres", tmp_path))
    sqlite = _ranked(database_url_for("sqlite", tmp_path))
    assert all(sqlite) and postgres == sqlite
