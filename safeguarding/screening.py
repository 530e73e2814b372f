"""Screen one inbound message for risk. Deterministic, no models, fails closed."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from safeguarding.assessment import Assessment, Match, Severity, max_severity

logger = logging.getLogger(__name__)

# Bootstrap rules; replaced by the clinician-editable lexicon.
_RULES: list[tuple[str, Severity, str, re.Pattern[str]]] = [
    ("suicide", "high", "boot.kill_myself", re.compile(r"\b(kill|end) (myself|my life)\b|\bkms\b")),
    ("suicide", "high", "boot.suicide", re.compile(r"\bsuicid\w*|\bwant(s)? to die\b|\bunalive\b")),
    ("self_harm", "high", "boot.self_harm", re.compile(r"\bself[ -]?harm\w*|\bcut(ting)? myself\b")),
    ("suicide", "immediate", "boot.overdose", re.compile(r"\boverdose\w*|\btaken? (a load of )?pills\b")),
]


def screen(text: str, context: Sequence[str] | None = None) -> Assessment:
    """Screen ``text`` (with the contact's recent ``context`` messages, newest last) for risk.

    Never raises: any internal error gives a ``high`` assessment with category ``unscreened``.
    """
    try:
        return _screen(text, context)
    except Exception as exc:  # fail closed on anything
        logger.error("safeguarding screening failed: %s", type(exc).__name__)
        return Assessment.unscreened(type(exc).__name__)


def _screen(text: str, context: Sequence[str] | None) -> Assessment:
    lowered = text.lower()
    matches: list[Match] = []
    for category, severity, entry_id, rule in _RULES:
        found = rule.search(lowered)
        if found:
            matches.append(Match(category, severity, entry_id, found.group(0)))
    severity = max_severity(*(m.severity for m in matches))
    categories = sorted({m.category for m in matches})
    return Assessment(severity=severity, categories=categories, matches=matches)
