"""`waymark bench ...`: speed and memory figures (targets live here, not in timed tests)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from bot.cli.options import ScreeningConfigOption

bench_app = typer.Typer(help="Benchmarks: speed and memory.", no_args_is_help=True)


def _print(figures: dict[str, Any], as_json: bool) -> None:
    if as_json:
        typer.echo(json.dumps(figures, indent=2, default=str))
        return
    for key, value in figures.items():
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        typer.echo(f"{key:32} {shown}")


@bench_app.command("safeguarding")
def bench_safeguarding(
    n: Annotated[int, typer.Option(help="Messages to screen.")] = 20000,
    distinct: Annotated[
        int, typer.Option(help="Different corpus texts to screen once each (words the caches have not seen).")
    ] = 2000,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    second_look: Annotated[
        bool, typer.Option("--second-look/--no-second-look", help="Also measure the second look.")
    ] = True,
    config: ScreeningConfigOption = None,
) -> None:
    """screen() throughput and latency with the full lexicon and the learned screen as config.yml deploys
    them; then the second look's CPU time per text and the share of texts in its band (off the screen's
    figures: measured after)."""
    from bot.app.config import ConfigError, load_config
    from bot.app.context import configure_screening_model, second_look_settings
    from bot.cli.common import fail, settings_or_exit
    from safeguarding.bench import bench_screen, bench_second_look

    path = config if config is not None else settings_or_exit().config_path
    try:
        app_config = load_config(path)
        configure_screening_model(app_config, path)
        look_settings = second_look_settings(app_config, path)
    except ConfigError as exc:
        fail(f"{path}: {exc}")
    figures = bench_screen(n, distinct)
    if second_look:
        figures.update(bench_second_look(distinct, look_settings))
    _print(figures, as_json)


@bench_app.command("nlu")
def bench_nlu_cmd(
    engine: Annotated[str, typer.Option(help="embedded or rasa")] = "embedded",
    file: Annotated[Path | None, typer.Option(help="Held-out file (Rasa YAML or CSV).")] = None,
    rasa_url: Annotated[str | None, typer.Option(help="Rasa server URL.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """NLU training time, parse latency and memory."""
    from bot.bench.nlu import bench_nlu

    _print(bench_nlu(engine, file, rasa_url), as_json)


@bench_app.command("signposting")
def bench_signposting_cmd(
    services: Annotated[int, typer.Option(help="Services to load.")] = 10000,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Directory search latency with many services loaded."""
    from bot.bench.signposting import bench_signposting

    _print(bench_signposting(services), as_json)


