"""Helpers for testing flows as pure functions: a context, what a result did, a search answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.app.context import need_finder
from flows.catalogue import load_catalogue
from flows.context import CrisisLine, ServiceInfo
from flows.engine import Answered, ContactView, FlowContext, FlowResult, Reply, SchoolView
from flows.signposting_effects import SearchAnswer, SearchQuery

NOW = dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC)  # Tuesday, 10:00 London
CATALOGUE = load_catalogue()
SERVICE = ServiceInfo(
    crisis_lines=(CrisisLine("Emergency", "999"), CrisisLine("Shout", "85258", "text", "SHOUT")),
    signposting_followup_days=7,
)
SCHOOL = SchoolView(1, "Demo Academy", "Demo Borough")
FINDER = need_finder()


def ctx(school: SchoolView | None = SCHOOL, now: dt.datetime = NOW) -> FlowContext:
    return FlowContext(now, ContactView(7, "sms", school=school), SERVICE, CATALOGUE, FINDER)


def kinds(result: FlowResult) -> list[str]:
    """Each effect as its catalogue key (a reply) or its class name."""
    return [e.template if isinstance(e, Reply) else type(e).__name__ for e in result.effects]


def only(result: FlowResult, kind: type[Any]) -> Any:
    found = [e for e in result.effects if isinstance(e, kind)]
    assert len(found) == 1, result.effects
    return found[0]


def answer(**extra: Any) -> SearchAnswer:
    """A search answer with two services; `extra` overrides fields (lists become tuples)."""
    base: dict[str, Any] = {
        "texts": ("A: one\nCall 1\nOpen 24/7", "B: two\nCall 2\nOpen 24/7"),
        "service_ids": ("a", "b"),
        "names": ("Alpha Line", "Beta"),
        "open_now": (True, True),
        "has_more": False,
        "explanation": ({"id": "a", "score": [0], "reasons": ["open 24/7"]},),
    }
    fields = {k: tuple(v) if isinstance(v, list) else v for k, v in extra.items()}
    return SearchAnswer(**{**base, **fields})


def found(result: FlowResult, value: SearchAnswer) -> Answered:
    """The shell's answer to the search `result` asked for."""
    return Answered(only(result, SearchQuery), value)
