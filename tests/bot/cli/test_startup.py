"""`waymark` starts fast: importing the CLI imports typer, not the app; a command imports what it needs.

Issue 17: every call took about 4 s, most of it imports (the web app, the database layer, matplotlib,
wordfreq, Alembic, Telegram's library) and loading data no command needed. Each check runs in a fresh
interpreter, since this test process has imported everything already. No timings: what is imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.support import ROOT

HEAVY = ("sqlalchemy", "sqlmodel", "fastapi", "starlette", "sklearn", "numpy", "matplotlib", "wordfreq",
         "alembic", "telegram", "uvicorn", "twilio")  # fmt: skip


def _imported_after(code: str) -> dict[str, bool]:
    probe = (
        "import sys\n"
        f"{code}\n"
        "import json\n"
        "from safeguarding import screening\n"
        f"found = {{m: m in sys.modules for m in {HEAVY!r}}}\n"
        "found['lexicon loaded'] = screening.is_loaded()\n"
        "context = sys.modules.get('bot.app.context')\n"
        "found['need phrases loaded'] = bool(context and context.need_finder.cache_info().currsize)\n"
        "print(json.dumps(found))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", probe], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    found: dict[str, bool] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def test_importing_the_cli_imports_no_part_of_the_app() -> None:
    found = _imported_after("import bot.cli.main")
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_the_installed_features_import_without_the_web_app_plots_or_models() -> None:
    """What every feature command (`waymark users list`, `schools list`) imports: the database layer, and
    not the web app, matplotlib, wordfreq, Alembic, Telegram's library, the lexicon or the NLU data."""
    found = _imported_after("import bot.app.installed")
    assert found.pop("sqlalchemy") and found.pop("sqlmodel")
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_a_feature_command_still_runs(tmp_path: object) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path}/cli.db",
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
    }
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", "users", "list"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "no practitioners yet" in done.stdout


def test_a_feature_command_does_not_read_the_safeguarding_model(tmp_path: object) -> None:
    """The model file takes about 0.4 s to read; `users list` screens nothing, so it is configured, not
    read (it would be read on a first screen: tests/safeguarding/test_model_config.py)."""
    found = _imported_after(
        "import os\n"
        f"os.environ['WAYMARK_CONFIG'] = {str(ROOT / 'config.yml')!r}\n"
        f"os.environ['WAYMARK_DATABASE_URL'] = 'sqlite:///{tmp_path}/cli.db'\n"
        "from bot.cli.main import app\n"
        "try:\n"
        "    app(['users', 'list'], prog_name='waymark')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "from safeguarding.model_table import load_compact\n"
        "assert load_compact.cache_info().currsize == 0, 'the model file was read'"
    )
    assert not found["lexicon loaded"]


def test_the_help_lists_every_command_without_importing_them() -> None:
    found = _imported_after(
        "from bot.cli.main import app\n"
        "try:\n"
        "    app(['--help'], prog_name='waymark')\n"
        "except SystemExit:\n"
        "    pass\n"
        "assert not any(m.startswith(('bot.app', 'bot.features', 'bot.cli.serve')) for m in sys.modules)"
    )
    assert not any(found.values()), {k: v for k, v in found.items() if v}


def test_the_help_list_is_the_real_commands_with_their_help() -> None:
    """`COMMAND_LIST` (what `--help` shows without importing) against each command's own help."""
    from typer.main import get_group

    from bot.cli.main import COMMAND_LIST, LazyCommands, app

    group = get_group(app)
    assert isinstance(group, LazyCommands)
    real = [(name, group.get_command(None, name)) for name in group.list_commands(None)]
    assert [(name, (command.help or "").strip().splitlines()[0]) for name, command in real] == list(
        COMMAND_LIST
    )
