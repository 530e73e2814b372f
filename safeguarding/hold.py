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

Request = Literal["call_999", "call_me", "what_do", "real_person", "what_next", "who_told"]

#: Questions about the service, not pleas: a text that is itself a disclosure is not answered with these
#: (the shell gives it support instead: bot/messaging/safeguarding_stage.py).
QUESTIONS_ABOUT_US: frozenset[Request] = frozenset({"what_next", "who_told"})

_YOU = r"(you|u|ya)"
_SOMEONE = r"(someone|somebody|anyone|anybody|sum1|some1|any1|a person|a human|a real person)"
#: Whom a frightened young person fears being told: "will you tell my mum", "dont tell school".
_TOLD = (
    r"(my )?(mum|mom|mam|mummy|mother|dad|daddy|father|parents?|family|nan|nana|gran|carers?|foster carers?"
    r"|step ?(mum|dad)|school|teachers?|head ?teacher|police|social services|social workers?|anyone|any1"
    r"|anybody)"
)
_TELL = r"(tell|telling|tel|ring|ringing|call|calling|contact|contacting|inform|informing|grass|snitch)"
_WHO_TELLS = rf"({_YOU}|u lot|you lot|the team|your team|ur team|yall)"  # not "they": an abuser's threat
_EMERGENCY = r"(999|the police|police|an ambulance|ambulance|the ambulance|an ambo|the feds)"
_THE_TEAM = rf"({_SOMEONE}|{_YOU}|the team|your team|ur team|a person)"
REQUESTS: tuple[tuple[Request, re.Pattern[str]], ...] = (
    (
        # "can you call 999 for me": we cannot, and they must know it now (and how to call without talking).
        "call_999",
        re.compile(
            rf"\b(can|could|will|would|pls|please|plz) ({_YOU}|{_SOMEONE}) (call|ring|phone|get"
            rf"|send) {_EMERGENCY}"
            rf"|\b(call|ring|phone|get|send) {_EMERGENCY} (for me|to me|to my house|round|here)\b"
            rf"|^(call|ring|phone) {_EMERGENCY}( for me| pls| please| now)*$"
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
            rf"|\b(can|could|will|would) {_YOU} (call|ring"
            rf"|phone)\b(?! {_TOLD}\b)"  # not "will you call my mum"
            rf"|\b(talk|speak|chat) to ({_SOMEONE}|{_YOU}|a real|a counsellor)\b|\bcall me back\b"
        ),
    ),
    (
        # "will you tell my mum", "dont tell school", "am i in trouble": the privacy promise, said again.
        "who_told",
        re.compile(
            rf"\b{_WHO_TELLS} (will|would|wil|wl|gonna|going to|have to|got to|gotta|must|wont|will not|are"
            rf"|r|"
            rf"do|does|need to)( not| nt| going to| gonna| have to| need to)? {_TELL} {_TOLD}\b"
            rf"|\b(will|would|wil|are|r|do|does|must|have) {_WHO_TELLS}( (have to|need to|got to|going to"
            rf"|gonna))? "
            rf"{_TELL} {_TOLD}\b"
            rf"|\b(dont|do not|pls dont|please dont|plz dont|dnt) {_TELL} {_TOLD}\b"
            r"|\b(am i|will i|would i|r i|ami) (get |be |getting |going to get |gonna get )?in trouble\b"
            rf"|\bwho (will|would|do|does|are|r) {_YOU} (tell|telling|contact|ring|call|inform)\b"
            r"|\b(does|will|would|do) (my )?(mum|dad|parents|school|teachers?|family) (have to |need to "
            r"|get to )?"
            r"(know|find out|be told)\b"
        ),
    ),
    (
        # "what happens now", "when will someone read this": who reads the texts, and when.
        "what_next",
        re.compile(
            r"^(ok |okay |so |right |and |um |erm )?(what|wat|wot|wht|wut) (happens|will happen|happen|happns"
            r"|is going to happen)( now| next)?( then| please| pls)?$"
            r"|\b(what|wat|wot|wht|wut) (happens|will happen|is going to happen) (now|next)\b"
            rf"|\bwhen (will|would|do|does|can) {_THE_TEAM} (read|see|reply|answer|text|get back|respond"
            rf"|look|message)"
            r" (this|it|my|these|them|me|back)\b"
            rf"|\b(will|has|have|did|does|is) {_THE_TEAM} (read|seen|reply|replied|answer|answered|respond"
            rf"|looking at"
            r"|look at) (this|it|my|these|them)\b"
            r"|\bwho (reads|will read|sees|will see|is reading) (this|these|my|it|them)\b"
        ),
    ),
    (
        "what_do",
        re.compile(
            r"\b(what|wat|wot|wht|wut) (do|should|shall|can|must|would|will) (i|we) (do|say)\b"
            r"|\b(what|wat|wot|wut) (do|should) i do\b|\b(what|wat) now\b"
            r"|\bhow (do|can|should|shall) (i|we) help\b|\b(dont|do not|dunno|idk) (know )?what to do\b"
            r"|\bidk what to do\b|\bwhat (do|should) (i|we) do now\b"
            r"|\b(should|shall|do|can|must) (i|we) (need to )?(call|ring|phone) (999|the police|police"
            r"|an ambulance)\b"
            r"|^(help|please help|help me|help pls|help please|pls help|help me please)$"
        ),
    ),
)

#: Wordings a request pattern catches that are not that request: a threat quoted ("he said dont tell anyone
#: or he will hurt me"), a condition ("dont tell my mum or ill ..."), hopelessness ("i dont care what
#: happens now"), a question about dying ("what happens when you die" is not caught: no now/next).
_NOT_REQUEST: dict[Request, re.Pattern[str]] = {
    "who_told": re.compile(
        r"\b(said|says|say|told me|tells me|telling me|warned me|warns me|threatened|threatens|keeps saying"
        r"|kept saying)\b.{0,40}\b(dont|do not|not to|never|better not) (tell|say|grass|snitch)"
        rf"|\b(dont|do not) {_TELL} {_TOLD} (or|otherwise|else|cos|because)\b"
        # "will i get in trouble if i kill myself": a plan, not a question
        r"|\btrouble (if|when|for) (i"
        r"|im)\b"
    ),
    "what_next": re.compile(
        r"\b(care|cares|cared|matter|matters|mind|bothered|fussed|caring)\b.{0,15}\bwhat (happens"
        r"|will happen)"
    ),
}


def hold_active(esc: Escalation | None, now: dt.datetime) -> bool:
    """True while `esc` holds its contact: unresolved, not acknowledged since, and `hold_until` ahead."""
    return esc is not None and esc.status != RESOLVED and esc.hold_until is not None and now < esc.hold_until


def hold_end(now: dt.datetime, hours: int) -> dt.datetime:
    """When a hold that starts (or is renewed) at `now` ends unless a practitioner acknowledges first."""
    return now + dt.timedelta(hours=hours)


def request_in(text: str) -> Request | None:
    """A clear request in a held contact's text: 'can you call 999 for me', 'can someone call me', 'what do
    i do', 'is anyone there', 'what happens now', 'will you tell my mum'."""
    plain = " ".join(surface_tokens(text))
    for name, pattern in REQUESTS:
        if pattern.search(plain):
            unless = _NOT_REQUEST.get(name)
            if unless is not None and unless.search(plain):
                continue
            return name
    return None
