"""`waymark bench cost`'s CPU per text by phase: process time around the steps of one text's path.

Each phase is a function of the path, wrapped for the pass (its name in the module that calls it is
swapped for a timing wrapper, then put back). Times are CPU (``time.process_time``), inclusive (a
sub-phase is also in its parent's time), and counted under the part of the request they ran in: the
webhook (until the answer is sent) or the processing after it (a risk text is processed in its webhook,
by the crisis lane, so its pipeline shows under the webhook). Webhooks are posted one at a time, so little
else runs while a phase awaits. Each part's "rest" is what no phase covers: ASGI, middleware, routing and
the response for the webhook; the inbound worker, the transaction (BEGIN, "anything else waiting?",
COMMIT) and the task for the processing.
"""

from __future__ import annotations

import collections
import contextlib
import functools
import importlib
import inspect
import time
from collections.abc import Callable, Iterator
from typing import Any

WEBHOOK = "webhook, to the answer"
PROCESSING = "processing, after the answer"
PARTS = (WEBHOOK, PROCESSING)

PHASES: tuple[tuple[str, bool, str, str], ...] = (
    # (label, top level in its part, module whose name is swapped, name); a name missing is skipped
    ("signature and form", True, "bot.web.twilio_routes", "verified_form"),
    ("store (ingest)", True, "bot.web.twilio_routes", "ingest"),
    ("risk check (screen, no context)", True, "bot.messaging.crisis_lane", "needs_urgent"),
    ("pipeline, one text", True, "bot.messaging.pipeline", "_process"),
    ("  read and lock the text", False, "bot.messaging.pipeline", "_lock_message"),
    # PostgreSQL: the text, its recent texts and the flood count in one statement (pipeline_pg.py)
    ("  read and lock the text", False, "bot.messaging.pipeline", "lock_with_recent"),
    ("  recent texts", False, "bot.messaging.pipeline", "_recent_texts"),
    ("  contact, case, state; flow context", False, "bot.messaging.pipeline", "_start_run"),
    ("  screen (with context)", False, "bot.messaging.pipeline", "screen_safely"),
    ("  screening outcome", False, "bot.messaging.pipeline", "handle_screening"),
    ("  flood check", False, "bot.messaging.pipeline", "held_back"),
    ("  route (keywords, NLU, flow, state)", False, "bot.messaging.pipeline", "_route"),
    ("    NLU", False, "bot.messaging.pipeline", "_parse"),
    ("    flow run and its effects", False, "bot.messaging.pipeline", "run_flow"),
    ("    state saved", False, "bot.messaging.pipeline", "save_state"),
    ("    state saved", False, "bot.messaging.pipeline", "write_state"),
    ("  replies queued (an ORM outbox row each)", False, "bot.messaging.effects", "enqueue"),
    ("  replies written (one statement)", False, "bot.messaging.pipeline", "write_replies"),
)


class PhaseClock:
    """CPU seconds per (part, phase), summed over the calls made while :meth:`installed` is active.

    The poster sets :attr:`part` to :data:`WEBHOOK` before it calls the app, to :data:`PROCESSING` when
    the answer is sent and to None after, and adds each part's whole time with :meth:`add_part`."""

    def __init__(self) -> None:
        self.part: str | None = None
        self.seconds: collections.defaultdict[tuple[str, str], float] = collections.defaultdict(float)

    def add_part(self, part: str, seconds: float) -> None:
        self.seconds[(part, part)] += seconds

    def _wrap(self, label: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        clock = self
        if not inspect.iscoroutinefunction(fn):

            @functools.wraps(fn)
            def timed(*args: Any, **kwargs: Any) -> Any:
                part, began = clock.part, time.process_time()
                try:
                    return fn(*args, **kwargs)
                finally:
                    if part is not None:
                        clock.seconds[(part, label)] += time.process_time() - began

            return timed

        @functools.wraps(fn)
        async def timed_async(*args: Any, **kwargs: Any) -> Any:
            part, began = clock.part, time.process_time()
            try:
                return await fn(*args, **kwargs)
            finally:
                if part is not None:
                    clock.seconds[(part, label)] += time.process_time() - began

        return timed_async

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Swap each phase's function for its timing wrapper; put the originals back after."""
        originals: list[tuple[Any, str, Any]] = []
        try:
            for label, _top, module_name, name in PHASES:
                module = importlib.import_module(module_name)
                original = getattr(module, name, None)
                if original is None:
                    continue
                originals.append((module, name, original))
                setattr(module, name, self._wrap(label, original))
            yield
        finally:
            for module, name, original in reversed(originals):
                setattr(module, name, original)

    def per_text_ms(self, n: int) -> dict[str, dict[str, float]]:
        """Per part: its whole time, each phase that ran in it, and its rest; milliseconds per text."""
        out: dict[str, dict[str, float]] = {}
        labels = list(dict.fromkeys(label for label, *_ in PHASES))
        tops = {label for label, top, *_ in PHASES if top}
        for part in PARTS:
            whole = self.seconds[(part, part)]
            figures = {"all": whole}
            ran = [label for label in labels if (part, label) in self.seconds]
            figures |= {label: self.seconds[(part, label)] for label in ran}
            figures["the rest"] = whole - sum(self.seconds[(part, label)] for label in tops)
            out[part] = {label: round(1000 * seconds / n, 3) for label, seconds in figures.items()}
        return out
