"""`waymark safeguarding eval` and `check`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.safeguarding_cmd import app

runner = CliRunner()


def test_eval_prints_report_and_json(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text("text,severity,category\ni want to die,high,suicide\nhello,none,\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 0, result.output
    assert "flagged recall" in result.output
    result = runner.invoke(app, ["eval", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.output)["flagged_recall"] == 1.0


def test_eval_exits_non_zero_on_a_bad_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("text,severity\nhello,maybe\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(path)])
    assert result.exit_code == 2
    assert "bad.csv:2" in result.output


def test_check_reports_a_valid_lexicon() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0, result.output
    assert "all good" in result.output
