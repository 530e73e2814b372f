"""`python -m bot.cli` runs the `waymark` command."""

from bot.cli.main import app

app()
