"""How many webhooks this process is answering right now, so background processing can give way to them.

A webhook's answer waits for the store (and, for a risk text, the crisis reply); the processing of texts
already answered can wait a little. The webhook routes count themselves in (:meth:`IntakeGauge.receiving`,
from the route's first line until it returns its response); the SQLite inbound worker
(``bot/messaging/inbound_worker.py``) lets the open ones have a few turns of the event loop before each of
its transactions. So under a burst the webhooks go first and processing takes the gaps, and a sustained
flood still leaves processing a share of the event loop (a transaction every few turns).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import weakref
from collections.abc import Awaitable, Callable, Iterator
from typing import TYPE_CHECKING, ParamSpec, TypeVar

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.storage.db import Database

P = ParamSpec("P")
R = TypeVar("R")


class IntakeGauge:
    """The webhooks being answered right now (`open`)."""

    def __init__(self) -> None:
        self.open = 0

    @contextlib.contextmanager
    def receiving(self) -> Iterator[None]:
        """Count one webhook in for the block."""
        self.open += 1
        try:
            yield
        finally:
            self.open -= 1

    async def give_way(self, turns: int) -> None:
        """Let the webhooks being answered run first: up to `turns` turns of the event loop while any is
        open. Never idle: it returns as soon as none is open, and a turn with nothing else ready (a
        webhook waiting for its body from the network) is immediate, so no CPU is left unused."""
        for _ in range(turns):
            if self.open == 0:
                return
            await asyncio.sleep(0)


_gauges: weakref.WeakKeyDictionary[Database, IntakeGauge] = weakref.WeakKeyDictionary()


def intake_gauge(app: AppContext) -> IntakeGauge:
    """The gauge of `app`'s database (one per database, as the worker that reads it)."""
    gauge = _gauges.get(app.db)
    if gauge is None:
        gauge = _gauges[app.db] = IntakeGauge()
    return gauge


def counted(app: AppContext) -> Callable[[Callable[P, Awaitable[R]]], Callable[P, Awaitable[R]]]:
    """Decorate a webhook route: each call is counted in `app`'s gauge until it returns."""

    def decorate(route: Callable[P, Awaitable[R]]) -> Callable[P, Awaitable[R]]:
        @functools.wraps(route)
        async def counted_route(*args: P.args, **kwargs: P.kwargs) -> R:
            with intake_gauge(app).receiving():
                return await route(*args, **kwargs)

        return counted_route

    return decorate
