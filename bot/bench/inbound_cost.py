"""`waymark bench cost`: what one inbound text costs end to end in-process, in counts that load cannot move.

Signed Twilio webhooks go through the real ASGI app (signature, form, store with the claim, empty TwiML,
then the pipeline as the background task), one at a time, with the bench load's text mix (a first "hi"
from each number, then "menu", "2", ...; a risk text every 50th) on the demo data. Nothing is dispatched.
Per text it reports the SQL statements the app ran (by kind), the pooled connections checked out, the
database round trips before the answer and after it (PostgreSQL: ``bot/bench/wire.py``), the
Python function calls (cProfile, a second pass over new texts), the CPU time (the first pass, no
profiler: on a shared machine compare counts, not CPU) and the CPU by phase (a third pass over new texts,
``bot/bench/cost_phases.py``; the signatures are computed before it, so the bench's own work is not in it).
"""

from __future__ import annotations

import asyncio
import collections
import cProfile
import pstats
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import event
from twilio.request_validator import RequestValidator

from bot.app.clock import SystemClock
from bot.app.context import AppContext, build_context
from bot.app.demo import load_demo
from bot.app.settings import Settings
from bot.bench.cost_phases import PROCESSING, WEBHOOK, PhaseClock
from bot.bench.load import RISK_TEXT, TEXTS
from bot.bench.support import on_database, post_scope, timed_post
from bot.bench.wire import WireCount
from bot.channels.console import ConsoleSender
from bot.storage.migrate import upgrade_async
from bot.web.app import create_app

PUBLIC_URL = "https://bench.waymark.invalid"
PATH = "/webhooks/twilio/sms"
TOKEN = "bench-auth-token-not-a-secret"
SENDERS = 200
RISK_EVERY = 50
PHASE_NUMBERS = 50_000
"""The phase pass's numbers start here (the other passes' at 0)."""


