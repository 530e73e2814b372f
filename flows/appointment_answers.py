"""Reading a reply about an appointment: yes (coming), no (cannot come, maybe with a reason) or rearrange.

Pure word rules on the whole text, written for how people text ("yh", "cant come", "im ill", "can we
change it"); the NLU's ``affirm`` / ``deny`` are a fallback for what the rules do not know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Answer = Literal["yes", "no", "rearrange"]

_PUNCT = re.compile(r"[^\w\s']")
YES_WORDS = frozenset(
    {"y", "yes", "yh", "yeh", "yeah", "yea", "ye", "yep", "yup", "ok", "okay", "k", "sure", "confirm",
     "confirmed", "fine", "thats fine", "that's fine", "yes please", "yes thanks", "yes thank you",
     "ill be there", "i'll be there", "i will be there", "will be there", "see you then", "i can come",
     "i can make it", "can make it", "coming", "im coming", "i'm coming", "ok thanks", "yes ok", "y thanks"}
)  # fmt: skip
NO_WORDS = frozenset(
    {"n", "no", "nope", "nah", "cancel", "cancel it", "cant come", "can't come", "cannot come",
     "cant make it", "can't make it", "cannot make it", "not coming", "i cant come", "i can't come",
     "i cannot come", "no sorry", "sorry no", "i cant make it", "i can't make it", "cant", "can't",
     "no thanks"}
)  # fmt: skip
"""A plain no: the person may then give a reason if they want."""
NO_PHRASES = re.compile(
    r"\b(cant|can't|cannot|can not|wont|won't|not able to|unable to)\s+(be able to\s+)?"
    r"(come|make|attend|go|do|be there|talk)"
    r"|\b(im|i'm|i am|feeling|been|off)\s+(ill|sick|unwell|poorly)\b|\bnot coming\b|\bcancel\b"
)
REARRANGE = re.compile(
    r"\b(change|rearrange|re-arrange|reschedule|re-schedule|move)\b|\b(another|different|new|other)\s+"
    r"(time|day|date|week)\b|\bput it off\b"
)
_LEAD = re.compile(r"^(n|no|nope|nah|r|y|yes)\b[\s,.\-:]*", re.IGNORECASE)


@dataclass(frozen=True)
class ReadAnswer:
    answer: Answer
    reason: str | None = None
    """The person's own words about why (kept on the appointment; never logged)."""


def normalise(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.lower().replace("\u2019", "'")).split())


def read_answer(text: str, intent: str | None = None) -> ReadAnswer | None:
    """What a reply says about an appointment, or None when it is about something else."""
    words = normalise(text)
    if not words:
        return None
    first = words.split()[0]
    rest = _LEAD.sub("", text.strip()).strip() if first in ("n", "no", "r", "nope", "nah") else ""
    if words == "r" or (first == "r" and rest) or REARRANGE.search(words):
        return ReadAnswer("rearrange", _reason(text if first != "r" else rest, words))
    if words in YES_WORDS:
        return ReadAnswer("yes")
    if words in NO_WORDS:
        return ReadAnswer("no")
    if first in ("n", "no", "nope", "nah") and rest:
        return ReadAnswer("no", rest[:300])
    if NO_PHRASES.search(words):
        return ReadAnswer("no", text.strip()[:300])
    if intent == "affirm" and len(words.split()) <= 4:
        return ReadAnswer("yes")
    if intent == "deny" and len(words.split()) <= 4:
        return ReadAnswer("no")
    return None


def _reason(text: str, words: str) -> str | None:
    """The words to keep with a rearrange request, unless they are only the request itself."""
    stripped = text.strip()
    if not stripped or words in ("r", "change it", "can we change it", "rearrange", "reschedule"):
        return None
    return stripped[:300]


def is_skip(text: str) -> bool:
    """SKIP, no, nothing: the person does not want to give a reason."""
    return normalise(text) in {"skip", "no", "n", "nope", "nah", "no thanks", "rather not", "nothing", "na"}


def choice_number(text: str, count: int) -> int | None:
    """1..count when the text is that number, else None."""
    words = normalise(text)
    if words.isdigit() and 1 <= int(words) <= count:
        return int(words)
    return None
