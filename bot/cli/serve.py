"""`waymark serve`: the web app (webhooks, dashboard, /healthz), the dispatcher and the scheduler."""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Annotated

import typer
import uvicorn

from bot.app.context import AppContext
from bot.app.demo import load_demo
from bot.app.heap import freeze_startup_heap
from bot.app.memory import rss_mb
from bot.app.settings import Settings, SettingsError
from bot.cli.common import context_or_exit, fail, lexicon_or_exit, run, settings_or_exit, setup_logging
from bot.cli.demo_guard import refuse_demo_in_production
from bot.cli.serve_workers import bind_socket, exit_on_stop_signals, start_workers, stop_workers
from bot.storage.db import is_sqlite
from bot.storage.migrate import upgrade_async, upgrade_in_child

log = logging.getLogger(__name__)


async def _warm_directory(ctx: AppContext) -> int:
    """Compile the directory's timetables before taking traffic (search ranks from memory)."""
    from signposting.search import warm_timetables

    async with ctx.db.session() as session:
        count = await warm_timetables(session)
    await ctx.db.dispose()
    return count


async def load_demo_data(ctx: AppContext) -> None:
    """Load the demo data, then close the connections in this same event loop: each `run` step has its own
    loop, and on PostgreSQL closing asyncpg connections from the next one logged "Event loop is closed"."""
    await load_demo(ctx)
    await ctx.db.dispose()


async def _recover_claims(ctx: AppContext) -> int:
    """Outbox rows a dead worker had claimed go back to the queue now, not when their lease ends."""
    from bot.messaging.dispatcher import recover_at_startup

    taken = await recover_at_startup(ctx)
    await ctx.db.dispose()
    return taken


async def _rota_problems(ctx: AppContext) -> list[str]:
    """Rota names without an active practitioner, opted-out alert numbers, gaps: said at start-up."""
    from bot.features.escalations.rota_check import rota_problems

    async with ctx.db.session() as session:
        problems = await rota_problems(session, ctx.config)
    await ctx.db.dispose()
    return problems


async def _rota_refusal(ctx: AppContext) -> str | None:
    """Seed the stored rota from config.yml if it has none yet, then say why it must not start, or None."""
    from bot.features.escalations.rota_check import rota_refusal
    from bot.features.escalations.rota_store import seed_rota

    async with ctx.db.session() as session:
        if await seed_rota(session, ctx.config, ctx.now()):
            await session.commit()
            log.info("duty rota: seeded from config.yml (safeguarding.rota); edit it on /rota")
        refusal = await rota_refusal(session, ctx.config)
    await ctx.db.dispose()
    return refusal


def _log_memory(stage: str) -> None:
    """One start-up line with the process's RSS (`waymark bench load` collects them: startup_rss_mb)."""
    log.info("memory: %.1f MB %s", rss_mb(), stage)


def prepare(ctx: AppContext, settings: Settings, *, demo: bool, stage: Callable[[str], None]) -> None:
    """Everything `serve` does between building the app context and listening: upgrade the database, load
    the demo data if asked, install the senders, take back stale claims, load the safeguarding screen,
    check the rota, warm the directory, the need phrases and the NLU. ``stage(what)`` is called after each
    step (serve logs the RSS; `waymark bench memory` measures it)."""
    from bot.channels.registry import install_senders

    if not upgrade_in_child(settings.database_url):  # Alembic's memory is not kept by the server
        run(upgrade_async(settings.database_url))
    stage("after the database upgrade")
    if demo:
        run(load_demo_data(ctx))
        stage("after the demo data")
    try:
        install_senders(ctx)
    except SettingsError as exc:
        fail(str(exc))
    if taken := run(_recover_claims(ctx)):
        log.warning(
            "outbox: %d texts claimed by a stopped worker are queued again (checked before resending)", taken
        )
    stage("before the safeguarding screen")
    lexicon_or_exit()  # a bad lexicon stops start-up; a good one is compiled now, not on the first text
    stage("after the safeguarding lexicon and model")
    refusal = run(_rota_refusal(ctx))
    if refusal and not demo:
        fail(refusal)  # alerts would fail while the pupil is told someone will contact them
    for problem in run(_rota_problems(ctx)):
        log.warning("duty rota: %s", problem)
    log.info("directory: %d timetables ready", run(_warm_directory(ctx)))
    ctx.find_need("hello")  # the need phrases: loaded now, not on the first text
    if ctx.nlu is not None:
        # Load (or train, on a first run) the NLU model before taking traffic: doing it on the first
        # webhook would hold the GIL for seconds while other webhooks wait. A first run trains in a child
        # process, so the training's memory is not kept by the server.
        from bot.app.child_step import train_nlu_in_child
        from nlu.embedded import EmbeddedParser

        if isinstance(ctx.nlu, EmbeddedParser) and not ctx.nlu.loaded:
            train_nlu_in_child(ctx.nlu.cache_dir)
        run(ctx.nlu.parse("hello"))
    stage("after the directory and the NLU model")
    _start_second_look(ctx)


