"""Waymark NLU: free text -> intent and ``need`` entity, trained from Rasa-format data.

Quick use::

    import nlu
    result = nlu.parse("exams are doing my head in")
    result.intent            # "find_support"
    result.entity("need")    # "exam_stress"

``build_parser`` gives an async parser for the configured engine (embedded, or a Rasa server with the
embedded engine as fallback). This package imports nothing else of Waymark's.

The names below load on first use, so importing a light module (``nlu.types``) does not pull in the
classifier and its numeric stack.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from nlu.embedded import EmbeddedParser, parse, train
    from nlu.engines import build_parser
    from nlu.model import TrainedModel
    from nlu.rasa_adapter import RasaParser
    from nlu.types import INTENTS, NEEDS, Entity, Parse, Parser

_WHERE = {
    "EmbeddedParser": "nlu.embedded",
    "parse": "nlu.embedded",
    "train": "nlu.embedded",
    "build_parser": "nlu.engines",
    "TrainedModel": "nlu.model",
    "RasaParser": "nlu.rasa_adapter",
    "INTENTS": "nlu.types",
    "NEEDS": "nlu.types",
    "Entity": "nlu.types",
    "Parse": "nlu.types",
    "Parser": "nlu.types",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'nlu' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)


__all__ = [
    "INTENTS",
    "NEEDS",
    "EmbeddedParser",
    "Entity",
    "Parse",
    "Parser",
    "RasaParser",
    "TrainedModel",
    "build_parser",
    "parse",
    "train",
]
