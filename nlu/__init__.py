"""Waymark NLU: free text -> intent and ``need`` entity, trained from Rasa-format data.

Quick use::

    import nlu
    result = nlu.parse("exams are doing my head in")
    result.intent            # "find_support"
    result.entity("need")    # "exam_stress"

``build_parser`` gives an async parser for the configured engine (embedded, or a Rasa server with the
embedded engine as fallback). This package imports nothing else of Waymark's.
"""

from nlu.embedded import EmbeddedParser, parse, train
from nlu.engines import build_parser
from nlu.model import TrainedModel
from nlu.rasa_adapter import RasaParser
from nlu.types import INTENTS, NEEDS, Entity, Parse, Parser

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
