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
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, Severity
from safeguarding.second_look import SecondLookSettings

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
"""The match a band text gets when the second look cannot answer: at ``concern`` (review list), or at
``high`` where the first look alone would have flagged it (:func:`unavailable`)."""


PARENT_CHECK_S = 1.0
"""How often the worker checks that the server that started it is still alive."""


def exit_with_parent(period: float = PARENT_CHECK_S) -> None:
    """In a worker: exit as soon as the process that started it has gone. A server stopped by SIGKILL (or
    any crash) never tells its worker, which would otherwise stay alive, holding its ~230 MB, for ever."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(period)
        os._exit(0)

    threading.Thread(target=watch, name="second-look-parent-watch", daemon=True).start()


def _load_in_worker(settings: SecondLookSettings) -> None:
    """The worker's initializer: a watch on its server, one BLAS thread, the server's settings, then the
    encoder, the head and the lexicon's normaliser loaded once, before the first text arrives."""
    exit_with_parent()
    # One BLAS thread: the worker is one of several processes on a few cores (the variable before numpy
    # loads, the limit for a numpy already loaded).
    os.environ["OPENBLAS_NUM_THREADS"] = os.environ["OMP_NUM_THREADS"] = "1"
    import numpy  # noqa: F401
    from threadpoolctl import threadpool_limits

    from safeguarding import second_look

    threadpool_limits(1)
    second_look.configure_second_look(settings)
    second_look.judge("hello", (), Assessment("none"))  # loads the encoder, the head and the normaliser


def _judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    from safeguarding import second_look

    return second_look.judge(text, context, first)


START_TIMEOUT_S = 60.0
"""How long a text waits for a worker that is still starting (loading the encoder) before the first look
decides alone."""

Judge = Callable[[str, tuple[str, ...], Assessment], Assessment]


class SecondLookPool:
    """One worker process that runs `target` (module-level, so the worker can import it), started with
    `initializer(*initargs)`; rebuilt after it breaks."""

    def __init__(
        self,
        target: Judge = _judge,
        initializer: Callable[..., object] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self._target = target
        self._initializer = initializer
        self._initargs = initargs
        self._pool: ProcessPoolExecutor | None = None
        self._started: Future[int] | None = None
        self._lock = threading.Lock()

    def _executor(self) -> tuple[ProcessPoolExecutor, Future[int]]:
        with self._lock:
            if self._pool is None or self._started is None:
                # spawn: the worker starts clean (no copy of the server's event loop, threads or sockets)
                self._pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=self._initializer,
                    initargs=self._initargs,
                )
                self._started = self._pool.submit(int)  # done once the initializer (the model's load) is
            return self._pool, self._started

    def ready(self, timeout: float) -> None:
        """Start the worker and wait until its initializer (the model's load) is done; raises if it fails."""
        self._executor()[1].result(timeout)

    async def judge(self, text: str, context: Sequence[str], first: Assessment, timeout: float) -> Assessment:
        """`target` in the worker. `timeout` bounds the judging; a worker still starting (the first text
        after start-up or after a crash) is waited for up to START_TIMEOUT_S first."""
        loop = asyncio.get_running_loop()
        pool, started = self._executor()
        try:
            # shielded: a text that stops waiting must not cancel the start for the texts after it
            await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(started)), START_TIMEOUT_S)
            future = loop.run_in_executor(pool, self._target, text, tuple(context), first)
            return await asyncio.wait_for(future, timeout)
        except BrokenProcessPool:
            self._discard(pool)
            raise

    def _discard(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool, self._started = None, None
        pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._started = self._pool, None, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


_pools: dict[SecondLookSettings, SecondLookPool] = {}
_pools_lock = threading.Lock()


def _close_all() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for each in pools:
        each.close()


atexit.register(_close_all)


def settings_of(app: AppContext) -> SecondLookSettings:
    """config.yml's ``safeguarding.second_look`` as the safeguarding package takes it."""
    from bot.app.context import second_look_settings

    return second_look_settings(app.config, app.settings.config_path)


def pool(app: AppContext) -> SecondLookPool:
    """This process's second-look worker for the app's settings (one per distinct settings)."""
    settings = settings_of(app)
    with _pools_lock:
        found = _pools.get(settings)
        if found is None:
            found = _pools[settings] = SecondLookPool(initializer=_load_in_worker, initargs=(settings,))
        return found


def enabled(app: AppContext) -> bool:
    return bool(app.config.safeguarding.second_look.enabled)


def in_band(app: AppContext, screened: Screened) -> bool:
    """True when the second look should read this text (cheap; no worker involved)."""
    from safeguarding.second_look import needs_second_look

    if not enabled(app) or screened.failed_closed:
        return False
    return needs_second_look(screened.assessment)


def unavailable(first: Assessment, alone_high: float) -> Assessment:
    """A band text the second look could not read. The first look alone would have made it ``high`` at
    `alone_high` (the model's own threshold, before the second look made the first look stricter): then
    ``high``, as without a second look; otherwise ``concern`` (the review list). The match says why."""
    flagged = first.model_flagged is not None and first.model_flagged >= alone_high
    match = replace(UNAVAILABLE, severity="high") if flagged else UNAVAILABLE
    floor: Severity = "high" if flagged else "concern"
    severity = first.severity if SEVERITY_ORDER[first.severity] >= SEVERITY_ORDER[floor] else floor
    extra = [] if UNAVAILABLE.category in first.categories else [UNAVAILABLE.category]
    categories = [*first.categories, *extra]
    return replace(first, severity=severity, categories=categories, matches=[*first.matches, match])


def _alone_high(app: AppContext) -> float:
    """The first look's own ``high`` threshold (config.yml's, else the model file's), as before the second
    look made it stricter."""
    model = app.config.safeguarding.model
    if model.high_threshold is not None:
        return model.high_threshold
    from bot.app.context import from_config_folder
    from safeguarding.model_file import DEFAULT_MODEL_PATH, load_model

    path = from_config_folder(model.path, app.settings.config_path)
    return load_model(path or DEFAULT_MODEL_PATH).high_threshold


async def second_look(app: AppContext, text: str, context: Sequence[str], screened: Screened) -> Screened:
    """The screen's verdict after a second look where the first was unsure; otherwise `screened` as it is."""
    from bot.messaging.safeguarding_stage import Screened

    if not in_band(app, screened):
        return screened
    first = screened.assessment
    timeout = app.config.safeguarding.second_look.timeout_seconds
    try:
        judged = await pool(app).judge(text, context, first, timeout)
    except Exception as exc:  # the worker is starting, broken or slow: never silence
        log.warning(
            "second look unavailable (%s); the first look decides, review at least", type(exc).__name__
        )
        return Screened(unavailable(first, _alone_high(app)))
    if SEVERITY_ORDER[judged.severity] < SEVERITY_ORDER[first.severity]:
        log.error("second look tried to lower a first screen's verdict; the first screen's stands")
        return screened
    return Screened(judged)
