"""`waymark serve` freezes what start-up loaded, so full collections no longer walk it."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from bot.app.heap import YOUNG_THRESHOLD, freeze_startup_heap


@pytest.fixture
def restored_gc() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_freeze_moves_live_objects_out_of_collection(restored_gc: None) -> None:
    kept = [object() for _ in range(1000)]
    frozen = freeze_startup_heap()
    assert frozen >= len(kept) and gc.get_freeze_count() == frozen
    assert not any(o is kept for o in gc.get_objects(2))  # the frozen list is no longer in generation 2
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD


def test_cycles_made_after_the_freeze_are_still_collected(restored_gc: None) -> None:
    freeze_startup_heap()

    class Node:
        other: object = None

    a, b = Node(), Node()
    a.other, b.other = b, a
    del a, b
    assert gc.collect() >= 2
