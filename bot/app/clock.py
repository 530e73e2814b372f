"""Time is injected: production uses SystemClock, tests use FixedClock. Always aware UTC."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime: ...


class SystemClock:
    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that only moves when told to."""

    def __init__(self, at: dt.datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = at.astimezone(dt.UTC)

    def now(self) -> dt.datetime:
        return self._now

    def set(self, at: dt.datetime) -> None:
        self._now = at.astimezone(dt.UTC)

    def advance(self, **delta: float) -> dt.datetime:
        self._now += dt.timedelta(**delta)
        return self._now
