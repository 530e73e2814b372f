"""`waymark serve` refuses a rota that names unknown practitioners, except with --demo (which adds them)."""

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
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    upgrade(url)
    return {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Stand in for uvicorn: records that serve got as far as taking traffic."""
    calls: list[object] = []
    monkeypatch.setattr("bot.cli.serve.uvicorn.run", lambda app, **kw: calls.append(app))
    monkeypatch.setattr("bot.cli.serve._warm_directory", _zero)
    return calls


async def _zero(ctx: object) -> int:
    return 0


def test_serve_refuses_the_shipped_rota_without_its_practitioners(
    env: dict[str, str], served: list[object]
) -> None:
    result = runner.invoke(cli, ["serve"], env=env)
    assert result.exit_code == 2 and served == []
    for name in ("demo.duty", "demo.backup", "demo.manager"):
        assert name in result.output
    assert "waymark users create" in result.output


def test_serve_demo_adds_the_practitioners_and_starts(env: dict[str, str], served: list[object]) -> None:
    result = runner.invoke(cli, ["serve", "--demo"], env=env)
    assert result.exit_code == 0, result.output
    assert len(served) == 1
    again = runner.invoke(cli, ["serve"], env=env)  # now they exist: a plain serve starts too
    assert again.exit_code == 0, again.output
