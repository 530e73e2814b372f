"""Stage 1b: a second look, in a worker process, at the texts the first screen is unsure of.

The first screen (lexicon + n-gram model, ``safeguarding.screen``) answers every text at once. A text it
leaves below ``high`` with a model probability inside the uncertain band
(``safeguarding.second_look.needs_second_look``) is read again by a sentence encoder
(``safeguarding.second_look.judge``), whose verdict can only raise. The encoder costs a few milliseconds of
CPU and about 100 MB, so it runs in one worker process per server process (started at the first band
text, or ahead of time by :func:`warm_up`), never on the event loop and never in the server's own memory.

Fail closed, but without a crisis text nobody asked for: if the worker cannot answer (it is starting, it
crashed, it is too slow), the text goes to the review list as ``concern`` with the reason in its match, and
the failure is counted in the log (no text, no number). The first screen's own decision always stands.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match

if TYPE_CHECKING:
    from bot.app.context import AppContext
    from bot.messaging.safeguarding_stage import Screened

log = logging.getLogger(__name__)

UNAVAILABLE = Match(
    category="second_look",
    severity="concern",
    entry_id="second_look:unavailable",
    matched="",
    kind="model",
    note="the first screen was unsure and the second look could not run: review",
)
"""The match a band text gets when the second look cannot answer (review list, no crisis reply)."""


def _load_in_worker() -> None:
    """The worker's initializer: load the encoder and head once, before the first text arrives."""
    from safeguarding import second_look

    second_look.judge("hello", (), Assessment("none"))


def _judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    from safeguarding import second_look

    return second_look.judge(text, context, first)


Judge = Callable[[str, tuple[str, ...], Assessment], Assessment]


class SecondLookPool:
    """One worker process that runs `target` (module-level, so the worker can import it); rebuilt after it
    breaks."""

    def __init__(
        self, target: Judge = _judge, initializer: Callable[[], None] | None = _load_in_worker
    ) -> None:
        self._target = target
        self._initializer = initializer
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn: the worker starts clean (no copy of the server's event loop, threads or sockets)
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=self._initializer,
                )
            return self._pool

    def warm_up(self) -> None:
        """Start the worker (it loads the model in its initializer) without waiting for it."""
        self._executor().submit(int)

    async def judge(self, text: str, context: Sequence[str], first: Assessment, timeout: float) -> Assessment:
        loop = asyncio.get_running_loop()
        pool = self._executor()
        try:
            future = loop.run_in_executor(pool, self._target, text, tuple(context), first)
            return await asyncio.wait_for(future, timeout)
        except BrokenProcessPool:
            self._discard(pool)
            raise

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


_POOL = SecondLookPool()
atexit.register(_POOL.close)


def pool() -> SecondLookPool:
    """This process's second-look worker."""
    return _POOL


def enabled(app: AppContext) -> bool:
    return bool(app.config.safeguarding.second_look.enabled)


def in_band(app: AppContext, screened: Screened) -> bool:
    """True when the second look should read this text (cheap; no worker involved)."""
    from safeguarding.second_look import needs_second_look

    if not enabled(app) or screened.failed_closed:
        return False
    return needs_second_look(screened.assessment)


def unavailable(first: Assessment) -> Assessment:
    """A band text the second look could not read: at least ``concern``, with the reason."""
    severity = first.severity if SEVERITY_ORDER[first.severity] >= SEVERITY_ORDER["concern"] else "concern"
    categories = (
        first.categories
        if UNAVAILABLE.category in first.categories
        else [*first.categories, UNAVAILABLE.category]
    )
    return replace(first, severity=severity, categories=categories, matches=[*first.matches, UNAVAILABLE])


async def second_look(app: AppContext, text: str, context: Sequence[str], screened: Screened) -> Screened:
    """The screen's verdict after a second look where the first was unsure; otherwise `screened` as it is."""
    from bot.messaging.safeguarding_stage import Screened

    if not in_band(app, screened):
        return screened
    first = screened.assessment
    timeout = app.config.safeguarding.second_look.timeout_seconds
    try:
        judged = await _POOL.judge(text, context, first, timeout)
    except Exception as exc:  # the worker is starting, broken or slow: review, never silence
        log.warning("second look unavailable (%s); the text goes to the review list", type(exc).__name__)
        return Screened(unavailable(first))
    if SEVERITY_ORDER[judged.severity] < SEVERITY_ORDER[first.severity]:
        log.error("second look tried to lower a first screen's verdict; the first screen's stands")
        return screened
    return Screened(judged)
