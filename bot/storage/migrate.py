"""Running Alembic migrations from code (`waymark db upgrade`, `serve` on start, tests)."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import TYPE_CHECKING

from bot.storage.db import async_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
_CHILD_URL = "WAYMARK_MIGRATE_URL"


def alembic_config(database_url: str) -> Config:
    from alembic.config import Config  # here, not at import: every `waymark` command imports this module

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", async_url(database_url))
    return cfg


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the database at `database_url` up to `revision`.

    Blocking: run it in a thread from async code.
    """
    from alembic import command

    command.upgrade(alembic_config(database_url), revision)


_REVISION = re.compile(r"^revision(?:: str)? = [\"']([^\"']+)[\"']", re.M)
_DOWN = re.compile(r"^down_revision[^=\n]*= (.+)$", re.M)


def script_head() -> str | None:
    """The one head revision of the migration scripts, read from their ``revision`` / ``down_revision``
    lines without importing Alembic (about 0.1 s with Mako and Pygments); None when there is not exactly
    one. ``tests/bot/storage/test_migrate_head.py`` checks it against Alembic's own answer."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for script in (MIGRATIONS / "versions").glob("*.py"):
        text = script.read_text(encoding="utf-8")
        found, down = _REVISION.search(text), _DOWN.search(text)
        if found is None or down is None:
            return None  # a script this reader does not understand: let Alembic decide
        revisions.add(found[1])
        parents.update(re.findall(r"[\"']([^\"']+)[\"']", down[1]))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


async def database_revision(database_url: str) -> str | None:
    """The revision recorded in the database's ``alembic_version`` table (None: none, or no table)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(async_url(database_url))
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT version_num FROM alembic_version"))).all()
    except Exception:  # no table yet (a new database) or unreadable: Alembic decides
        return None
    finally:
        await engine.dispose()
    return str(rows[0][0]) if len(rows) == 1 else None


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    """`upgrade` from async code; a database already at the scripts' one head is left alone without
    importing Alembic (every `waymark` feature command calls this first)."""
    if revision == "head":
        head = script_head()
        if head is not None and await database_revision(database_url) == head:
            return
    await asyncio.to_thread(upgrade, database_url, revision)


def upgrade_in_child(database_url: str) -> bool:
    """Bring the database to head in a child process (`waymark serve`: Alembic and the migration scripts
    stay loaded after an in-process upgrade); True when it did, False to upgrade in-process instead
    (bot/app/child_step.py). The URL goes to the child in its environment, never on its command line."""
    from bot.app.child_step import run_in_child

    code = f"import os; from bot.storage.migrate import upgrade; upgrade(os.environ[{_CHILD_URL!r}])"
    return run_in_child(code, what="database upgrade", env={_CHILD_URL: database_url})
