"""`waymark escalations show REF`: the outcome line for an open and a resolved escalation."""

from __future__ import annotations

from typer.testing import CliRunner

from bot.cli.main import app as cli
from tests.bot.test_escalation_cli import _seed, env  # noqa: F401

runner = CliRunner()


def _outcome_line(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("outcome"))


def test_show_says_none_yet_then_the_outcome_and_note(env: dict[str, str]) -> None:  # noqa: F811
    (ref,) = _seed(env["WAYMARK_DATABASE_URL"], ["i took all my pills"])
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env)
    assert shown.exit_code == 0, shown.output
    assert _outcome_line(shown.output).split() == ["outcome", "none", "yet"]
    assert "outcome -" not in shown.output

    args = ["escalations", "resolve", ref, "--as", "ana", "--outcome", "emergency_services"]
    assert runner.invoke(cli, [*args, "--note", "999 called"], env=env).exit_code == 0
    shown = runner.invoke(cli, ["escalations", "show", ref, "--as", "ana"], env=env)
    assert _outcome_line(shown.output).split() == ["outcome", "emergency_services:", "999", "called"]
