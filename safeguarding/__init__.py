"""Safeguarding: risk screening of every inbound message (and, later, escalations)."""

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, Severity
from safeguarding.lexicon import Lexicon, LexiconError
from safeguarding.screening import load_lexicon, screen

__all__ = [
    "SEVERITY_ORDER",
    "Assessment",
    "Lexicon",
    "LexiconError",
    "Match",
    "Severity",
    "load_lexicon",
    "screen",
]
