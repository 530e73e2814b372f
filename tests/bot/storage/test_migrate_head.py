"""A `waymark` command on a database already at head skips Alembic (about 0.1 s of imports); any other
database is upgraded by Alembic as before."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.storage.migrate import alembic_config, database_revision, script_head, upgrade, upgrade_async
from tests.support import ROOT


def test_the_head_read_from_the_scripts_is_alembics() -> None:
    scripts = ScriptDirectory.from_config(alembic_config("sqlite:///unused.db"))
    assert script_head() == scripts.get_current_head()


def test_a_new_database_is_upgraded_and_then_reads_as_head(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert asyncio.run(database_revision(url)) is None  # no table yet
    asyncio.run(upgrade_async(url))
    assert asyncio.run(database_revision(url)) == script_head()


def test_a_database_behind_head_is_still_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0010_rota")
    assert asyncio.run(database_revision(url)) == "0010_rota"
    asyncio.run(upgrade_async(url))
    assert asyncio.run(database_revision(url)) == script_head() != "0010_rota"


def test_a_database_at_head_does_not_import_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'head.db'}"
    upgrade(url)
    probe = (
        "import asyncio, json, sys\n"
        "from bot.storage.migrate import upgrade_async\n"
        f"asyncio.run(upgrade_async({url!r}))\n"
        "print(json.dumps({'alembic': 'alembic' in sys.modules}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"alembic": False}
