"""`waymark escalations rota list|add|remove|manager`: the same checked, audited service functions as
/rota; only an active admin may change the rota; the rota check is printed after each change."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.storage.migrate import upgrade
from tests.support import ROOT

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'rota.db'}"
    upgrade(url)
    env = {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    for name, role, phone in (("kim", "admin", "07700900601"), ("sam", "duty_clinician", "07700900602")):
        made = runner.invoke(
            cli,
            ["users", "create", name, "--role", role, "--phone", phone, "--name", name.title()],
            env=env,
        )
        assert made.exit_code == 0, made.output
    return env


def test_an_admin_adds_lists_and_removes_rows(env: dict[str, str]) -> None:
    added = runner.invoke(
        cli,
        ["escalations", "rota", "add", "--as", "kim", "--days", "sat,sun", "--start", "10:00",
         "--end", "16:00", "--primary", "sam"],
        env=env,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "added row" in added.output and "problem: the rota names 'demo.duty'" in added.output
    listed = runner.invoke(cli, ["escalations", "rota", "list"], env=env)
    assert "shift sat,sun 10:00-16:00 sam" in listed.output and "manager: demo.manager" in listed.output
    row = next(line.split(":")[0] for line in listed.output.splitlines() if "sat,sun" in line)
    removed = runner.invoke(cli, ["escalations", "rota", "remove", row, "--as", "kim"], env=env)
    assert removed.exit_code == 0 and f"removed row {row}" in removed.output
    manager = runner.invoke(cli, ["escalations", "rota", "manager", "kim", "--as", "kim"], env=env)
    assert manager.exit_code == 0 and "manager: kim" in manager.output


def test_only_an_admin_changes_the_rota_and_bad_rows_are_refused(env: dict[str, str]) -> None:
    refused = runner.invoke(cli, ["escalations", "rota", "manager", "sam", "--as", "sam"], env=env)
    assert refused.exit_code != 0 and "only admins change the rota" in refused.output
    bad = runner.invoke(
        cli,
        ["escalations", "rota", "add", "--as", "kim", "--days", "sat", "--start", "10:00", "--end", "10:00",
         "--primary", "sam"],
        env=env,
    )  # fmt: skip
    assert bad.exit_code != 0 and "the start and end times must differ" in bad.output