@bench_app.command("pipeline")
def bench_pipeline_cmd(
    messages: Annotated[int, typer.Option(help="Inbound messages to process.")] = 300,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """In-process message path: store, screen, route, reply (SQLite in a temp dir)."""
    from bot.bench.pipeline import bench_pipeline

    _print(bench_pipeline(messages), as_json)


@bench_app.command("memory")
def bench_memory_cmd(
    top: Annotated[
        int, typer.Option(help="Also list the N source lines that allocated most in each step (tracemalloc).")
    ] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """RSS after each step of `waymark serve --demo`'s start-up, in this process (SQLite in a temp dir);
    memory under load: `waymark bench load` (peak_rss_mb_by_phase)."""
    from bot.bench.memory import bench_memory

    rows = bench_memory(top)
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        if "modules" in row:
            typer.echo(f"{row['stage']}: {', '.join(row['modules']) or 'none'}")
            continue
        traced = f"  (traced {row['traced_mb']:.1f} MB)" if "traced_mb" in row else ""
        typer.echo(f"{row['rss_mb']:8.1f} MB  {row['stage']}{traced}")
        for line in row.get("top", []):
            typer.echo(f"             {line}")


@bench_app.command("trips")
def bench_trips_cmd(
    top: Annotated[int, typer.Option(help="Call sites and statements to list per text.")] = 8,
) -> None:
    """Database round trips and SQL statements per inbound text (SQLite in a temp dir), by call site."""
    from bot.bench.round_trips import bench_round_trips

    _print(bench_round_trips(top), True)


@bench_app.command("cost")
def bench_cost_cmd(
    n: Annotated[int, typer.Option(help="Inbound texts to post (twice: counted, then profiled).")] = 400,
    database_url: Annotated[
        str | None, typer.Option(help="An empty PostgreSQL database to use instead of a temp SQLite.")
    ] = None,
) -> None:
    """Per inbound text, webhook to replies queued: SQL statements, connections, Python calls, CPU."""
    from bot.bench.inbound_cost import bench_inbound_cost

    _print(bench_inbound_cost(n, database_url), True)


@bench_app.command("webhook")
def bench_webhook_cmd(
    n: Annotated[int, typer.Option(help="Webhook requests to send.")] = 300,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Signed Twilio webhook -> stored -> processed, in-process, p50/p99."""
    from bot.bench.webhooks import bench_webhook

    _print(bench_webhook(n), as_json)


@bench_app.command("escalation")
def bench_escalation_cmd(
    n: Annotated[int, typer.Option(help="Risk messages to process.")] = 200,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Inbound risk message -> escalation stored and alert queued, in-process, p50/p99."""
    from bot.bench.escalations import bench_escalation

    _print(bench_escalation(n), as_json)


@bench_app.command("telegram")
def bench_telegram_cmd(
    n: Annotated[int, typer.Option(help="Webhook updates to send.")] = 300,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Telegram webhook update -> stored -> processed, in-process, p50/p99."""
    from bot.bench.telegram_webhooks import bench_telegram_webhook

    _print(bench_telegram_webhook(n), as_json)


@bench_app.command("reminders")
def bench_reminders_cmd(
    n: Annotated[int, typer.Option(help="Due reminders to queue.")] = 10000,
    database_url: Annotated[
        str | None, typer.Option(help="An empty PostgreSQL database to use instead of a temp SQLite.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """N due appointment reminders -> N texts queued, each exactly once (target: 10,000 in <= 30 s)."""
    from bot.bench.reminders import bench_reminders

    _print(bench_reminders(n, database_url), as_json)


@bench_app.command("sends")
def bench_sends_cmd(
    n: Annotated[int, typer.Option(help="Queued texts to send.")] = 5000,
    database_url: Annotated[
        str | None, typer.Option(help="An empty PostgreSQL database to use instead of a temp SQLite.")
    ] = None,
    sms_rate: Annotated[float, typer.Option(help="The SMS limit, segments a second.")] = 400.0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The dispatcher alone: N queued texts sent through the Twilio client to a local fake provider; CPU
    per send of the dispatcher and of the fake provider."""
    from bot.bench.sends import bench_sends

    _print(bench_sends(n, database_url, sms_rate), as_json)


@bench_app.command("followups")
def bench_followups_cmd(
    n: Annotated[int, typer.Option(help="Due follow-ups to run.")] = 10000,
    database_url: Annotated[
        str | None, typer.Option(help="An empty PostgreSQL database to use instead of a temp SQLite.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """N due scheduled follow-ups run through their flow: time, CPU and SQL statements per item."""
    from bot.bench.followups import bench_followups

    _print(bench_followups(n, database_url), as_json)


@bench_app.command("load")
def bench_load_cmd(
    database: Annotated[
        str | None,
        typer.Option(help="Database URL (default: SQLite in a temp dir). Use a database of its own."),
    ] = None,
    processes: Annotated[int, typer.Option(help="Server processes on one port (SO_REUSEPORT).")] = 1,
    messages: Annotated[int, typer.Option(help="Inbound webhooks to send.")] = 2000,
    concurrency: Annotated[int, typer.Option(help="Senders in flight at once.")] = 16,
    rate: Annotated[float | None, typer.Option(help="Send at this many per second instead.")] = None,
    senders: Annotated[int, typer.Option(help="Distinct numbers / chats.")] = 500,
    telegram_every: Annotated[int, typer.Option(help="Every Nth webhook is Telegram (0: none).")] = 4,
    risk_every: Annotated[int, typer.Option(help="Every Nth text is a risk text (0: none).")] = 50,
    scheduled: Annotated[int, typer.Option(help="Due scheduled items to run after the load.")] = 10000,
    sms_rate: Annotated[
        int, typer.Option(help="SMS segments/s all the servers together may send (fake provider).")
    ] = 100,
    plot: Annotated[Path | None, typer.Option(help="Write webhook latency over time to this PNG.")] = None,
    config: Annotated[Path, typer.Option(help="config.yml the servers start from.")] = Path("config.yml"),
    keep: Annotated[
        Path | None, typer.Option(help="Keep the database and server logs in this folder.")
    ] = None,
    profile: Annotated[
        bool, typer.Option(help="Run the servers under cProfile (server<N>.prof in --keep).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The real HTTP app under load: signed Twilio + Telegram webhooks against `waymark serve` (see
    docs/operations.md for what each figure means)."""
    import asyncio

    from bot.bench.load import run_load

    figures = asyncio.run(
        run_load(
            database_url=database,
            processes=processes,
            messages=messages,
            concurrency=concurrency,
            rate=rate,
            senders=senders,
            telegram_every=telegram_every,
            risk_every=risk_every,
            scheduled=scheduled,
            sms_rate=sms_rate,
            plot=plot,
            config=config.resolve(),
            keep=keep,
            profile=profile,
        )
    )
    _print(figures, as_json)
