"""The garbage collector for a long-running server: what start-up loaded is never collected again.

`waymark serve` loads the safeguarding lexicon and model, the NLU model, the directory and the flows
before it listens: hundreds of MB of Python objects that live as long as the process. CPython's full
(generation 2) collection walks every one of them: 0.1-0.45 s each on the shared bench machine
(``gc.callbacks`` in a ``waymark bench load`` server; most of those seen ran during start-up), and the
event loop, with every webhook in flight, waits that long. :func:`freeze_startup_heap` moves everything
alive at that point into the permanent generation (``gc.freeze``), so later collections walk only what
requests made; and it raises the first generation's threshold, so the many short-lived objects of a
request are collected in fewer passes. Reference cycles made later are still collected.
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
