"""AppContext: everything a running Waymark needs, built once by a factory and passed in."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from bot.app.clock import Clock, SystemClock
from bot.app.config import AppConfig, ConfigError, load_config
from bot.app.feature import BatchRunner, EffectHandler, Feature, JobHandler, QueryHandler, check, registry
from bot.app.settings import Settings
from bot.storage.db import Database, PoolSettings
from flows.catalogue import Catalogue, load_catalogue
from flows.context import CrisisLine, ServiceInfo
from flows.engine import NeedFinder, Query, no_needs
from flows.registry import Registry

if TYPE_CHECKING:
    from bot.channels.base import OutboundChannel
    from nlu.types import Parse
    from safeguarding.screening import ModelSettings
    from safeguarding.second_look import SecondLookSettings


class IntentParser(Protocol):
    async def parse(self, text: str) -> Parse: ...


@dataclass
class AppContext:
    """The running app. `features` are the installed features it was built from; `registry`, `queries`,
    `effects` and `jobs` are their flows and handlers, merged (``bot/app/feature.py``)."""

    settings: Settings
    config: AppConfig
    db: Database
    clock: Clock
    catalogue: Catalogue
    service: ServiceInfo
    registry: Registry
    nlu: IntentParser | None = None
    senders: dict[str, OutboundChannel] = field(default_factory=dict)
    features: tuple[Feature, ...] = ()
    queries: dict[type[Query[Any]], QueryHandler] = field(default_factory=dict)
    effects: dict[type, EffectHandler] = field(default_factory=dict)
    jobs: dict[str, JobHandler] = field(default_factory=dict)
    find_need: NeedFinder = no_needs
    batches: list[BatchRunner] = field(default_factory=list)
    """Runners that settle many due scheduled items of one kind at once (before the one-by-one items)."""
    detached: set[asyncio.Task[None]] | None = None
    """`waymark serve`: a stored text's processing runs in a task of its own, not in its request (these
    tasks; ``bot/messaging/crisis_lane.py``). None: in the request, after its answer (in-process callers)."""

    def now(self) -> Any:
        return self.clock.now()

    async def close(self) -> None:
        """Close senders that hold connections (those with an `aclose`), then the database."""
        for sender in self.senders.values():
            closer = getattr(sender, "aclose", None)
            if closer is not None:
                await closer()
        await self.db.dispose()


def service_info(config: AppConfig) -> ServiceInfo:
    """Flow-facing facts from config.yml."""
    return ServiceInfo(
        name=config.service.name,
        team_name=config.service.team_name,
        timezone=config.service.timezone,
        office_days=tuple(config.office_hours.days),
        office_start=config.office_hours.start,
        office_end=config.office_hours.end,
        closed_dates=tuple(config.office_hours.closed_dates),
        bank_holidays=config.office_hours.bank_holidays,
        quiet_start=config.quiet_hours.start,
        quiet_end=config.quiet_hours.end,
        crisis_lines=tuple(
            CrisisLine(c.name, c.number, c.how, c.keyword, c.option) for c in config.crisis_numbers
        ),
        signposting_followup_days=config.followups.signposting_days,
        callback_respond_hours=config.callbacks.respond_within_hours,
        opt_out_words=frozenset(config.channels.sms.opt_out_words),
    )


@cache
def need_finder() -> NeedFinder:
    """The NLU's need phrase lookup over the shipped training data, built once per process: flows get it
    through their context (``FlowContext.find_need``) and never read the training data themselves."""
    from nlu.entities import NeedMatcher
    from nlu.training_data import load_training_data, need_phrases
    from signposting.needs import NEEDS

    matcher = NeedMatcher(need_phrases(load_training_data()))

    def find(text: str) -> str | None:
        return next((m.value for m in matcher.matches(text) if m.value in NEEDS), None)

    return find


def find_need(text: str) -> str | None:
    """:func:`need_finder`'s lookup, built on the first call (not by ``build_context``: a `waymark`
    command that runs no flow should not load the NLU training data). ``waymark serve`` warms it."""
    return need_finder()(text)


def pool_settings(config: AppConfig) -> PoolSettings:
    """The database pool sizes and wait from config.yml's `database:` section."""
    db = config.database
    return PoolSettings(db.pool_size, db.max_overflow, db.pool_timeout_seconds)


