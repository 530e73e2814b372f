"""`waymark serve`: the web app (webhooks, dashboard, /healthz), the dispatcher and the scheduler."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn

from bot.cli.common import context_or_exit, fail, run, settings_or_exit, setup_logging
from bot.demo import load_demo
from bot.migrate import upgrade_async
from bot.settings import SettingsError


def serve(
    demo: Annotated[
        bool, typer.Option("--demo", help="Load demo data into an empty database first.")
    ] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="Log level.")] = "info",
) -> None:
    """Upgrade the database, then serve until stopped."""
    from bot.channels.registry import install_senders
    from bot.web.app import create_app

    setup_logging(log_level)
    settings = settings_or_exit()
    try:
        settings.require_secret_key()
    except SettingsError as exc:
        fail(str(exc))
    ctx = context_or_exit(settings)
    run(upgrade_async(settings.database_url))
    if demo:
        run(load_demo(ctx))
        run(ctx.db.dispose())
    try:
        install_senders(ctx)
    except SettingsError as exc:
        fail(str(exc))
    if ctx.nlu is not None:
        # Load (or train, on a first run) the NLU model before taking traffic: doing it on the first
        # webhook would hold the GIL for seconds while other webhooks wait.
        run(ctx.nlu.parse("hello"))
    uvicorn.run(create_app(ctx), host=host, port=port, log_level=log_level, access_log=False)
