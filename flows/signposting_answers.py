"""Reading the short answers of the find-support conversation: a need, an age, MORE, SKIP, YES/NO/HELP.

Pure functions over the text (and the NLU's parse when there is one). Needs are found by the context's
:class:`~flows.engine.NeedFinder` (the shell builds it from the NLU's phrase lookup over the shipped
synonyms), so "cant sleep" or "kids keep picking on me" finds a need even when the intent classifier is off
or unsure, and no flow reads the NLU's training data itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from signposting.needs import NEEDS

if TYPE_CHECKING:
    from flows.engine import NeedFinder
    from nlu.types import Parse

MIN_AGE, MAX_AGE = 1, 120
"""Any whole number in this range is taken as an age; 5-25 is who Waymark is for."""

_NUMBER_WORDS = {
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20,
}  # fmt: skip
_PARENT = re.compile(r"\b(parent|parents|carer|carers|mum|mom|mam|mother|dad|father|guardian|foster)\b")
_PARENT_WORD = (
    r"(?:parent|mum|mom|mam|mummy|mother|dad|daddy|father|carer|guardian|step ?mum|step ?dad|grandparent"
    r"|grandma|grandad|granddad|nan|nana|gran)s?"
)
_THEIR_PARENT = re.compile(r"\b(?:my|our|your|his|her|their|me|ma)\s+(?:foster\s+)?" + _PARENT_WORD + r"\b")
"""Someone's parent ('my mum', 'ask my dad', 'i dont want my mum to know'): not the sender being one."""
_SELF_PARENT = re.compile(
    # "I am a parent", "im a mum", "I'm his dad", "as a single parent", "being a foster carer"
    r"\b(?:i am|i'm|im|i m|am|as|being)\s+(?:a|an|the|his|her|their)?\s*"
    r"(?:(?:single|worried|concerned|foster|kinship|working|new|lone|step)\s+)*" + _PARENT_WORD + r"\b"
    r"(?!\s+(?:for|to) (?:my|our) (?:(?:little|big|younger|older|baby|twin)\s+)?"
    r"(?:mum|mom|mam|mother|dad|father|parents?|nan|gran|grandma|grandad"
    r"|brother|sister|brothers|sisters|sibling|siblings|family)\b)"
    # "mum of 2", "parent of a year 8", "dad here" (not "my mum here")
    r"|(?<!\bmy )(?<!\bour )\b" + _PARENT_WORD + r"\s+(?:of|here)\b"
)
"""The sender saying they are a parent or carer; never "my mum ...", nor a young carer ("I'm a young carer",
"I'm a carer for my mum"): those are young people talking about their family."""
_MY_CHILD = re.compile(
    r"\b(?:my|our)\s+(?:(?:\d{1,2}\s*(?:yo|y o|year old|yr old)|teenage|teen|eldest|oldest|youngest"
    r"|little|younger|older|middle|step|foster|adopted)\s+)*"
    r"(?:son|sons|daughter|daughters|child|children|kid|kids|stepson|stepdaughter|grandson|granddaughter)\b"
    r"(?!\s+(?:brother|sister|cousin)\b)"
)
"""'my son', 'our daughter', 'my 12 year old son', 'my kids': only a parent or carer says this."""
_UNDER = re.compile(r"\b(?:under|below|younger than)\s*(\d{1,2})\b")
_BAND = re.compile(r"\b(\d{1,2})\s*(?:-|to|or)\s*(\d{1,2})\b")
_NUMBER = re.compile(r"\b(\d{1,3})\b")
AGE_UNIT = r"(?:y\s*/?\s*o|yrs?|years?|year olds?|ish)"
"""How people write 'years old' after a number, as _clean leaves it: '15yo', '15 y/o', '15 y.o.', '15yrs'."""
_AGED = re.compile(rf"(?<![a-z0-9])(\d{{1,3}})\s*{AGE_UNIT}\b")
_SCHOOL_YEAR = re.compile(r"\b(?:year|yr|y)\s*(\d{1,2})\b")
"""'year 9', 'yr 9', 'Y9': a school year in England. Year 7 starts at 11, so Year N is N + 4."""
SCHOOL_YEAR_TO_AGE = 4
_WORD = re.compile(r"[a-z0-9']+")
_MORE = frozenset({"more", "next", "others", "anymore", "another"})
_MORE_FILLER = frozenset(
    {"please", "pls", "plz", "plse", "thanks", "thank", "you", "thx", "ta", "x", "xx", "ok", "okay", "yes",
     "can", "could", "i", "have", "get", "see", "send", "show", "give", "me", "us", "some", "any", "a",
     "few", "the", "of", "them", "one", "ones", "places", "options", "services", "results", "page"}
)  # fmt: skip
"""Words around MORE that leave it MORE ('more pls', 'any more?', 'show me more'); never 'no' or 'stop'."""
_SKIP = frozenset(
    {"skip", "no", "nope", "dont know", "don't know", "idk", "not sure", "rather not say", "pass", "none"}
)
_YES = frozenset({"yes", "y", "yeah", "yep", "yea", "ya", "i did", "yes i did", "sure", "ok", "yes thanks"})
_NO = frozenset({"no", "n", "nope", "nah", "not yet", "no i didnt", "i didnt", "no i did not", "didnt"})
_YES_LEAD = frozenset({"yes", "yeah", "yep", "yea", "ya", "yh", "yup", "yeh"})
_NO_LEAD = frozenset({"no", "nope", "nah", "naa"})
_AGAINST_YES = frozenset(
    {"no", "not", "nope", "nah", "didnt", "didn't", "never", "havent", "haven't", "cant", "can't", "couldnt",
     "couldn't", "wasnt", "wasn't", "wont", "won't", "dont", "don't", "help", "but"}
)  # fmt: skip
"""Words after a leading YES that make the whole reply something other than a plain yes."""
_AGAINST_NO = frozenset({"yes", "yeah", "yep", "did", "help", "but"})
"""Words after a leading NO that make the whole reply something other than a plain no."""
_HELP = frozenset({"help", "info", "help me", "help please"})
_UNSURE = re.compile(
    r"\b(?:maybe|perhaps|possibly|not sure|unsure|not certain|idk|dunno|dont know|don't know|no idea"
    r"|kind of|kinda|sort of|sorta|i guess|cant remember|can't remember|dont remember|don't remember)\b"
)


