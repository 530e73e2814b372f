"""`waymark chat`: text the bot from the terminal through the real pipeline."""

from __future__ import annotations

import sys
import uuid
from typing import Annotated

import typer

from bot.channels.base import InboundMessage
from bot.channels.console import ConsoleSender
from bot.channels.telegram_updates import CHANNEL as TELEGRAM
from bot.channels.telegram_updates import command_text
from bot.cli.common import context_or_exit, lexicon_or_exit, run, settings_or_exit, setup_logging
from bot.context import AppContext
from bot.demo import load_demo
from bot.dispatcher import dispatch_due
from bot.inbox import ingest
from bot.migrate import upgrade_async
from bot.pipeline import process_inbound
from bot.web.telegram_routes import contact_opted_out

DEFAULT_FROM = "+447700900123"


async def send_line(ctx: AppContext, channel: str, sender: str, text: str) -> None:
    """One line from the terminal: store it, process it, send the replies (printed).

    On telegram, `/start [code]`, `/help`, `/menu` and `/stop` mean what they mean to the webhook.
    """
    meta: dict[str, str] = {}
    if channel == TELEGRAM:
        mapped, command = command_text(text)
        if command == "start" and await contact_opted_out(ctx, sender):
            mapped, command = command_text(text, opted_out=True)
        if command is not None:
            text, meta = mapped, {"command": command}
    inbound = InboundMessage(
        channel=channel,
        sender=sender,
        text=text,
        provider_id=f"console-{uuid.uuid4()}",
        received_at=ctx.now(),
        meta=meta,
    )
    stored = await ingest(ctx, inbound)
    await process_inbound(ctx, stored.message_id)
    while await dispatch_due(ctx, channel=None) > 0:
        pass


async def chat_loop(ctx: AppContext, channel: str, sender: str, demo: bool) -> None:
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
            if line.strip():
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
) -> None:
    """Read lines from stdin, run each through the real pipeline, print the replies."""
    if channel not in ("sms", "telegram"):
        raise typer.BadParameter("--channel must be sms or telegram")
    setup_logging("WARNING")
    lexicon_or_exit()
    ctx = context_or_exit(settings_or_exit())
    for name in ("sms", "telegram"):
        ctx.senders[name] = ConsoleSender(name, jsonl=jsonl)
    run(chat_loop(ctx, channel, sender, demo))
