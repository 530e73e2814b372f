"""Choosing an engine: :func:`build_parser` gives the embedded engine or the Rasa adapter behind it."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from nlu.embedded import EmbeddedParser
from nlu.rasa_adapter import RasaParser
from nlu.types import Parser


def build_parser(
    engine: Literal["embedded", "rasa"] = "embedded",
    rasa_url: str | None = None,
    timeout_s: float = 2.0,
    cache_dir: Path | None = None,
) -> Parser:
    """The configured NLU engine.

    ``embedded`` (the default) needs nothing else. ``rasa`` needs `rasa_url` (e.g.
    ``http://127.0.0.1:5005``); it posts to ``{rasa_url}/model/parse`` with a `timeout_s` timeout and falls
    back to the embedded engine whenever the server fails (logged and counted on the returned parser).
    """
    embedded = EmbeddedParser(cache_dir=cache_dir)
    if engine == "embedded":
        return embedded
    if engine == "rasa":
        if not rasa_url:
            raise ValueError("the rasa engine needs rasa_url, e.g. http://127.0.0.1:5005")
        return RasaParser(rasa_url, embedded, timeout_s=timeout_s)
    raise ValueError(f"unknown NLU engine {engine!r}: use 'embedded' or 'rasa'")
