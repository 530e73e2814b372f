"""Fixtures: a fresh SQLite database per test, with or without the shipped data. The shipped data is
loaded once per session into a template file; each test that asks for it gets its own copy."""

from __future__ import annotations

import asyncio
import shutil
import threading
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


class LoadedTemplate:
    """A SQLite file with the directory tables, the national services, the area table and Demo Borough,
    built on first use (in a thread of its own, so a running event loop is not in the way)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / "loaded.db"
        self._built = False

    def file(self) -> Path:
        if not self._built:
            errors: list[BaseException] = []

            def build() -> None:
                try:
                    asyncio.run(_build_loaded(self.path))
                except BaseException as exc:  # raised again in the test's thread
                    errors.append(exc)

            worker = threading.Thread(target=build)
            worker.start()
            worker.join()
            if errors:
                raise errors[0]
            self._built = True
        return self.path


async def _build_loaded(path: Path) -> None:
    eng = create_async_engine(f"sqlite+aiosqlite:///{path}")
    async with eng.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=list(signposting.models.DIRECTORY_TABLES))
    async with AsyncSession(eng, expire_on_commit=False) as s:
        await load_national(s)
        await load_demo(s)
    await eng.dispose()


@pytest.fixture(scope="session")
def loaded_template(tmp_path_factory: pytest.TempPathFactory) -> LoadedTemplate:
    return LoadedTemplate(tmp_path_factory.mktemp("signposting-loaded"))


@pytest.fixture
async def engine(
    tmp_path: Path, request: pytest.FixtureRequest, loaded_template: LoadedTemplate
) -> AsyncIterator[AsyncEngine]:
    path = tmp_path / "test.db"
    if "loaded" in request.fixturenames:
        shutil.copyfile(loaded_template.file(), path)  # what `loaded` would load, copied
    eng = create_async_engine(f"sqlite+aiosqlite:///{path}")
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
    """The session on a database holding the shipped national data and the demo borough (a copy of the
    session's template: the same rows `load_national` and `load_demo` write)."""
    return session