def build_nlu(config: AppConfig) -> IntentParser | None:
    """The configured NLU engine (embedded by default, Rasa with fallback when configured)."""
    try:
        import nlu
    except ImportError:  # pragma: no cover - the nlu package is part of the install
        return None
    if not hasattr(nlu, "build_parser"):
        return None
    parser: IntentParser = nlu.build_parser(
        engine=config.nlu.engine, rasa_url=config.nlu.rasa_url, timeout_s=config.nlu.timeout_seconds
    )
    return parser


def from_config_folder(path: Path | None, config_path: Path) -> Path | None:
    """A path from config.yml: a relative one is read from config.yml's folder."""
    if path is None or path.is_absolute():
        return path
    return config_path.parent / path


def second_look_settings(config: AppConfig, config_path: Path) -> SecondLookSettings:
    """config.yml's ``safeguarding.second_look`` as the safeguarding package takes it."""
    from safeguarding.second_look import SecondLookSettings

    look = config.safeguarding.second_look
    path = from_config_folder(look.path, config_path)
    return SecondLookSettings(look.enabled, path, look.band_floor, look.high_threshold,
                              look.first_look_high_threshold)  # fmt: skip


def screening_model_settings(config: AppConfig, config_path: Path) -> ModelSettings:
    """config.yml's ``safeguarding.model`` as the safeguarding package takes it, with the first look's high
    threshold the one paired with the second look while that is on. A second-look file that cannot be read is
    a :class:`ConfigError`."""
    from safeguarding.model_file import ModelFileError
    from safeguarding.screening import ModelSettings
    from safeguarding.second_look import first_look_high

    model = config.safeguarding.model
    try:
        paired = first_look_high(second_look_settings(config, config_path))
    except ModelFileError as exc:
        raise ConfigError(f"safeguarding.second_look: {exc}") from exc
    return ModelSettings(
        model.enabled,
        from_config_folder(model.path, config_path),
        model.high_threshold if paired is None else paired,
        model.concern_threshold,
        model.everyday_threshold,
        model.immediate_threshold,
        model.lexicon_concern_threshold,
    )


def configure_screening_model(config: AppConfig, config_path: Path, *, load: bool = True) -> None:
    """Point ``safeguarding.screen`` at the configured learned screen (``safeguarding.model``).

    A relative ``path`` is read from config.yml's folder. With ``load``, a missing or corrupt model file is
    a :class:`ConfigError` naming the file, so start-up stops; without, the model is read on the first
    screen (commands that screen nothing skip the ~0.4 s the model file takes to read).
    """
    from safeguarding.model_file import ModelFileError
    from safeguarding.screening import configure_model
    from safeguarding.second_look import configure_second_look

    look_settings = second_look_settings(config, config_path)
    settings = screening_model_settings(config, config_path)
    try:
        configure_model(settings, load=load)
    except ModelFileError as exc:
        raise ConfigError(f"safeguarding.model: {exc}") from exc
    except ValueError as exc:  # thresholds that only clash with the model file's or the second look's
        raise ConfigError(f"safeguarding.model: {exc}") from exc
    # Lazy: the encoder and head load on the first judge() (in the process that runs it), never here.
    configure_second_look(look_settings)


def build_context(
    settings: Settings,
    *,
    config: AppConfig | None = None,
    clock: Clock | None = None,
    nlu: IntentParser | None = None,
    use_nlu: bool = True,
    features: Sequence[Feature] | None = None,
    load_screen: bool = True,
) -> AppContext:
    """The one factory for AppContext. Tests pass a config, a FixedClock and fakes. `features`: the
    installed features (``bot/app/installed.py``) unless given. `load_screen` False: the safeguarding
    model is configured but read on the first screen (a command that screens no text)."""
    if features is None:
        from bot.app.installed import INSTALLED

        features = INSTALLED
    installed = check(features)
    cfg = config or load_config(settings.config_path)
    configure_screening_model(cfg, settings.config_path, load=load_screen)
    ctx = AppContext(
        settings=settings,
        config=cfg,
        db=Database(settings.database_url, pool=pool_settings(cfg)),
        clock=clock or SystemClock(),
        catalogue=load_catalogue(),
        service=service_info(cfg),
        registry=registry(installed),
        nlu=nlu if nlu is not None else (build_nlu(cfg) if use_nlu else None),
        features=installed,
        queries={k: v for f in installed for k, v in f.queries.items()},
        effects={k: v for f in installed for k, v in f.effects.items()},
        jobs={k: v for f in installed for k, v in f.jobs.items()},
        batches=[b for f in installed for b in f.batches],
        find_need=find_need,
    )
    return ctx
