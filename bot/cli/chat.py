"""`waymark chat`: text the bot from the terminal through the real pipeline."""

from __future__ import annotations

import datetime as dt
import sys
import uuid
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.app.demo import load_demo
from bot.channels.base import InboundMessage
from bot.channels.console import ConsoleSender
from bot.channels.sanitise import storable_text
from bot.cli.common import context_or_exit, lexicon_or_exit, run, settings_or_exit, setup_logging
from bot.cli.demo_guard import refuse_demo_in_production
from bot.messaging.dispatcher import dispatch_due
from bot.messaging.inbox import ingest
from bot.messaging.jobs import run_due_items
from bot.messaging.pipeline import process_inbound
from bot.storage.migrate import upgrade_async

DEFAULT_FROM = "+447700900123"


async def send_line(ctx: AppContext, channel: str, sender: str, text: str) -> None:
    """One line from the terminal: store it, process it, send the replies (printed).

    The whole line is stored and screened, as the webhooks store a text; on telegram, `/start [code]`,
    `/help`, `/menu` and `/stop` are then read by the pipeline just as for the real bot
    (`bot/channels/telegram_commands.py`).
    """
    inbound = InboundMessage(
        channel=channel,
        sender=sender,
        text=storable_text(text),
        provider_id=f"console-{uuid.uuid4()}",
        received_at=ctx.now(),
    )
    stored = await ingest(ctx, inbound)
    await process_inbound(ctx, stored.message_id)
    while await dispatch_due(ctx, channel=None) > 0:
        pass


CLOCK_LINE = "@at "
"""With ``--at``, a line ``@at 2026-11-24 10:30`` moves the fixed clock and runs what fell due."""


def local_time(text: str, zone: ZoneInfo) -> dt.datetime:
    """``2026-11-17 23:30`` (or ISO with an offset) as an aware time; a plain time is in ``zone``."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise ValueError(f"{text.strip()!r} is not a time like 2026-11-17 23:30") from exc
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=zone)


async def move_clock(ctx: AppContext, clock: FixedClock, text: str) -> None:
    """Set the fixed clock, then run the scheduled items now due (follow-ups) and send their texts."""
    clock.set(local_time(text, ctx.config.service.tz))
    print(f"[clock {clock.now().astimezone(ctx.config.service.tz):%a %d %b %Y %H:%M}]", file=sys.stderr)
    await run_due_items(ctx)
    while await dispatch_due(ctx, channel=None) > 0:
        pass


async def chat_loop(
    ctx: AppContext, channel: str, sender: str, demo: bool, clock: FixedClock | None = None
) -> None:
    await upgrade_async(ctx.settings.database_url)
    if demo:
        await load_demo(ctx)
    interactive = sys.stdin.isatty()
    try:
        while True:
            if interactive:
                print("> ", end="", flush=True)
            line = sys.stdin.readline()
            if not line:
                break
            if clock is not None and line.startswith(CLOCK_LINE):
                try:
                    await move_clock(ctx, clock, line[len(CLOCK_LINE) :])
                except ValueError as exc:
                    print(f"[{exc}]", file=sys.stderr)
            elif line.strip():
                await send_line(ctx, channel, sender, line.rstrip("\n"))
    finally:
        await ctx.close()


def chat(
    demo: Annotated[
        bool, typer.Option("--demo", help="Load demo data into an empty database first.")
    ] = False,
    sender: Annotated[str, typer.Option("--from", help="The sender's number or chat id.")] = DEFAULT_FROM,
    channel: Annotated[str, typer.Option("--channel", help="sms or telegram")] = "sms",
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per outbound message.")] = False,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="Fix the clock at this local time, e.g. '2026-11-17 23:30'. A line '@at TIME' then moves it "
            "and runs what fell due (follow-ups), e.g. '@at 2026-11-25 10:30'.",
        ),
    ] = None,
) -> None:
    """Read lines from stdin, run each through the real pipeline, print the replies."""
    if channel not in ("sms", "telegram"):
        raise typer.BadParameter("--channel must be sms or telegram")
    setup_logging("WARNING")
    settings = settings_or_exit()
    refuse_demo_in_production(settings, demo)
    lexicon_or_exit()
    ctx = context_or_exit(settings)
    clock = None
    if at is not None:
        try:
            clock = FixedClock(local_time(at, ctx.config.service.tz))
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--at") from exc
        ctx.clock = clock
    for name in ("sms", "telegram"):
        ctx.senders[name] = ConsoleSender(name, jsonl=jsonl)
    run(chat_loop(ctx, channel, sender, demo, clock))
