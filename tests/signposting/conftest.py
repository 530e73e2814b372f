"""Fixtures: a fresh SQLite database per test, with or without the shipped data."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import signposting.models
from signposting.demo import load_demo
from signposting.shipped import load_national

FIXTURES = Path(__file__).parent / "fixtures"
# Monday 23 November 2026 is in GMT, so UTC and Europe/London agree.
MONDAY_1030 = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
MONDAY_1630 = datetime(2026, 11, 23, 16, 30, tzinfo=UTC)
MONDAY_2330 = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    eng = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'test.db'}")
    async with eng.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=list(signposting.models.DIRECTORY_TABLES))
    yield eng
    await eng.dispose()


@pytest.fixture
async def session(engine: AsyncEngine) -> AsyncIterator[AsyncSession]:
    async with AsyncSession(engine, expire_on_commit=False) as s:
        yield s


@pytest.fixture
async def loaded(session: AsyncSession) -> AsyncSession:
    await load_national(session)
    await load_demo(session)
    return session
