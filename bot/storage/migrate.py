"""Running Alembic migrations from code (`waymark db upgrade`, `serve` on start, tests)."""

from __future__ import annotations

import asyncio
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


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, database_url, revision)


def upgrade_in_child(database_url: str) -> bool:
    """Bring the database to head in a child process (`waymark serve`: Alembic and the migration scripts
    stay loaded after an in-process upgrade); True when it did, False to upgrade in-process instead
    (bot/app/child_step.py). The URL goes to the child in its environment, never on its command line."""
    from bot.app.child_step import run_in_child

    code = f"import os; from bot.storage.migrate import upgrade; upgrade(os.environ[{_CHILD_URL!r}])"
    return run_in_child(code, what="database upgrade", env={_CHILD_URL: database_url})
