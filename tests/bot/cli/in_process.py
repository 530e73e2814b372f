"""`waymark ...` run in the test's own process (typer's CliRunner), for tests that run many commands.

The same command line, environment and working folder as a subprocess run (tests/bot/cli/test_cli.py's
`_waymark`), without paying for a new Python and the app's imports on every command. tests/bot/cli/test_cli.py
keeps real subprocesses for the command as a user runs it.
"""

from __future__ import annotations

import contextlib
import traceback
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from bot.cli.main import app as cli
from tests.support import ROOT

_runner = CliRunner()


@dataclass(frozen=True)
class Ran:
    """What a command gave back, named as subprocess.CompletedProcess names it."""

    returncode: int
    stdout: str
    stderr: str


def waymark(args: list[str], tmp_path: Path, stdin: str = "") -> Ran:
    """Run `waymark <args>` on tmp_path/cli.db with the shipped config.yml, in tmp_path, with `stdin`."""
    env = {
        "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    with contextlib.chdir(tmp_path):
        result = _runner.invoke(cli, args, input=stdin, env=env)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # a crash is not a refusal: show it, as a subprocess would print its traceback
        assert result.exc_info is not None
        stderr += "".join(traceback.format_exception(*result.exc_info))
    return Ran(result.exit_code, result.stdout, stderr)
