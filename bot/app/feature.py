"""A feature: everything one part of Waymark adds to the app, declared in one place.

Each ``bot/features/<name>/feature.py`` exports one ``FEATURE``; ``bot/app/installed.py`` lists them in one
explicit tuple (like Django's ``INSTALLED_APPS``). The app context, the CLI, the web app, the scheduler,
demo data and the database metadata are all built from that tuple; nothing registers itself on import.

A feature declares:

- conversation: ``flows``, ``menu`` entries, ``intents`` (NLU intent -> flow name), ``triggers``
  (scheduled item kind -> flow name, for flows that are not conversations: a conversation declares its
  own triggers);
- the shell side of its flows: ``queries`` (query class -> handler), ``effects`` (effect type -> handler);
- background work: ``jobs`` (scheduled item kind -> handler), ``batches`` (runners that settle many due
  items of one kind at once, e.g. 10,000 reminders), ``daily`` jobs (the scheduler runs them on
  the leader at a time read from the config);
- surfaces: web ``routes`` (installers called with the FastAPI app and the context), ``commands`` (typer
  groups mounted under ``waymark <name>``);
- data: ``demo`` loaders (run by ``--demo`` into an empty database), ``tables`` (modules that define its
  SQLModel tables, imported for migrations and tests).

:func:`check` refuses two features claiming the same name, flow, intent, trigger, query, effect, job,
command or daily job, so a clash is an error at start-up rather than one silently winning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer
    from fastapi import FastAPI
    from sqlmodel.ext.asyncio.session import AsyncSession

    from bot.app.config import AppConfig
    from bot.app.context import AppContext
    from bot.messaging.effects import Run
    from bot.storage.models import ScheduledItem
    from flows.engine import Effect, Flow, Query
    from flows.menu import MenuEntry
    from flows.registry import Registry

JobHandler = Callable[["AppContext", "AsyncSession", "ScheduledItem"], Awaitable[None]]
QueryHandler = Callable[["Run", Any], Awaitable[Any]]
"""Answers one query class: ``async def handler(run, query: SomeQuery) -> SomeAnswer``."""
EffectHandler = Callable[["Run", Any], Awaitable[None]]
BatchRunner = Callable[["AppContext"], Awaitable[int]]
"""Settles many due scheduled items of its own kind at once (run before the one-by-one items)."""
RouteInstaller = Callable[["FastAPI", "AppContext"], None]
DemoLoader = Callable[["AppContext", "AsyncSession"], Awaitable[None]]


class FeatureError(Exception):
    """The installed features do not fit together (a name claimed twice); the message says which."""


@dataclass(frozen=True)
class Command:
    """A typer group mounted as ``waymark <name> ...``."""

    name: str
    app: typer.Typer
    help: str


@dataclass(frozen=True)
class DailyJob:
    """Work the scheduler's leader runs once a day at ``at(config)`` in the service's time zone."""

    name: str
    at: Callable[[AppConfig], dt.time]
    run: Callable[[AppContext], Awaitable[Any]]


@dataclass(frozen=True)
class Feature:
    """One feature's contribution to the app (see the module docstring). Only `name` is required."""

    name: str
    flows: tuple[Flow, ...] = ()
    menu: tuple[MenuEntry, ...] = ()
    intents: Mapping[str, str] = field(default_factory=dict)
    triggers: Mapping[str, str] = field(default_factory=dict)
    queries: Mapping[type[Query[Any]], QueryHandler] = field(default_factory=dict)
    effects: Mapping[type[Effect], EffectHandler] = field(default_factory=dict)
    jobs: Mapping[str, JobHandler] = field(default_factory=dict)
    batches: tuple[BatchRunner, ...] = ()
    daily: tuple[DailyJob, ...] = ()
    routes: tuple[RouteInstaller, ...] = ()
    commands: tuple[Command, ...] = ()
    demo: tuple[DemoLoader, ...] = ()
    tables: tuple[str, ...] = ()


def _unique(kind: str, pairs: Iterable[tuple[str, object]]) -> None:
    owner: dict[object, str] = {}
    for feature, key in pairs:
        if key in owner:
            raise FeatureError(f"{kind} {key!r} is claimed by both {owner[key]!r} and {feature!r}")
        owner[key] = feature


def check(features: Iterable[Feature]) -> tuple[Feature, ...]:
    """The features, after checking that no two claim the same thing. Raises :class:`FeatureError`."""
    found = tuple(features)
    _unique("feature", ((f.name, f.name) for f in found))
    _unique("flow", ((f.name, flow.name) for f in found for flow in f.flows))
    _unique("intent", ((f.name, k) for f in found for k in f.intents))
    _unique("trigger", ((f.name, k) for f in found for k in f.triggers))
    _unique("query", ((f.name, k) for f in found for k in f.queries))
    _unique("effect", ((f.name, k) for f in found for k in f.effects))
    _unique("job", ((f.name, k) for f in found for k in f.jobs))
    _unique("daily job", ((f.name, d.name) for f in found for d in f.daily))
    _unique("command", ((f.name, c.name) for f in found for c in f.commands))
    kinds = [(f.name, k) for f in found for k in (*f.jobs, *f.triggers)]
    _unique("scheduled kind", kinds)
    _unique("menu entry", ((f.name, m.flow) for f in found for m in f.menu))
    return found


def registry(features: Iterable[Feature]) -> Registry:
    """The engine's flow lookup for these features: their flows, menu lines, intents and triggers."""
    from flows.registry import assemble

    found = tuple(features)
    return assemble(
        (flow for f in found for flow in f.flows),
        (entry for f in found for entry in f.menu),
        {k: v for f in found for k, v in f.intents.items()},
        {k: v for f in found for k, v in f.triggers.items()},
    )
