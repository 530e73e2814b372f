"""The `waymark` command: serve, chat, db, bench, and the commands of each installed feature.

Start-up is lazy: importing this module imports typer and nothing of the app. A command's module is
imported when that command runs (``waymark db upgrade`` never imports the web app or a feature), and the
installed features (``bot/app/installed.py``, the one list) are imported only when one of their commands
runs or the command list is shown (``waymark --help``). ``tests/bot/cli/test_startup.py`` keeps it so.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

CORE_COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("bot.cli.serve", "serve"),
    "chat": ("bot.cli.chat", "chat"),
    "db": ("bot.cli.admin", "db_app"),
    "bench": ("bot.cli.bench", "bench_app"),
}
"""`waymark <name>`: (module, attribute) of a typer command function or a typer group, imported on use."""

COMMAND_LIST: tuple[tuple[str, str], ...] = (
    ("serve", "Upgrade the database, then serve until stopped."),
    ("chat", "Read lines from stdin, run each through the real pipeline, print the replies."),
    ("db", "Database tasks."),
    ("bench", "Benchmarks: speed and memory."),
    ("nlu", "Train and evaluate the NLU."),
    ("safeguarding", "Safeguarding screening tools."),
    ("telegram", "Telegram set-up."),
    ("schools", "Schools and their join codes."),
    ("directory", "The service directory."),
    ("escalations", "The duty queue of escalations."),
    ("users", "Practitioner accounts."),
    ("contacts", "A contact's data: subject access export and erasure."),
    ("retention", "Data retention: the daily purge."),
    ("callbacks", "The call-back queue."),
    ("referrals", "Self-referrals for the team to triage."),
    ("appointments", "Appointments and their reminders."),
    ("checkins", "Check-ins by text: plans, scores, charts, requests."),
    ("report", "Reports: the monthly PDF pack and CSV for commissioners."),
)
"""Every command and its one-line help, in the order `waymark --help` lists them. The list is shown
without importing any command's module or the installed features (about a second of imports);
``tests/bot/cli/test_startup.py`` checks it against the real commands."""


def _to_click(name: str, target: Any) -> Any:
    """The click command typer makes of a command function or a Typer group."""
    holder = typer.Typer()
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name=name)(target)
    group = typer.main.get_group(holder)
    return group.commands[name]


def feature_commands() -> dict[str, Any]:
    """Each installed feature's command groups (bot/app/installed.py), as click commands by name."""
    from bot.app.installed import INSTALLED

    holder = typer.Typer()
    for feature in INSTALLED:
        for command in feature.commands:
            holder.add_typer(command.app, name=command.name, help=command.help)
    return dict(typer.main.get_group(holder).commands)


class LazyCommands(TyperGroup):
    """A group whose commands are imported when first needed."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._features_loaded = False
        self._listing = False  # while the help text is written: names and one-line help only

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self._listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._listing = False

    def _load_core(self, name: str) -> None:
        if name in CORE_COMMANDS and name not in self.commands:
            module, attr = CORE_COMMANDS[name]
            self.add_command(_to_click(name, getattr(importlib.import_module(module), attr)), name)

    def _load_features(self) -> None:
        if not self._features_loaded:
            self._features_loaded = True
            for name, command in feature_commands().items():
                self.add_command(command, name)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        listed = dict(COMMAND_LIST)
        if self._listing and cmd_name not in self.commands and cmd_name in listed:
            return TyperCommand(cmd_name, help=listed[cmd_name])
        self._load_core(cmd_name)
        if cmd_name not in self.commands:
            self._load_features()
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: Any) -> list[str]:
        if self._listing:
            return [name for name, _ in COMMAND_LIST]
        for name in CORE_COMMANDS:
            self._load_core(name)
        self._load_features()
        return super().list_commands(ctx)


app = typer.Typer(
    cls=LazyCommands,
    help="Waymark: a text-message assistant for school mental health teams.",
    no_args_is_help=True,
)


@app.callback()
def main() -> None:
    """Waymark: a text-message assistant for school mental health teams."""
