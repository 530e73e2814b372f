"""The `waymark` command: serve, chat, db, bench, and the commands of each installed feature."""

from __future__ import annotations

import typer

from bot.app.installed import INSTALLED
from bot.cli.admin import db_app
from bot.cli.bench import bench_app
from bot.cli.chat import chat
from bot.cli.serve import serve

app = typer.Typer(
    help="Waymark: a text-message assistant for school mental health teams.", no_args_is_help=True
)
app.command()(serve)
app.command()(chat)
app.add_typer(db_app, name="db")
app.add_typer(bench_app, name="bench")

for feature in INSTALLED:  # each installed feature's command groups (bot/app/installed.py)
    for command in feature.commands:
        app.add_typer(command.app, name=command.name, help=command.help)