def sms_form(i: int, numbers_from: int = 0) -> dict[str, str]:
    """The `i`-th webhook's form: number ``numbers_from + i % SENDERS``, the load bench's text for its
    round. Another `numbers_from` gives the same texts from other numbers (new contacts), other ids."""
    sid = f"SM{numbers_from * 10**9 + i:032x}"
    body = RISK_TEXT if i % RISK_EVERY == RISK_EVERY - 1 else TEXTS[(i // SENDERS) % len(TEXTS)]
    return {
        "SmsMessageSid": sid, "SmsSid": sid, "MessageSid": sid, "SmsStatus": "received", "Body": body,
        "NumMedia": "0", "NumSegments": "1", "From": f"+4477019{numbers_from + i % SENDERS:05d}",
        "To": "+447700900000", "AccountSid": "AC" + "0" * 32, "ApiVersion": "2010-04-01",
    }  # fmt: skip


def _signed(
    i: int, validator: RequestValidator, numbers_from: int = 0
) -> tuple[bytes, list[tuple[bytes, bytes]]]:
    """The `i`-th webhook's body and headers (see :func:`sms_form`), signed as Twilio signs them."""
    form = sms_form(i, numbers_from)
    headers = [
        (b"host", PUBLIC_URL.split("://")[1].encode()),
        (b"content-type", b"application/x-www-form-urlencoded"),
        (b"x-twilio-signature", validator.compute_signature(PUBLIC_URL + PATH, form).encode()),
    ]
    return urlencode(form).encode(), headers


def _poster(app: Any) -> Callable[[int], Awaitable[tuple[int, float, float]]]:
    validator = RequestValidator(TOKEN)

    async def post(i: int) -> tuple[int, float, float]:
        return await timed_post(app, PATH, *_signed(i, validator))

    return post


async def _phase_pass(app: Any, n: int) -> dict[str, dict[str, float]]:
    """Post the first pass's `n` texts again from other numbers (new contacts: the same mix of texts as the
    CPU figure), with the phases timed; CPU milliseconds per text by phase."""
    validator = RequestValidator(TOKEN)
    requests = [_signed(i, validator, PHASE_NUMBERS) for i in range(n)]
    clock = PhaseClock()

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.body" and not message.get("more_body"):
            clock.add_part(WEBHOOK, time.process_time() - began[0])
            clock.part, began[0] = PROCESSING, time.process_time()

    began = [0.0]
    with clock.installed():
        for body, headers in requests:
            clock.part, began[0] = WEBHOOK, time.process_time()
            await _asgi_post(app, body, headers, send)
            clock.add_part(PROCESSING, time.process_time() - began[0])
            clock.part = None
    return clock.per_text_ms(n)


async def _asgi_post(app: Any, body: bytes, headers: list[tuple[bytes, bytes]], send: Any) -> None:
    """The webhook POST through the ASGI app, as ``timed_post`` makes it, with `send` for the answer."""
    answered = asyncio.Event()

    async def receive() -> dict[str, Any]:
        if body_left:
            body_left.clear()
            return {"type": "http.request", "body": body, "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def sending(message: dict[str, Any]) -> None:
        await send(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            answered.set()

    body_left = [True]
    await app(post_scope(PATH, headers, body), receive, sending)


async def _post_counted(
    app: Any, body: bytes, headers: list[tuple[bytes, bytes]], wire: WireCount
) -> tuple[int, int, int]:
    """One webhook through the app: its status, and the database round trips before its answer and after."""
    status, began, at_answer = [0], wire.n, [-1]

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status[0] = message["status"]
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            at_answer[0] = wire.n

    await _asgi_post(app, body, headers, send)
    return status[0], at_answer[0] - began, wire.n - at_answer[0]


def _count_statements(ctx: AppContext) -> tuple[collections.Counter[str], list[int]]:
    statements: collections.Counter[str] = collections.Counter()
    checkouts = [0]

    def on_statement(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        words = statement.split()
        statements[" ".join(words[:3]) if words[:1] != ["SELECT"] else "SELECT"] += 1

    def on_checkout(*_args: Any) -> None:
        checkouts[0] += 1

    event.listen(ctx.db.engine.sync_engine, "before_cursor_execute", on_statement)
    event.listen(ctx.db.engine.sync_engine.pool, "checkout", on_checkout)
    return statements, checkouts


async def _run(n: int, database_url: str) -> dict[str, Any]:
    settings = Settings(
        env="development", database_url=database_url, public_url=PUBLIC_URL, twilio_auth_token=TOKEN
    )
    await upgrade_async(settings.database_url)
    ctx = build_context(settings, clock=SystemClock())
    try:
        await load_demo(ctx)
        ctx.senders["sms"] = ConsoleSender("sms", write=lambda _line: None)
        ctx.find_need("hello")
        if ctx.nlu is not None:
            await ctx.nlu.parse("hello")
        app = create_app(ctx, background=False)
        post = _poster(app)
        for i in range(10):  # warm-up: caches, compiled statements
            await post(10**6 + i)
        statements, checkouts = _count_statements(ctx)
        validator, trips, statuses = (
            RequestValidator(TOKEN),
            collections.Counter[str](),
            collections.Counter[int](),
        )
        with WireCount().installed() as wire:
            cpu = time.process_time()
            for i in range(n):
                status, webhook_trips, processing_trips = await _post_counted(
                    app, *_signed(i, validator), wire
                )
                statuses[status] += 1
                trips[WEBHOOK] += webhook_trips
                trips[PROCESSING] += processing_trips
            cpu = time.process_time() - cpu
        by_kind, taken = statements.copy(), checkouts[0]  # the profiled pass below is not counted
        profile = cProfile.Profile()
        profile.enable()
        for i in range(n, 2 * n):
            await post(i)
        profile.disable()
        calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        phases = await _phase_pass(app, n)
    finally:
        await ctx.close()
    return {
        "texts": n,
        "status_200": statuses.get(200, 0),
        "statements_per_text": round(by_kind.total() / n, 2),
        "statements_by_kind_per_text": {k: round(v / n, 2) for k, v in by_kind.most_common()},
        "connections_checked_out_per_text": round(taken / n, 2),
        "round_trips_per_text": (
            {part: round(trips[part] / n, 2) for part in (WEBHOOK, PROCESSING)}
            | {"all": round(trips.total() / n, 2)}
            if trips.total()
            else None  # SQLite: no socket (``waymark bench trips`` counts its thread hops)
        ),
        "python_calls_per_text": round(calls / n),
        "cpu_ms_per_text": round(1000 * cpu / n, 2),
        "cpu_ms_per_text_by_phase": phases,
    }


def bench_inbound_cost(n: int = 400, database_url: str | None = None) -> dict[str, Any]:
    """Cost per inbound text (statements, connections, Python calls, CPU) on a temp SQLite or an empty
    PostgreSQL database at `database_url`."""
    return on_database(database_url, lambda url: _run(n, url))
