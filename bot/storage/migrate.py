"""Running Alembic migrations from code (`waymark db upgrade`, `serve` on start, tests)."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot.storage.db import async_url

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).parent / "migrations"
log = logging.getLogger(__name__)
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


def upgrade_in_child(database_url: str, *, timeout: float = 600.0) -> bool:
    """Bring the database to head in a child process; True when it did.

    For `waymark serve`: Alembic and the migration scripts stay loaded after an in-process upgrade (6-10 MB
    a server keeps for nothing). The URL goes to the child in its environment, never on its command line.
    False when the child failed: the caller then upgrades in-process, so a real error is raised there.
    """
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p))
    env[_CHILD_URL] = database_url
    code = f"import os; from bot.storage.migrate import upgrade; upgrade(os.environ[{_CHILD_URL!r}])"
    try:
        done = subprocess.run([sys.executable, "-c", code], env=env, timeout=timeout, capture_output=True)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("database upgrade child did not run (%s); upgrading in this process", type(exc).__name__)
        return False
    if done.returncode != 0:
        log.warning("database upgrade child exited with %s; upgrading in this process", done.returncode)
        return False
    return True
