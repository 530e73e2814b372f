"""The per-run PostgreSQL database (tests/pg_database.py)."""

from __future__ import annotations

import asyncio
import os

import pytest
from sqlalchemy.engine import make_url

from tests import pg_database


def test_the_run_database_name_is_a_run_database():
    name = pg_database.run_database_name()
    assert name.startswith(pg_database.PREFIX)
    assert name == name.lower() and name.replace("_", "").isalnum()
    assert pg_database.run_database_name() != name


def test_only_a_run_database_can_be_dropped():
    with pytest.raises(ValueError, match="not a test run's database"):
        pg_database.drop_run_database("postgresql://postgres@127.0.0.1:5432/test", "test")


@pytest.mark.postgres
def test_this_run_uses_its_own_database_and_a_second_one_can_be_made_and_dropped():
    url = os.environ.get(pg_database.ENV)
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    if os.environ.get(pg_database.SHARED_ENV):
        pytest.skip("WAYMARK_TEST_POSTGRES_SHARED is set: this run uses the named database")
    assert make_url(url).database.startswith(pg_database.PREFIX)

    other_url, other = pg_database.create_run_database(url)
    assert make_url(other_url).database == other != make_url(url).database

    async def names() -> set[str]:
        import asyncpg

        conn = await asyncpg.connect(pg_database._asyncpg_dsn(url))
        try:
            return {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
        finally:
            await conn.close()

    assert other in asyncio.run(names())
    pg_database.drop_run_database(url, other)
    assert other not in asyncio.run(names())


@pytest.mark.postgres
def test_a_database_left_by_a_killed_run_is_found_as_stale():
    url = os.environ.get(pg_database.ENV)
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    dead_pid = 2**22 + 12345  # above the default pid_max: no process has it
    name = f"{pg_database.PREFIX}{dead_pid}_abcd1234"
    asyncio.run(pg_database._execute(url, f'CREATE DATABASE "{name}"'))
    try:
        stale = pg_database.stale_run_databases(url)
        assert name in stale
        assert make_url(url).database not in stale  # this run's own database: its process is alive
    finally:
        pg_database.drop_run_database(url, name)