def _start_second_look(ctx: AppContext) -> None:
    """Start the second look's worker process and wait for its model to load, so the first text in the
    band does not wait for it. If it cannot start, serve anyway: band texts are then decided by the first
    look alone, with review at least (bot/messaging/second_look.py), and each try starts it again."""
    from bot.messaging.second_look import enabled, pool

    if not enabled(ctx):
        return
    try:
        pool(ctx).ready(timeout=120.0)
    except Exception as exc:
        log.warning("second look: the worker did not start (%s); the first look decides alone for now",
                    type(exc).__name__)  # fmt: skip
    else:
        log.info("second look: worker ready")


def serve(
    demo: Annotated[
        bool, typer.Option("--demo", help="Load demo data into an empty database first.")
    ] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="Log level.")] = "info",
    log_format: Annotated[
        str | None,
        typer.Option(help="text or json (one JSON object per line); default WAYMARK_LOG_FORMAT, else text."),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(help="Processes serving the same port (SO_REUSEPORT; PostgreSQL for more than one)."),
    ] = 1,
    reuse_port: Annotated[
        bool,
        typer.Option("--reuse-port", help="Bind with SO_REUSEPORT so other processes can share the port."),
    ] = False,
) -> None:
    """Upgrade the database, then serve until stopped."""
    from bot.web.app import create_app

    setup_logging(log_level, log_format)
    settings = settings_or_exit()
    if workers > 1 and is_sqlite(settings.database_url):  # before anything is loaded or written
        fail("--workers above 1 needs PostgreSQL (SQLite allows one writer; use one process)")
    refuse_demo_in_production(settings, demo)
    try:
        settings.require_secret_key()
    except SettingsError as exc:
        fail(str(exc))
    ctx = context_or_exit(settings)
    _log_memory("after imports and the app context")
    prepare(ctx, settings, demo=demo, stage=_log_memory)
    if demo:
        _print_sign_ins(host, port)
    sock = bind_socket(host, port, reuse_port=reuse_port or workers > 1)
    children = start_workers(workers - 1, host, port, log_level, log_format)
    if children:
        exit_on_stop_signals()
    app = create_app(ctx, detach=True)  # texts processed in tasks of their own (crisis_lane.py)
    log.info("start-up heap frozen: %d objects", freeze_startup_heap())  # bot/app/heap.py
    _log_memory("at start-up's end (heap frozen)")
    try:
        _serve(app, sock, log_level)
    finally:
        stop_workers(children)
        sock.close()


def _serve(app: object, sock: socket.socket, log_level: str) -> None:
    uvicorn.run(
        app,  # type: ignore[arg-type]
        fd=sock.fileno(),
        log_level=log_level,
        log_config=None,  # uvicorn's loggers go through ours (JSON when asked), not its own text set-up
        access_log=False,
        server_header=False,
        timeout_graceful_shutdown=5,  # open duty-queue event streams must not hold a stop for ever
    )


def _print_sign_ins(host: str, port: int) -> None:
    """The dashboard's address and a demo sign-in for each role (demo passwords: demo data only)."""
    from bot.features.practitioners.demo import demo_sign_ins

    typer.echo(
        f"\nDashboard: http://{host}:{port}/  (demo sign-ins below; demo passwords are for demo data only)"
    )
    for role, username, password in demo_sign_ins():
        typer.echo(f"  {role:15} {username:14} password: {password}")
    typer.echo("")
