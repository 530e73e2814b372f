"""Alembic migrations build every table the models describe, on SQLite and (when set) PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.migrate import upgrade
from bot.tables import all_metadata


def _sync_url(url: str) -> str:
    return (
        url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    )


def _urls(tmp_path: Path) -> list[str]:
    urls = [f"sqlite:///{tmp_path / 'm.db'}"]
    return urls


def _diff(url: str) -> list[object]:
    import asyncio

    from sqlalchemy.ext.asyncio import create_async_engine

    from bot.db import async_url

    async def go() -> list[object]:
        engine = create_async_engine(async_url(url))
        async with engine.connect() as conn:
            diffs = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": False}), all_metadata()
                )
            )
        await engine.dispose()
        return list(diffs)

    return asyncio.run(go())


def test_sqlite_upgrade_matches_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    upgrade(url)  # idempotent
    assert _diff(url) == []


@pytest.mark.postgres
def test_postgres_upgrade_matches_models() -> None:
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    from tests.pg import reset_schema

    reset_schema(url)
    upgrade(url)
    assert _diff(url) == []
