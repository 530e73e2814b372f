"""How many webhooks this process is answering right now, so background processing can give way to them.

A webhook's answer waits for the store (and, for a risk text, the crisis reply); the processing of texts
already answered can wait a little. The webhook routes count themselves in (:meth:`IntakeGauge.receiving`,
from the route's first line until it returns its response); the SQLite inbound worker
(``bot/messaging/inbound_worker.py``) waits for a moment with none open, for at most a few milliseconds,
before each of its transactions. So under a burst the webhooks go first and processing takes the gaps,
and a sustained flood still leaves processing a share of the event loop.
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
    """The webhooks being answered (`open`) and the tasks waiting for a moment with none."""

    def __init__(self) -> None:
        self.open = 0
        self._waiting: list[asyncio.Future[None]] = []

    @contextlib.contextmanager
    def receiving(self) -> Iterator[None]:
        """Count one webhook in for the block."""
        self.open += 1
        try:
            yield
        finally:
            self.open -= 1
            if self.open == 0:
                self._wake()

    async def quiet(self, at_most: float) -> None:
        """Return once no webhook is being answered, or after `at_most` seconds, whichever is first."""
        if self.open == 0:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        try:
            async with asyncio.timeout(at_most):
                await waiter
        except TimeoutError:
            pass
        finally:
            if waiter in self._waiting:
                self._waiting.remove(waiter)

    def _wake(self) -> None:
        waiting, self._waiting = self._waiting, []
        for waiter in waiting:
            if not waiter.done() and not waiter.get_loop().is_closed():
                waiter.set_result(None)


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
