"""Helpers shared by CLI commands: building the context, running async code, printing errors."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, NoReturn, TypeVar

import typer
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.config import ConfigError
from bot.app.context import AppContext, build_context
from bot.app.logs import configure, log_format
from bot.app.settings import Settings, SettingsError, load_settings

T = TypeVar("T")


def fail(message: str, code: int = 2) -> NoReturn:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code)


def run(coro: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coro)


def setup_logging(level: str = "INFO", fmt: str | None = None) -> None:
    """Logs to stderr as text, or as JSON lines with ``--log-format json`` / ``WAYMARK_LOG_FORMAT=json``
    (bot/app/logs.py). Library loggers that would print message bodies or numbers stay at WARNING."""
    try:
        chosen = log_format(fmt)
    except ValueError as exc:
        fail(str(exc))
    configure(level, chosen)
    logging.getLogger("apscheduler.scheduler").addFilter(_skip_overlap_warnings)


def _skip_overlap_warnings(record: logging.LogRecord) -> bool:
    """A paced dispatch batch outlasting its 1 s interval is expected; APScheduler warns each second."""
    return "maximum number of running instances" not in record.getMessage()


def lexicon_or_exit() -> None:
    """Load and compile the safeguarding lexicon and model; one that does not validate stops start-up."""
    from safeguarding.lexicon import LexiconError
    from safeguarding.model_file import ModelFileError
    from safeguarding.screening import default_screener

    try:
        default_screener()
    except LexiconError as exc:
        fail(f"the safeguarding lexicon is not valid, so Waymark will not start: {exc}")
    except ModelFileError as exc:
        fail(f"the safeguarding model is not valid, so Waymark will not start: {exc}")


def settings_or_exit(**overrides: Any) -> Settings:
    try:
        return load_settings(**overrides)
    except Exception as exc:  # pydantic ValidationError and friends
        fail(f"bad environment settings: {exc}")


def context_or_exit(settings: Settings, **kwargs: Any) -> AppContext:
    try:
        return build_context(settings, **kwargs)
    except (ConfigError, SettingsError) as exc:
        fail(str(exc))


@asynccontextmanager
async def migrated_context(**kwargs: Any) -> AsyncIterator[AppContext]:
    """An app context on the migrated database (no NLU and the safeguarding model read only if a text is
    screened, unless asked), closed afterwards."""
    from bot.storage.migrate import upgrade_async

    settings = settings_or_exit()
    await upgrade_async(settings.database_url)
    ctx = context_or_exit(settings, **{"use_nlu": False, "load_screen": False, **kwargs})
    try:
        yield ctx
    finally:
        await ctx.close()


async def practitioner_actor(session: AsyncSession, username: str) -> str:
    """``practitioner:<username>`` for an active practitioner; otherwise stop with an error."""
    from bot.features.practitioners.service import by_username

    person = await by_username(session, username)
    if person is None or not person.active:
        fail(f"{username!r} is not an active practitioner (waymark users list)")
    return f"practitioner:{person.username}"
