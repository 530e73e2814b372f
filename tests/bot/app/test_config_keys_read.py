"""No config key that nothing reads: every field of the config model (bot/app/config.py) is read
somewhere in our code, found as an attribute access (``.field``) in the source, as is each section
above it. Keys kept for a feature still being built are listed in PENDING with the issue that will read
them; a pending key that is read is an error too, so the list is kept short and true."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from bot.app.config import AppConfig
from tests.support import ROOT

PACKAGES = ("bot", "flows", "nlu", "signposting", "safeguarding")
CONFIG_MODULE = ROOT / "bot" / "app" / "config.py"
PENDING = {}


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside `annotation` (``X``, ``list[X]``, ``X | None``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) is not None or get_args(annotation):
        for arg in get_args(annotation):
            found = _model_of(arg)
            if found is not None:
                return found
    return None


def config_keys(
    model: type[BaseModel] = AppConfig, prefix: tuple[str, ...] = ()
) -> Iterator[tuple[str, ...]]:
    """Every key path of the config model, sections and leaves, e.g. ("safeguarding", "rota", "manager")."""
    for name, info in model.model_fields.items():
        path = (*prefix, name)
        yield path
        inner = _model_of(info.annotation)
        if inner is not None:
            yield from config_keys(inner, path)


@cache
def _source() -> str:
    return "\n".join(
        path.read_text(encoding="utf-8")
        for package in PACKAGES
        for path in (ROOT / package).rglob("*.py")
        if path != CONFIG_MODULE and "migrations" not in path.parts
    )


def is_read(name: str, source: str) -> bool:
    """True when `.name` is accessed as an attribute somewhere in `source`."""
    return re.search(rf"\.{re.escape(name)}\b(?!\s*=[^=])", source) is not None


def unread(source: str) -> list[str]:
    return [".".join(path) for path in config_keys() if not all(is_read(part, source) for part in path)]


def test_every_config_key_is_read_somewhere_or_pending() -> None:
    assert sorted(set(unread(_source())) - set(PENDING)) == []


def test_pending_keys_are_still_unread() -> None:
    """Issue 14/15 read these: when one is read, take it off PENDING."""
    assert sorted(set(PENDING) - set(unread(_source()))) == []


def test_the_check_finds_a_key_nothing_reads() -> None:
    keys = {".".join(p) for p in config_keys()}
    assert {"safeguarding.rota.manager", "outbox.lease_seconds", "crisis_numbers.keyword"} <= keys
    assert "outbox.lease_seconds" in unread("config.outbox.max_attempts")
    assert not is_read("lease_seconds", "x.lease_seconds = 3")
    assert is_read("lease_seconds", "y = x.lease_seconds * 2")