@dataclass(frozen=True)
class AgeAnswer:
    """An age (``age``), a parent or carer (``parent``), or a skip; ``None`` fields when not given."""

    age: int | None = None
    parent: bool = False
    skipped: bool = False


def _clean(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold().replace("\u2019", "'")))


def find_need(text: str, finder: NeedFinder, parse: Parse | None = None) -> str | None:
    """The need named in `text`: the NLU's ``need`` entity if it found one, else the phrase lookup."""
    if parse is not None:
        value = parse.entity("need")
        if value in NEEDS:
            return value
    found = finder(text)
    return found if found in NEEDS else None


def says_parent(text: str) -> bool:
    """True when `text` says the sender is a parent or carer ("I am a parent worried about my daughter",
    "im a mum and my son is being bullied", "my 12 year old son..."): it answers the age question as
    PARENT does. Not "my mum shouts at me" or "I'm a young carer for my dad"."""
    cleaned = _clean(text)
    return bool(_SELF_PARENT.search(cleaned) or _MY_CHILD.search(cleaned))


def parse_age(text: str) -> AgeAnswer | None:
    """'14', "I'm 14", '15yo', 'fourteen', 'year 9', 'under 11', '11-15', "I'm a parent", 'skip'; else None.

    A band gives its lower end ('11-15' -> 11), 'under 11' gives 10: the search then finds services that
    take the youngest in the band.
    """
    cleaned = _clean(text)
    if cleaned in _SKIP:
        return AgeAnswer(skipped=True)
    says_parent_word = _PARENT.search(_THEIR_PARENT.sub(" ", cleaned))  # 'single mum', 'dad of 2', 'mum 42'
    if says_parent_word and not re.search(r"\b(my|our) (son|daughter|child|kid)\b", cleaned):
        return AgeAnswer(parent=True)
    aged = _AGED.search(cleaned)  # '15yo', '15 yrs': an age outright, before any school year
    if aged:
        return _age(int(aged.group(1)))
    school_year = _SCHOOL_YEAR.search(cleaned)
    if school_year and 1 <= int(school_year.group(1)) <= 13:
        return _age(int(school_year.group(1)) + SCHOOL_YEAR_TO_AGE)
    under = _UNDER.search(cleaned)
    if under:
        return _age(int(under.group(1)) - 1)
    band = _BAND.search(cleaned)
    if band:
        return _age(min(int(band.group(1)), int(band.group(2))))
    number = _NUMBER.search(cleaned)
    if number:
        return _age(int(number.group(1)))
    for word in cleaned.split():
        if word in _NUMBER_WORDS:
            return AgeAnswer(age=_NUMBER_WORDS[word])
    if says_parent(cleaned):  # "I'm a parent, it's about my daughter": PARENT, with no age given
        return AgeAnswer(parent=True)
    return None


