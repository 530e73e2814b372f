"""One PostgreSQL database per test run.

`make test` points WAYMARK_TEST_POSTGRES_URL at a shared server's `test` database, and the PostgreSQL tests
empty its `public` schema before each test. Two runs on one server at once (a CI job beside a developer's
run, two checkouts on one machine) then dropped each other's tables mid-test: "relation dispatch_worker does
not exist", or a duplicate-key error in pg_type while both created the same table. So each run creates its
own database beside the one named in the URL, points the variable at it for the run (and for the processes
the tests start, which inherit the environment), and drops it at the end. Set
WAYMARK_TEST_POSTGRES_SHARED=1 to use the named database as it is (a server where the test user may not
create databases).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys

from sqlalchemy.engine import make_url

from bot.messaging.workers import process_alive

ENV = "WAYMARK_TEST_POSTGRES_URL"
SHARED_ENV = "WAYMARK_TEST_POSTGRES_SHARED"
PREFIX = "waymark_run_"


def _asyncpg_dsn(url: str) -> str:
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


async def _execute(url: str, statement: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


def run_database_name() -> str:
    return f"{PREFIX}{os.getpid()}_{secrets.token_hex(4)}"


def create_run_database(base_url: str) -> tuple[str, str]:
    """Create an empty database on the same server as `base_url`; return (its URL, its name)."""
    name = run_database_name()
    asyncio.run(_execute(base_url, f'CREATE DATABASE "{name}"'))
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)
    return url, name


def drop_run_database(base_url: str, name: str) -> None:
    """Drop a run's database, closing any connection a test process left open."""
    if not name.startswith(PREFIX):
        raise ValueError(f"refusing to drop {name!r}: not a test run's database")
    asyncio.run(_execute(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _names(url: str) -> list[str]:
    import asyncpg

    conn = await asyncpg.connect(_asyncpg_dsn(url), timeout=10)
    try:
        rows = await conn.fetch("SELECT datname FROM pg_database WHERE datname LIKE $1", PREFIX + "%")
        return [r["datname"] for r in rows]
    finally:
        await conn.close()


def stale_run_databases(base_url: str) -> list[str]:
    """Databases left by runs on this machine that were killed before they could drop them (their process is
    gone). Only for a server on this machine: a pid means nothing elsewhere."""
    if make_url(base_url).host not in ("127.0.0.1", "localhost", "::1", None):
        return []
    stale = []
    for name in asyncio.run(_names(base_url)):
        pid = name[len(PREFIX) :].split("_", 1)[0]
        if pid.isdigit() and not process_alive(int(pid), None):
            stale.append(name)
    return stale


class RunDatabase:
    """Created in pytest_configure, dropped in pytest_unconfigure."""

    def __init__(self) -> None:
        self.base_url: str | None = None
        self.name: str | None = None

    def start(self) -> None:
        base = os.environ.get(ENV)
        if not base or os.environ.get(SHARED_ENV):
            return
        try:
            for stale in stale_run_databases(base):
                drop_run_database(base, stale)
            url, name = create_run_database(base)
        except Exception as exc:  # any refusal: fall back to the shared database, and say so
            sys.stderr.write(
                f"note: could not create a database for this test run ({type(exc).__name__}: {exc}); "
                f"the PostgreSQL tests use the database in {ENV} as it is\n"
            )
            return
        self.base_url, self.name = base, name
        os.environ[ENV] = url

    def stop(self) -> None:
        if self.base_url is None or self.name is None:
            return
        os.environ[ENV] = self.base_url
        drop_run_database(self.base_url, self.name)
        self.base_url = self.name = None
