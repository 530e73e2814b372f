"""The crisis hold: after a ``high`` or ``immediate`` message, the contact's texts get support, not menus.

The hold lasts until a practitioner acknowledges the case, the case is resolved, or
``safeguarding.crisis_hold_hours`` pass since the last flagged message (``Escalation.hold_until``).
While held, the shell answers every text with a short supportive line that repeats how to get help now,
or, for a clear request, an answer that fits (:func:`request_in`). Pure functions; the shell applies them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from safeguarding.models import RESOLVED, Escalation
from safeguarding.normalise import surface_tokens

Request = Literal["call_me", "what_do", "real_person", "what_next", "who_told"]

_YOU = r"(you|u|ya)"
_SOMEONE = r"(someone|somebody|anyone|anybody|sum1|some1|any1|a person|a human|a real person)"
#: Whom a frightened young person fears being told: "will you tell my mum", "dont tell school".
_TOLD = (
    r"(my )?(mum|mom|mam|mummy|mother|dad|daddy|father|parents?|family|nan|nana|gran|carers?|foster carers?"
    r"|step ?(mum|dad)|school|teachers?|head ?teacher|police|social services|social workers?|anyone|any1|anybody)"
)
_TELL = r"(tell|telling|tel|ring|ringing|call|calling|contact|contacting|inform|informing|grass|snitch)"
_WHO_TELLS = rf"({_YOU}|u lot|you lot|the team|your team|ur team|yall)"  # not "they": an abuser's threat
REQUESTS: tuple[tuple[Request, re.Pattern[str]], ...] = (
    (
        # "will you tell my mum", "dont tell school", "am i in trouble": the honest answer about who may be told.
        # First: "will you call my mum" is about being told, not a request for a call.
        "who_told",
        re.compile(
            rf"\b{_WHO_TELLS} (will|would|wil|wl|gonna|going to|have to|got to|gotta|must|wont|will not|are|r|"
            rf"do|does|need to)( not| nt| going to| gonna| have to| need to)? {_TELL} {_TOLD}\b"
            rf"|\b(will|would|wil|are|r|do|does|must|have) {_WHO_TELLS}( (have to|need to|got to|going to|gonna))? "
            rf"{_TELL} {_TOLD}\b"
            rf"|\b(dont|do not|pls dont|please dont|plz dont|dnt) {_TELL} {_TOLD}\b"
            r"|\b(am i|will i|would i|r i|ami) (get |be |getting |going to get |gonna get )?(in )?trouble\b"
            rf"|\bwho (will|would|do|does|are|r) {_YOU} (tell|telling|contact|ring|call|inform)\b"
            r"|\b(does|will|would|do) (my )?(mum|dad|parents|school|teachers?|family) (have to |need to |get to )?"
            r"(know|find out|be told|see this|read this)\b"
        ),
    ),
    (
        "real_person",
        re.compile(
            rf"\b(are|r) {_YOU} (a |an )?(real|human|person|bot|robot|machine|ai|computer)\b"
            r"|\bis (this|it) (a |an )?(bot|robot|real|human|person|automatic|computer|ai)\b"
            r"|\brua (a |an )?(real|human|person|bot|robot)\b"  # "r u a bot" (single letters joined)
            rf"|\b(is|are) {_SOMEONE} (there|reading|listening|real|here)\b"
            r"|\bwho (is|am i) (this|reading|talking)\b|\bwho reads\b|\b(any1|anyone|anybody) (there|home)\b"
            r"|\bhello+ (is )?any"
            r"|^(hello+|hey+|hi+|helo+)$"
        ),
    ),
    (
        "call_me",
        re.compile(
            r"\b(call|ring|phone|fone|speak to|talk to) me\b"
            rf"|\b(can|could|will|would|pls|please) {_SOMEONE} (call|ring|phone|talk|speak|come)\b"
            rf"|\b(can|could|will|would) {_YOU} (call|ring|phone)\b"
            rf"|\b(talk|speak|chat) to ({_SOMEONE}|{_YOU}|a real|a counsellor)\b|\bcall me back\b"
        ),
    ),
    (
        # "what happens now", "when will someone read this": who reads the texts, and when.
        "what_next",
        re.compile(
            r"\b(what|wat|wot|wht|wut) (happens|will happen|happen|happns|is going to happen|now happens)\b"
            r"|\b(what|wat|wot) (next|comes next)\b"
            rf"|\bwhen (will|would|do|does|can|r|are) ({_SOMEONE}|{_YOU}|they|the team|your team|ur team|a person)"
            r" (read|see|reply|answer|text|get back|respond|look|message|msg)\b"
            rf"|\b(will|has|have|did|does|is) ({_SOMEONE}|{_YOU}|they|the team|your team|ur team) "
            r"(read|seen|see|reply|replied|answer|answered|got|get|respond|looking at|look at)"
            r" (this|it|my|these|them|me|back)\b"
            r"|\bwho (reads|will read|sees|will see|is reading|gets|will get) (this|these|my|it|them)\b"
        ),
    ),
    (
        "what_do",
        re.compile(
            r"\b(what|wat|wot|wht|wut) (do|should|shall|can|must|would|will) (i|we) (do|say)\b"
            r"|\b(what|wat|wot|wut) (do|should) i do\b|\b(what|wat) now\b"
            r"|\bhow (do|can|should|shall) (i|we) help\b|\b(dont|do not|dunno|idk) (know )?what to do\b"
            r"|\bidk what to do\b|\bwhat (do|should) (i|we) do now\b"
            r"|^(help|please help|help me|help pls|help please|pls help|help me please)$"
        ),
    ),
)


def hold_active(esc: Escalation | None, now: dt.datetime) -> bool:
    """True while `esc` holds its contact: unresolved, not acknowledged since, and `hold_until` ahead."""
    return esc is not None and esc.status != RESOLVED and esc.hold_until is not None and now < esc.hold_until


def hold_end(now: dt.datetime, hours: int) -> dt.datetime:
    """When a hold that starts (or is renewed) at `now` ends unless a practitioner acknowledges first."""
    return now + dt.timedelta(hours=hours)


def request_in(text: str) -> Request | None:
    """A clear request in a held contact's text: 'can someone call me', 'what do i do', 'is anyone there',
    'what happens now', 'will you tell my mum'."""
    plain = " ".join(surface_tokens(text))
    for name, pattern in REQUESTS:
        if pattern.search(plain):
            return name
    return None
