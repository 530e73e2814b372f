"""What the in-process benchmarks share: percentiles, one timed ASGI POST, the database to run on."""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import func
from sqlmodel import select

from bot.storage.models import Message

if TYPE_CHECKING:
    from bot.app.context import AppContext

T = TypeVar("T")


def on_database(database_url: str | None, run: Callable[[str], Coroutine[Any, Any, T]]) -> T:
    """``run(url)`` on `database_url`, or on a new SQLite file in a temporary folder (removed after)."""
    if database_url:
        return asyncio.run(run(database_url))
    with tempfile.TemporaryDirectory() as folder:
        return asyncio.run(run(f"sqlite:///{Path(folder) / 'bench.db'}"))


def percentile(values: Sequence[float], q: float) -> float:
    """The value at quantile `q` (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def post_scope(path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> dict[str, Any]:
    """The ASGI scope of an https POST of `body` to `path` from a local client (the benches' webhooks)."""
    return {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "https", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000), "server": ("bench.waymark.invalid", 443),
    }  # fmt: skip


async def timed_post(
    app: Any, path: str, body: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[int, float, float]:
    """POST `body` to the ASGI `app` at `path` over https.

    Returns (status, ms until the response was sent, ms until the app returned, i.e. until the background
    work FastAPI runs after the response was done).
    """
    scope = post_scope(path, headers, body)
    sent = asyncio.Event()
    received = False
    status, answered = 0, 0.0

    async def receive() -> dict[str, Any]:
        nonlocal received
        if not received:
            received = True
            return {"type": "http.request", "body": body, "more_body": False}
        await sent.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status, answered
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            answered = time.perf_counter()
            sent.set()

    start = time.perf_counter()
    await app(scope, receive, send)
    return status, (answered - start) * 1000, (time.perf_counter() - start) * 1000


async def webhook_figures(
    ctx: AppContext, n: int, warm_up: int, post: Callable[[int], Awaitable[tuple[int, float, float]]]
) -> dict[str, Any]:
    """Call `post(i)` for `warm_up` + `n` requests, then close `ctx`; status counts and p50/p99 figures.

    `post` returns what :func:`timed_post` returns. Warm-up requests are left out of every figure.
    """
    answered: list[float] = []
    finished: list[float] = []
    statuses: dict[int, int] = {}
    try:
        for i in range(n + warm_up):
            status, to_answer, to_done = await post(i)
            statuses[status] = statuses.get(status, 0) + 1
            if i >= warm_up:
                answered.append(to_answer)
                finished.append(to_done)
        async with ctx.db.session() as session:
            stmt = select(func.count()).select_from(Message).where(Message.direction == "in")
            processed = int((await session.exec(stmt.where(Message.status == "processed"))).one())
    finally:
        await ctx.close()
    return {
        "requests": n,
        "status_200": statuses.get(200, 0) - warm_up,
        "processed": processed - warm_up,
        "webhook_p50_ms": statistics.median(answered),
        "webhook_p99_ms": percentile(answered, 0.99),
        "processed_p50_ms": statistics.median(finished),
        "processed_p99_ms": percentile(finished, 0.99),
    }
