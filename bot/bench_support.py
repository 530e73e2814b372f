"""What the in-process benchmarks share: percentiles and one timed ASGI POST."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from typing import Any


def percentile(values: Sequence[float], q: float) -> float:
    """The value at quantile `q` (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed_post(
    app: Any, path: str, body: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[int, float, float]:
    """POST `body` to the ASGI `app` at `path` over https.

    Returns (status, ms until the response was sent, ms until the app returned, i.e. until the background
    work FastAPI runs after the response was done).
    """
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "https", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
        "headers": [*headers, (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000), "server": ("bench.waymark.invalid", 443),
    }  # fmt: skip
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
