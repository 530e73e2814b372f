"""`waymark directory import`: the same `run_import` as the dashboard, so a dry run and an import are each
audited once, with the counts and never the file's contents."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.storage.migrate import upgrade

runner = CliRunner()
SERVICE = {
    "id": "cli-1",
    "name": "CLI Line",
    "organization": {"id": "org-cli", "name": "CLI Org"},
    "phones": [{"number": "020 7946 0778", "type": "voice"}],
    "service_areas": [{"name": "England"}],
    "verified_at": "2026-11-01",
}


def test_a_dry_run_then_an_import_are_audited(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    upgrade(f"sqlite:///{db}")
    env = {"WAYMARK_DATABASE_URL": f"sqlite:///{db}", "WAYMARK_ENV": "development"}
    data = tmp_path / "services.json"
    data.write_text(json.dumps([SERVICE]))
    checked = runner.invoke(cli, ["directory", "import", str(data), "--dry-run"], env=env)
    assert checked.exit_code == 0, checked.output
    assert "dry run; 1 services (1 new, 0 updated)" in checked.output
    done = runner.invoke(cli, ["directory", "import", str(data)], env=env)
    assert done.exit_code == 0 and "imported" in done.output
    with sqlite3.connect(db) as conn:
        rows = conn.execute("select actor, action, details from audit_event order by id").fetchall()
        assert conn.execute("select name from directory_service").fetchall() == [("CLI Line",)]
    assert [action for _, action, _ in rows] == ["directory.import_checked", "directory.imported"]
    assert all(actor.startswith("cli") for actor, _, _ in rows)
    assert json.loads(rows[1][2])["created"] == 1 and "CLI Line" not in rows[1][2]
