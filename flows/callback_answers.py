"""Reading a call-back request's answers: a phone number in free text, the "safe to say who we are / may we
leave a voicemail" answer, a request for a call, "dont need the call now", and what it is about.

Pure functions. Phone numbers use ``phonenumbers`` (region GB): a landline is fine, a number that is not a
UK phone is reported as such so the flow can ask again. Numbers never leave this module except in the
normalised E.164 form that the call-back record stores; they are never logged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import phonenumbers

_CALL_VERB = r"(?:call|ring|phone|bell|fone|cal|rng|tel|speak to|talk to)"
_REQUEST = re.compile(
    # "can someone call me", "could u ring me back", "pls phone me", "will you bell me after 3"
    r"\b(?:can|could|cud|cn|will|would|wud|pls|plz|please|plse|can't|cant)\b[^.?!]{0,30}?\b"
    + _CALL_VERB
    + r"\s+(?:me|us|my (?:mum|mom|dad|number|mobile|phone)|back)\b"
    # "call me back", "ring me after school", "phone me" at the start of the text
    r"|^\s*(?:hi\s+|hello\s+|hiya\s+)?" + _CALL_VERB + r"\s+(?:me|us)\b"
    # "i want / need / would like a call (back)", "a phone call would be good", "callback please"
    r"|\b(?:want|need|like|have|get|request|ask for|asking for|arrange)\s+(?:a|an|some)?\s*"
    r"(?:phone ?call|call ?back|call|ring ?back|ring|chat on the phone)\b"
    r"|\bcall ?back\b|\bring ?back\b|\bgive (?:me|us) a (?:call|ring|bell)\b"
    r"|\b(?:speak|talk) (?:to (?:someone|somebody|some1|a person) )?(?:on|over|by) the phone\b"
)
_NEGATED = re.compile(
    r"\b(?:don'?t|do not|dont|doesnt|doesn'?t|never|no need to|not|stop|won'?t|wont)\s+(?:\w+\s+){0,2}?"
    + _CALL_VERB
    + r"\b"
)
_ONLY_WHEN = re.compile(r"\s*(?:me\s+|us\s+)?(?:before|until|till|til|after|at|on|in the|between)\b")
_NO_CALL = re.compile(
    # "dont need the call now", "no need to ring", "we do not need a call back any more", "cancel my call"
    r"\b(?:don'?t|dont|do not|no longer|not|wont|won'?t|doesnt|doesn'?t)\s+(?:\w+\s+){0,2}?"
    r"(?:need|want)\s+(?:\w+\s+){0,2}?(?:the |a |my |that |this )?"
    r"(?:phone ?call|call ?back|call|ring ?back|ring|phone)\b"
    r"|\bno need (?:to|for)\s+(?:\w+\s+){0,2}?(?:call|ring|phone|a call|the call|a ring|callback)\b"
    r"|\bcancel\s+(?:the |my |that |this |our )?(?:phone ?call|call ?back|call|ring ?back)\b"
    r"|\b(?:dont|don'?t|do not|no)\s+(?:need to|have to|worry about)\s+(?:the )?(?:call|ring|phon)"
    # "please dont call", "dont ring me now": the whole text (not "dont call my mum", "dont call before 3")
    r"|^(?:(?:pls|please|plz|ok|okay|its ok|it's ok|thanks|actually|sorry)\s+)*"
    r"(?:dont|don'?t|do not|no need to)\s+(?:bother\s+)?(?:call|ring|phone)(?:ing)?(?:\s+(?:me|us))?"
    r"(?:\s+(?:now|any ?more|after all|then|today|thanks|thank you|please|pls|x+))*[.!]*$"
)
_YES = re.compile(
    r"^(?:y|yes|yeah|yea|ye|yep|yup|ya|yh|yes please|sure|ok|okay|k|fine|thats fine|that's fine"
    r"|yes thats fine|yes that's fine|defo|deffo|of course|go ahead|yes its fine|yes it is)\b"
)
_NO = re.compile(r"^(?:n|no|nope|nah|na|no thanks|no thank you|please dont|pls dont|dont|better not"
                 r"|rather you didnt|rather you didn't|not really|no its not|no it isnt)\b")  # fmt: skip
_NO_VOICEMAIL = re.compile(
    r"\b(?:no|dont|don'?t|do not|not|without|never|pls dont|please dont)\s+(?:\w+\s+){0,2}?"
    r"(?:voicemail|voice mail|message|msg|answerphone|vm)\b|\bno (?:vm|vmail)\b"
)
_VOICEMAIL_OK = re.compile(r"\b(?:voicemail|voice mail|message|answerphone)s? (?:is |are )?(?:ok|fine|okay)\b"
                           r"|\b(?:leave|can leave) (?:a )?(?:voicemail|voice mail|message)\b")  # fmt: skip
_NOT_SAFE = re.compile(
    r"\b(?:dont|don'?t|do not|not|never)\s+(?:\w+\s+){0,3}?(?:say|tell|mention)\s+(?:\w+\s+){0,2}?"
    r"(?:who you are|who u are|where you|who its from|the team|mental health|its you)"
    r"|\bnot safe\b|\bisnt safe\b|\bisn'?t safe\b|\bjust ask for me\b|\bonly speak to me\b"
)
_ABOUT = re.compile(r"\b(?:about|regarding|re|concerning|to do with|its about|it's about)\s+(.{3,120})$")
_PARENT_CHILD = re.compile(
    r"\b(?:my|our)\s+(?:(?:\d{1,2}\s*(?:yo|year old|yr old)|teenage|eldest|oldest|youngest|little|younger"
    r"|older|step|foster)\s+)*(son|daughter|child|kid|boy|girl|stepson|stepdaughter|grandson"
    r"|granddaughter)\b"
)
_I_AM_PARENT = re.compile(r"\b(?:i am|i'm|im|i m)\s+(?:a|an|the|his|her|their)?\s*(?:parent|mum|mom|dad|carer"
                          r"|guardian|foster carer|step ?mum|step ?dad)\b")  # fmt: skip
_WORDS = re.compile(r"[a-z0-9']+")
DRAMA_RANGES = (("+447700900", 3),)
"""Ofcom's range for fiction (07700 900000 to 900999). ``phonenumbers`` calls these invalid; they are
accepted so the demo and tests can use them. No real phone has one."""

PhoneProblem = Literal["not_uk", "not_a_number"]


@dataclass(frozen=True)
class PhoneAnswer:
    """A number found in a text: ``e164`` when it is a UK phone, else ``problem`` says why not."""

    e164: str | None = None
    problem: PhoneProblem | None = None
    span: tuple[int, int] = (0, 0)


@dataclass(frozen=True)
class SafeAnswer:
    """May we say who we are if someone else answers; may we leave a voicemail."""

    safe_to_say: bool
    voicemail: bool


def _clean(text: str) -> str:
    return " ".join(text.lower().replace("\u2019", "'").split())


def _drama(e164: str) -> bool:
    return any(e164.startswith(prefix) and len(e164) == len(prefix) + rest for prefix, rest in DRAMA_RANGES)


def find_phone(text: str) -> PhoneAnswer | None:
    """The first phone number in `text` (UK, normalised to E.164), a reason it is not one we can call, or
    None when `text` holds nothing that looks like a phone number."""
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
        number = match.number
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        span = (match.start, match.end)
        if number.country_code != 44:
            return PhoneAnswer(problem="not_uk", span=span)
        if phonenumbers.is_valid_number_for_region(number, "GB") or _drama(e164):
            return PhoneAnswer(e164=e164, span=span)
        return PhoneAnswer(problem="not_a_number", span=span)
    digits = re.sub(r"[\s().-]", "", text)
    if re.search(r"\+?\d{7,}", digits):  # a long run of digits phonenumbers would not take
        return PhoneAnswer(problem="not_a_number")
    return None


def without_phone(text: str, answer: PhoneAnswer | None) -> str:
    """`text` with the number `answer` found cut out (so its digits are not read as times or ages)."""
    if answer is None or answer.span == (0, 0):
        return text
    start, end = answer.span
    return f"{text[:start]} {text[end:]}"


def is_uk_phone(e164: str) -> bool:
    """True when an E.164 number (a contact's own SMS number, say) is a UK phone we can call."""
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return False
    if number.country_code != 44:
        return False
    normalised = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return phonenumbers.is_valid_number_for_region(number, "GB") or _drama(normalised)


def asks_for_call(text: str) -> bool:
    """True when `text` asks us to phone ("can some1 ring me after school", "please call me back",
    "i need a call back"); not "dont call me", "my mum wont ring me" or "no need to call"."""
    cleaned = _clean(text)
    if wants_no_call(cleaned):
        return False
    if not _REQUEST.search(cleaned):
        return False
    # a "dont call" that only limits the time ("dont call before 3") still asks for a call
    return all(_ONLY_WHEN.match(cleaned[negated.end() :]) for negated in _NEGATED.finditer(cleaned))


def wants_no_call(text: str) -> bool:
    """True for "dont need the call now", "no need to ring", "cancel the call back", "please dont call"."""
    return _NO_CALL.search(_clean(text)) is not None


def parse_safe(text: str) -> SafeAnswer | None:
    """YES / NO to "may we say who we are and leave a voicemail", with the two told apart when the text
    does ("yes but no voicemail", "you can leave a message but dont say who you are"). Whatever the text
    does not clearly allow is not allowed: "no voicemail pls" also means we do not say who we are."""
    cleaned = _clean(text).strip(" .!")
    no_voicemail = _NO_VOICEMAIL.search(cleaned) is not None
    voicemail_ok = _VOICEMAIL_OK.search(cleaned) is not None and not no_voicemail
    not_safe = _NOT_SAFE.search(cleaned) is not None
    yes = _YES.match(cleaned)
    if yes and _limited(cleaned[yes.end() :]):
        return SafeAnswer(safe_to_say=False, voicemail=False)  # a yes with a condition is not a clear yes
    if yes:
        return SafeAnswer(safe_to_say=not not_safe, voicemail=voicemail_ok or not (no_voicemail or not_safe))
    if _NO.match(cleaned) or no_voicemail or not_safe or voicemail_ok:
        return SafeAnswer(safe_to_say=False, voicemail=voicemail_ok)
    return None


_LIMITS = re.compile(
    r"\b(?:but|if|unless|only|as long as|except|not|dont|don'?t|doesnt|doesn'?t|cant|can'?t|never|wont"
    r"|won'?t|careful|secret|private|know)\b"
)
_NOT_LIMITS = re.compile(r"\b(?:dont|don'?t|do not) mind\b|\bno (?:problem|worries)\b|\bnot (?:a )?problem\b"
                         r"|\bnot bothered\b|\bof course\b")  # fmt: skip
_JOINS = re.compile(r"\b(?:but|and|just|please|pls|plz|thanks|thank you|ta)\b|[,.!]")


def _limited(rest: str) -> bool:
    """After a yes: words that make it a condition ("yes but not if my dad answers", "yes but my mum doesnt
    know") once the voicemail clause the reader understands is taken out ("yes but no voicemail" is a yes
    to saying who we are and a no to the voicemail)."""
    for understood in (_NO_VOICEMAIL, _VOICEMAIL_OK, _NOT_LIMITS):
        rest = understood.sub(" ", rest)
    return _LIMITS.search(_JOINS.sub(" ", rest)) is not None


def topic(text: str) -> str | None:
    """What a request says it is about, in the sender's words ("about my daughter" -> "my daughter")."""
    m = _ABOUT.search(_clean(text).rstrip(" .!?"))
    if m is None:
        return None
    about = re.split(r"\b(?:after|before|between|on|tmrw|tomorrow|my number|number is|on \d)\b", m.group(1))[
        0
    ]
    about = re.sub(r"\s+(?:please|pls|plz|thanks|thank you|ta|x+)$", "", about.strip(" ,.-")).strip(" ,.-")
    return about if len(about) >= 3 and not about.isdigit() else None


def child_named(text: str) -> str | None:
    """'son', 'daughter', 'child'... when the sender writes as a parent about their child, else None."""
    m = _PARENT_CHILD.search(_clean(text))
    return m.group(1) if m else None


def says_parent(text: str) -> bool:
    """The sender is a parent or carer: "my daughter", "im her mum"."""
    cleaned = _clean(text)
    return _PARENT_CHILD.search(cleaned) is not None or _I_AM_PARENT.search(cleaned) is not None


def is_this_number(text: str) -> bool:
    """'this number', 'this one', 'yes', 'same number', 'on here', 'my mobile': the number texting us."""
    cleaned = _clean(text).strip(" .!")
    return bool(
        re.fullmatch(
            r"(?:y|yes|yeah|yep|yh|ok|okay|sure|yes please|please|pls|this|this one|this number|this no"
            r"|same|same number|same one|the same|on here|here|this phone|my phone|my mobile|mobile|me"
            r"|yes this number|yes this one|yes on this number|this number please|use this number"
            r"|the one im texting from|the one i'm texting from|this 1)(?: please| pls| thanks| ta)?",
            cleaned,
        )
    )


def word_count(text: str) -> int:
    return len(_WORDS.findall(_clean(text)))
