"""The garbage collector for a long-running server: what start-up loaded is never collected again.

`waymark serve` loads the safeguarding lexicon and model, the NLU model, the directory and the flows
before it listens: hundreds of MB of Python objects that live as long as the process. CPython's full
(generation 2) collection walks every one of them, and under load it ran every second or two and held
the event loop for 0.2-0.45 s each time (measured with ``gc.callbacks`` during ``waymark bench load``):
every webhook in flight waited that long. :func:`freeze_startup_heap` moves everything alive at that
point into the permanent generation (``gc.freeze``), so later collections walk only what requests made;
and it raises the first generation's threshold, so the many short-lived objects of a request are
collected in fewer, equally short passes. Reference cycles made later are still collected.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 10_000
"""Allocations (minus frees) between two youngest-generation collections; CPython's default is 700."""


def freeze_startup_heap() -> int:
    """Collect once, then freeze what is left (call it when start-up is done, before serving).
    Returns how many objects were frozen."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
    return gc.get_freeze_count()
