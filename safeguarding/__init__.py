"""Safeguarding: risk screening of every inbound message (and, later, escalations)."""

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, Severity
from safeguarding.screening import screen

__all__ = [
    "SEVERITY_ORDER",
    "Assessment",
    "Match",
    "Severity",
    "screen",
]
