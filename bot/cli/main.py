"""The `waymark` command: serve, chat, db, schools, bench, and each package's commands."""

from __future__ import annotations

import importlib

import typer

from bot.cli.admin import db_app, schools_app
from bot.cli.bench import bench_app
from bot.cli.chat import chat
from bot.cli.serve import serve

app = typer.Typer(
    help="Waymark: a text-message assistant for school mental health teams.", no_args_is_help=True
)
app.command()(serve)
app.command()(chat)
app.add_typer(db_app, name="db")
app.add_typer(schools_app, name="schools")
app.add_typer(bench_app, name="bench")

# Sub-command groups owned by other packages: (module, name, help).
SUBAPPS = (
    ("bot.cli.nlu_cmd", "nlu", "Train and evaluate the NLU."),
    ("bot.cli.safeguarding_cmd", "safeguarding", "Safeguarding screening tools."),
    ("bot.features.signposting.cli", "directory", "The service directory."),
    ("bot.features.escalations.cli", "escalations", "The duty queue of escalations."),
    ("bot.features.practitioners.cli", "users", "Practitioner accounts."),
    ("bot.cli.telegram_cmd", "telegram", "Telegram set-up."),
    (
        "bot.features.data_protection.contacts_cli",
        "contacts",
        "A contact's data: subject access export and erasure.",
    ),
    ("bot.features.data_protection.retention_cli", "retention", "Data retention: the daily purge."),
)
for module_name, name, help_text in SUBAPPS:
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        continue
    app.add_typer(module.app, name=name, help=help_text)
