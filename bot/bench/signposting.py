"""`waymark bench signposting`: directory search latency (the harness is ``signposting/bench.py``)."""

from __future__ import annotations

import asyncio
from typing import Any


def bench_signposting(n_services: int = 10000) -> dict[str, Any]:
    """Search latency with ``n_services`` synthetic services (temp SQLite): p50/p95/p99/max ms."""
    from signposting.bench import run_bench

    return asyncio.run(run_bench(n_services=n_services))
