"""Whom a disclosure is about: the person texting (``self``) or someone they are helping (``other``).

"my mate said she wants to kill herself" and "My son has taken a bottle of pills" come from someone
helping: they need words for the helper (what to do now, who to call, that they did the right thing),
not "Please get help now" addressed to them. Pure, small and explainable: the words that matched decide
first ("kill myself" is self, "kill herself" is other); when they name nobody, the text decides ("my son
...", "she ..."). When in doubt it is ``self``: the reply for the person at risk is never withheld.
"""

from __future__ import annotations

from collections.abc import Iterable

from safeguarding.assessment import Assessment
from safeguarding.models import OTHER, SELF
from safeguarding.normalise import surface_tokens

FIRST_PERSON = frozenset(
    {"i", "im", "ive", "id", "ill", "me", "myself", "my", "mine", "we", "us", "ourselves"}
)
THIRD_PERSON = frozenset(
    {"she", "he", "shes", "hes", "her", "him", "his", "herself", "himself", "themselves", "themself"}
)
RELATIONS = frozenset(
    {
        "mate", "mates", "friend", "friends", "bestie", "bff", "bf", "gf", "boyfriend", "girlfriend",
        "son", "daughter", "child", "kid", "kids", "brother", "sister", "cousin", "partner", "pupil",
        "student", "classmate", "sibling", "mum", "mam", "mom", "dad", "nan", "husband", "wife",
    }
)  # fmt: skip
FIRST_SUBJECT = frozenset({"i", "im", "ive", "id", "ill", "me", "myself", "we"})


def _who_before(tokens: list[str], span: list[str]) -> str | None:
    """The nearest person named before `span` in `tokens`: 'i want to die, my mum ...' is self,
    'i think my son has taken ...' is other. None when the span is not found or nobody is named."""
    n = len(span)
    starts = [i for i in range(len(tokens) - n + 1) if n and tokens[i : i + n] == span]
    if not starts:
        return None
    for token in reversed(tokens[: starts[0]]):
        if token in FIRST_SUBJECT:
            return SELF
        if token in THIRD_PERSON or token in RELATIONS:
            return OTHER
    return None


def subject_of(text: str, assessment: Assessment) -> str:
    """``other`` when the risk in `text` is about someone else; ``self`` otherwise (and when unsure)."""
    tokens = surface_tokens(text)
    if "myself" in tokens:
        return SELF
    spans = [surface_tokens(m.matched) for m in assessment.matches if m.severity in ("high", "immediate")]
    if _any_in(spans, FIRST_PERSON):
        return SELF
    if _any_in(spans, THIRD_PERSON):
        return OTHER
    found = {_who_before(tokens, span) for span in spans} - {None}
    if SELF in found:
        return SELF
    return OTHER if OTHER in found else SELF


def _any_in(spans: Iterable[list[str]], words: frozenset[str]) -> bool:
    return any(t in words for span in spans for t in span)