def _age(value: int) -> AgeAnswer | None:
    return AgeAnswer(age=value) if MIN_AGE <= value <= MAX_AGE else None


def has_number(text: str) -> bool:
    """True when `text` holds a number (digits or a word like 'fourteen'): an attempt at a number answer."""
    cleaned = _clean(text)
    return any(c.isdigit() for c in cleaned) or any(w in _NUMBER_WORDS for w in cleaned.split())


def is_more(text: str) -> bool:
    """True for MORE, 'next', 'more pls', 'any more?' (a MORE word with only polite or filler words around
    it); not for 'no more', 'more help with exams' or anything with STOP in it."""
    words = _clean(text).split()
    if words == ["m"]:
        return True
    core = [w for w in words if w not in _MORE_FILLER]
    return len(set(core)) == 1 and core[0] in _MORE


def is_skip(text: str) -> bool:
    """True for SKIP, 'dont know', 'no' when asked something optional."""
    return _clean(text) in _SKIP


def is_unsure(text: str) -> bool:
    """True for 'maybe', 'not sure', 'idk', 'dunno' and the like: neither a YES nor a NO."""
    return _UNSURE.search(_clean(text)) is not None


def followup_answer(text: str, parse: Parse | None = None) -> str | None:
    """``yes``, ``no`` or ``help`` for a reply to the follow-up question; None if it is something else
    (an unsure answer such as 'maybe' included: see :func:`is_unsure`). A YES or NO leading a reply that
    does not take it back is that answer: 'yes it was good ty', 'no not yet thanks'."""
    cleaned = _clean(text)
    if cleaned in _HELP:
        return "help"
    if cleaned in _YES:
        return "yes"
    if cleaned in _NO:
        return "no"
    if is_unsure(cleaned):  # 'maybe', 'not sure': the NLU often reads these as deny, but they are not a NO
        return None
    lead = _leading_answer(cleaned)
    if lead is not None:
        return lead
    if parse is not None and parse.intent in ("affirm", "deny") and len(cleaned.split()) <= 4:
        return "yes" if parse.intent == "affirm" else "no"
    return None


def _leading_answer(cleaned: str) -> str | None:
    """'yes' or 'no' when the reply starts with one and nothing after it says otherwise."""
    first, *rest = cleaned.split() or [""]
    if first in _YES_LEAD and rest and not _AGAINST_YES.intersection(rest):
        return "yes"
    if first in _NO_LEAD and rest and not _AGAINST_NO.intersection(rest):
        return "no"
    return None
