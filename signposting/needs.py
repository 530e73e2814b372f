"""The fixed need values and the mapping from taxonomy terms to them.

Waymark talks about 14 needs (the same values as the NLU `need` entity). Directory
data arrives tagged with taxonomy terms from many vocabularies; this module maps a
term to zero or more needs. A term can also mark a service as *general*: it helps
with any worry (for example Childline), so it matches every need but ranks below
services that name the need.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

NEEDS_FILE = Path(__file__).parent / "data" / "needs.json"
"""The one list of needs (``nlu/types.py`` reads the same file)."""

_LISTED = json.loads(NEEDS_FILE.read_text(encoding="utf-8"))["needs"]

NEEDS: tuple[str, ...] = tuple(str(n["value"]) for n in _LISTED)
"""The 14 need values, in a stable order."""

GENERAL = "general"
"""Pseudo-need for services that help with any worry."""

WAYMARK_TAXONOMY = "waymark-need"
"""Our own vocabulary: the term code is a need value or ``general``."""

NEED_LABELS: dict[str, str] = {str(n["value"]): str(n["label"]) for n in _LISTED}
"""Plain-English labels (GSM-7, reading age about 9) for menus and audit text."""

_SYNONYMS: dict[str, frozenset[str]] = {}


def _add(needs: str | tuple[str, ...], *phrases: str) -> None:
    values = frozenset((needs,) if isinstance(needs, str) else needs)
    for phrase in phrases:
        _SYNONYMS[normalise_term(phrase)] = values


def normalise_term(text: str) -> str:
    """Lower-case a term and reduce punctuation and spacing to single spaces."""
    text = text.replace("+", " plus ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


_add(
    GENERAL,
    "general",
    "any worry",
    "mental health",
    "emotional wellbeing",
    "wellbeing",
    "emotional support",
    "counselling",
    "listening",
    "listening service",
    "talking therapy",
    "mental health support",
    "youth counselling",
    "crisis support",
    "helpline",
)
_add("anxiety", "anxiety", "worry", "worries", "stress", "panic", "panic attacks", "phobia")
_add("low_mood", "low mood", "depression", "sadness", "feeling low", "mood")
_add("bullying", "bullying", "cyberbullying", "cyber bullying", "anti bullying", "online bullying")
_add(
    "self_harm", "self harm", "self-harm", "self injury", "suicide", "suicide prevention", "suicidal thoughts"
)
_add(
    "eating",
    "eating",
    "eating disorder",
    "eating disorders",
    "eating difficulties",
    "anorexia",
    "bulimia",
    "body image",
)
_add("sleep", "sleep", "sleep problems", "insomnia")
_add("exam_stress", "exam stress", "exams", "study stress", "school stress", "revision")
_add(
    "family",
    "family",
    "family support",
    "parenting",
    "parenting support",
    "parents",
    "young carers",
    "carers",
    "family breakdown",
    "divorce",
    "separation",
)
_add("relationships", "relationships", "healthy relationships", "friendships", "dating")
_add(("family", "relationships"), "domestic abuse", "domestic violence")
_add(
    "lgbtq",
    "lgbt",
    "lgbtq",
    "lgbtq+",
    "lgbt+",
    "lgbtqia",
    "gender identity",
    "sexuality",
    "transgender",
    "trans",
    "coming out",
)
_add("bereavement", "bereavement", "grief", "loss", "death", "bereaved")
_add(
    "drugs_alcohol",
    "drugs",
    "alcohol",
    "drugs and alcohol",
    "substance misuse",
    "substance use",
    "addiction",
    "smoking",
    "vaping",
)
_add("anger", "anger", "anger management", "temper")
_add(
    "loneliness",
    "loneliness",
    "lonely",
    "isolation",
    "social isolation",
    "befriending",
    "youth club",
    "youth work",
    "youth group",
)

for _need in NEEDS:
    _add(_need, _need, _need.replace("_", " "))


def needs_for_term(taxonomy: str | None, code: str | None, name: str | None) -> frozenset[str] | None:
    """Map one taxonomy term to need values.

    Returns the set of needs (possibly ``{"general"}``), or ``None`` when the term is
    unknown. Our own ``waymark-need`` vocabulary is matched on the code exactly; other
    vocabularies are matched on code, then name, against a synonym table.
    """
    if taxonomy and normalise_term(taxonomy) == normalise_term(WAYMARK_TAXONOMY):
        value = (code or "").strip()
        if value in NEEDS or value == GENERAL:
            return frozenset({value})
        return None
    for text in (code, name):
        if text:
            key = normalise_term(text)
            found = _SYNONYMS.get(key) or _SYNONYMS.get(key.removesuffix("s"))
            if found is not None:
                return found
    return None


def is_need(value: str | None) -> bool:
    """True when ``value`` is one of the 14 need values."""
    return value in NEEDS
