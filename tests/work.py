"""Counting work without a clock, for "time is linear in the length of the input" tests.

Three counts, each deterministic (no timings in tests):
- `lines`: Python lines executed (`sys.settrace` line events), which catches a loop inside a loop;
- `scanned`: characters handed to counted regular expressions (each search, match or finditer counts
  the characters from its start position to the end of the string), which catches the same text
  searched again and again in C;
- `peak`: the most memory allocated at once (`tracemalloc`), which catches a quadratic build-up such
  as a list of lists copied at every step.

`assert_linear` compares the work on a text with the work on the same kind of text eight times as long.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import FrameType
from typing import Any


@dataclass
class Work:
    """What one call cost."""

    lines: int = 0
    scanned: int = 0
    peak: int = 0


class CountingPattern:
    """A compiled pattern that adds the characters each call may read to a `Work`."""

    def __init__(self, pattern: re.Pattern[str], work: Work) -> None:
        self._pattern = pattern
        self._work = work
        self.pattern = pattern.pattern

    def _count(self, string: str, pos: int) -> None:
        self._work.scanned += max(len(string) - pos, 0) + 1

    def search(self, string: str, pos: int = 0, *args: Any) -> re.Match[str] | None:
        self._count(string, pos)
        return self._pattern.search(string, pos, *args)

    def match(self, string: str, pos: int = 0, *args: Any) -> re.Match[str] | None:
        self._count(string, pos)
        return self._pattern.match(string, pos, *args)

    def fullmatch(self, string: str, pos: int = 0, *args: Any) -> re.Match[str] | None:
        self._count(string, pos)
        return self._pattern.fullmatch(string, pos, *args)

    def finditer(self, string: str, pos: int = 0, *args: Any) -> Iterator[re.Match[str]]:
        self._count(string, pos)
        return self._pattern.finditer(string, pos, *args)

    def findall(self, string: str, pos: int = 0, *args: Any) -> list[Any]:
        self._count(string, pos)
        return self._pattern.findall(string, pos, *args)


def counted(obj: Any, work: Work) -> Any:
    """A copy of a frozen dataclass tree in which every compiled pattern counts into `work`."""
    if isinstance(obj, re.Pattern):
        return CountingPattern(obj, work)
    if isinstance(obj, tuple):
        return tuple(counted(item, work) for item in obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {
            f.name: counted(getattr(obj, f.name), work)
            for f in dataclasses.fields(obj)
            if f.init and _holds_patterns(getattr(obj, f.name))
        }
        return dataclasses.replace(obj, **changes) if changes else obj
    return obj


def _holds_patterns(value: Any) -> bool:
    if isinstance(value, re.Pattern):
        return True
    if isinstance(value, tuple):
        return any(_holds_patterns(item) for item in value)
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def measure(
    call: Callable[[], object], work: Work | None = None, reset: Callable[[], None] | None = None
) -> Work:
    """Run `call` twice: once counting lines (and `work`'s counted patterns), once tracing memory.

    `reset` runs before each (to empty caches that would make the second run cheaper than the first).
    Returns a new `Work`; `work` is only where the counted patterns add up their characters."""
    work = work if work is not None else Work()
    work.lines = work.scanned = work.peak = 0
    lines = 0

    def tracer(frame: FrameType, event: str, arg: object) -> Callable[..., object]:
        nonlocal lines
        if event == "line":
            lines += 1
        return tracer

    if reset is not None:
        reset()
    previous = sys.gettrace()
    sys.settrace(tracer)
    try:
        call()
    finally:
        sys.settrace(previous)
    scanned = work.scanned
    tracing = tracemalloc.is_tracing()
    if reset is not None:
        reset()
    if not tracing:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not tracing:
            tracemalloc.stop()
    return Work(lines=lines, scanned=scanned, peak=max(peak - before, 0))


#: Fixed costs (a call's set-up, a cache's first entries) are not work that grows with the text.
FLOOR = Work(lines=2_000, scanned=20_000, peak=256 * 1024)


def assert_linear(small: Work, large: Work, ratio: int, slack: float = 1.6, label: object = "") -> None:
    """`large` (a text `ratio` times as long as `small`'s) cost at most `slack * ratio` times as much."""
    for name in ("lines", "scanned", "peak"):
        low, high, floor = getattr(small, name), getattr(large, name), getattr(FLOOR, name)
        assert high <= slack * ratio * max(low, floor), (
            f"{label}: {name} grew from {low} to {high} for a text {ratio} times as long"
        )
