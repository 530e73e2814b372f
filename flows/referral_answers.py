"""Reading a self-referral: is this a request to be seen by the team, who is it for, how to get in touch,
consent, and whether an answer to "what is going on" says anything at all.

Pure functions over the text. ``asks_to_refer`` is deliberately narrow: a request to be *seen by* or
*referred to* the team, never a need alone ("i feel anxious" finds support; it does not start an intake).
"""

from __future__ import annotations

import re
from typing import Literal

ForWhom = Literal["self", "child", "other"]
ContactBy = Literal["text", "call", "school"]

_CHILD = (
    r"(?:my|our)\s+(?:(?:\d{1,2}\s*(?:yo|year old|yr old)|teenage|eldest|oldest|youngest|little|younger|older"
    r"|step|foster)\s+)*(?:son|daughter|child|kid|boy|girl|stepson|stepdaughter|grandson|granddaughter"
    r"|children|kids)"
)
_TEAM = (
    r"(?:the |your |ur |a )?(?:school |schools )?(?:mental health|mh|mhst|wellbeing|well being|support"
    r"|counselling|counseling|cahms|camhs)\s*(?:support )?(?:team|service|people|lot|worker|practitioner)?"
)
_REFER = re.compile(
    r"\b(?:self[- ]?refer(?:ral|ring)?|refer (?:myself|me|my self|him|her|them|" + _CHILD + r"))\b"
    r"|\b(?:make|do|send|start|put in|want|like|need|get|have|request|ask for|asking for) (?:a )?"
    r"(?:self[- ]?)?referral\b"
    r"|\bhow (?:do|can|would) (?:i|we|u|you) (?:get|be) (?:referred|seen|an appointment)\b"
    r"|\b(?:get|getting|be|being) (?:me |him |her |them |" + _CHILD + r" )?(?:referred|seen)\b"
    r"|\b(?:get|getting) help (?:from|with) " + _TEAM + r"\b"
    r"|\b(?:see|work with|get support from|join|be on|get on) " + _TEAM + r"\b"
    r"|\b(?:see|seeing) (?:someone|somebody|some1|a counsellor|a counselor|a therapist|a practitioner"
    r"|a professional|a mental health (?:worker|nurse|practitioner))\b"
    r"|\b(?:sign|put) (?:me|myself|him|her|them|" + _CHILD + r") (?:up|forward|down)\b"
    r"|\b(?:get|getting|ask for|asking for|find|access|accessing) (?:help|support) (?:for (?:me|him|her|them|"
    + _CHILD
    + r") )?(?:from|through) (?:the |your |ur |his |her |my |our )?(?:school|schools|college)"
    r"(?: team| staff| people| mental health team)?\b"
    r"|\b(?:see|seeing|what about|is there|can i have) (?:someone|somebody|some1|anyone|anybody|a person"
    r"|an adult) (?:at|in|from) (?:school|college)\b"
)
_FOR_CHILD = re.compile(
    r"\b" + _CHILD + r"\b|\b(?:refer|get|getting) (?:him|her|them)\b"
    r"|\bi'?m (?:a|his|her|their) (?:parent|mum|mom|dad|carer|guardian)\b"
)
_FOR_OTHER = re.compile(
    r"\bmy (?:friend|mate|bestie|best friend|bf|gf|boyfriend|girlfriend|brother|sister|cousin|pupil"
    r"|student)\b"
)
_TRIVIAL = frozenset(
    {"ok", "okay", "k", "hi", "hello", "hey", "hiya", "yes", "no", "y", "n", "thanks", "thank you", "ty",
     "ta", "idk", "dunno", "?", "...", "hmm", "um", "what", "sorry", "yeah", "nah", "sure", "fine", "lol",
     "x", "xx", "ok thanks", "ok thank you", "im back", "i'm back", "still here", "here"}
)  # fmt: skip
_CONTACT: tuple[tuple[re.Pattern[str], ContactBy], ...] = (
    (
        re.compile(r"\b(?:school|teacher|tutor|head of year|pastoral|senco|through school|at school)\b"),
        "school",
    ),
    (re.compile(r"\b(?:call|ring|phone|bell|speak|talk)\b"), "call"),
    (re.compile(r"\b(?:text|txt|sms|message|msg|here|this way|on here|like this)\b"), "text"),
)
_YES = re.compile(r"^(?:y|yes|yeah|yea|yep|yup|ya|yh|ok|okay|sure|fine|i agree|agree|yes please|yes thats ok"
                  r"|yes that's ok|yes thats fine|yes that's fine|thats fine|that's fine|of course|defo|deffo"
                  r"|go ahead|yes i agree|yes ok|ok yes)\b")  # fmt: skip
_NO = re.compile(r"^(?:n|no|nope|nah|na|i dont|i don't|dont|don't|i do not|not really|no thanks|no thank you"
                 r"|i'd rather not|id rather not|rather not)\b")  # fmt: skip


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").strip().strip(".!?").split())


def asks_to_refer(text: str) -> bool:
    """True for "i want to refer myself", "how do I get my son seen", "can i get help from the mental
    health team", "can i see the wellbeing team", "how do we get help from the school team", "what about
    someone at school"; not "i feel sad", "can someone call me" or "i need help at school with maths"."""
    return _REFER.search(_clean(text)) is not None


def for_whom(text: str) -> ForWhom | None:
    """Who a request is for, when the text says: 'my son' -> child, 'my friend' -> other, 'myself' -> self."""
    cleaned = _clean(text)
    if _FOR_CHILD.search(cleaned):
        return "child"
    if _FOR_OTHER.search(cleaned):
        return "other"
    if re.search(r"\b(?:myself|my self|me|i|im|i'm)\b", cleaned):
        return "self"
    return None


def contact_by(text: str) -> ContactBy | None:
    """How they would like to hear from us: text, a call, or through school."""
    cleaned = _clean(text)
    for pattern, way in _CONTACT:
        if pattern.search(cleaned):
            return way
    return None


def consent(text: str) -> bool | None:
    """YES / NO to "may the team contact you about this and read what you told us"."""
    cleaned = _clean(text)
    if _NO.match(cleaned):
        return False
    if _YES.match(cleaned):
        return True
    return None


def says_nothing(text: str) -> bool:
    """True for a bare acknowledgement or greeting ('yes', 'ok', 'hi', '?'): no answer to a question that
    wants a fact (a place, a story)."""
    cleaned = _clean(text)
    return not cleaned or cleaned in _TRIVIAL


def says_something(text: str) -> bool:
    """False for an answer that says nothing about what is going on ('ok', 'hi', 'yes'): asked again."""
    cleaned = _clean(text)
    return bool(cleaned) and not says_nothing(cleaned) and len(cleaned) >= 3
