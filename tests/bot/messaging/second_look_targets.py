"""Module-level stand-ins for the second look's judge, importable by a spawned worker process."""

from __future__ import annotations

import os
import time

from safeguarding.assessment import Assessment, Match


def pid_judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    """Raises every text to high and says which process judged it and what context it got."""
    note = f"pid={os.getpid()} context={len(context)}"
    match = Match("suicide", "high", "model:test", text[:20], kind="model", note=note)
    return Assessment("high", ["suicide"], [*first.matches, match])


def dying_judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    """Kills its worker process on "die" (a crash, as an out-of-memory kill would look)."""
    if text == "die":
        os._exit(3)
    return pid_judge(text, context, first)


def slow_judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    time.sleep(float(text))
    return first


def crashing_judge(text: str, context: tuple[str, ...], first: Assessment) -> Assessment:
    """The worker dies on every text (a model that cannot load, memory exhausted)."""
    os._exit(4)


def watched_initializer() -> None:
    """The worker's watch on its parent, as the real initializer starts it (fast, for the test)."""
    from bot.messaging.second_look import exit_with_parent

    exit_with_parent(period=0.05)
