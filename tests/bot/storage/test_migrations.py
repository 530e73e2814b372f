"""Alembic migrations build every table the models describe, on SQLite and (when set) PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bot.storage.migrate import upgrade
from bot.storage.tables import all_metadata
from tests.pg import BOTH, database_url_for


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

    from bot.storage.db import async_url

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


def _search_keys(url: str, load: bool) -> set[tuple[str, str, str]]:
    import asyncio

    from sqlalchemy import select
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.storage.db import create_engine
    from signposting.demo import load_demo
    from signposting.models import search_key_table
    from signposting.shipped import load_national

    async def go() -> set[tuple[str, str, str]]:
        engine = create_engine(url)
        async with AsyncSession(engine) as session:
            if load:
                await load_national(session)
                await load_demo(session)
                await session.commit()
            rows = (await session.exec(select(search_key_table))).all()  # type: ignore[call-overload]
        await engine.dispose()
        return {(r.need, r.area_key, r.service_id) for r in rows}

    return asyncio.run(go())


@pytest.mark.parametrize("kind", BOTH)
def test_search_index_is_filled_for_a_directory_stored_before_it(kind: str, tmp_path: Path) -> None:
    """0004 builds the same search index from stored services as the importer writes."""
    from alembic import command

    from bot.storage.migrate import alembic_config

    url = database_url_for(kind, tmp_path)
    upgrade(url)
    written = _search_keys(url, load=True)
    assert ("bullying", "demo borough", "demo-kind-words") in written
    assert ("~any", "~national", "national-childline") in written
    command.downgrade(alembic_config(url), "0003")
    upgrade(url)
    assert _search_keys(url, load=False) == written


def test_serve_upgrades_in_a_child_and_a_failed_child_is_not_fatal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`waymark serve` migrates in a child process (Alembic's memory is not kept by the server): the
    database is at head afterwards. A child that fails returns False, so serve upgrades in-process and a
    real error is raised there, as before."""
    import sys

    from sqlalchemy.exc import OperationalError

    from bot.storage import migrate

    url = f"sqlite:///{tmp_path / 'child.db'}"
    assert migrate.upgrade_in_child(url) is True
    assert _diff(url) == []
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))
    assert migrate.upgrade_in_child(url) is False
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the database's folder should be")
    monkeypatch.undo()
    assert migrate.upgrade_in_child(f"sqlite:///{blocked / 'x.db'}") is False
    with pytest.raises(OperationalError):
        upgrade(f"sqlite:///{blocked / 'x.db'}")
