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

Request = Literal["call_me", "what_do", "real_person"]

_YOU = r"(you|u|ya)"
_SOMEONE = r"(someone|somebody|anyone|anybody|sum1|some1|any1|a person|a human|a real person)"
REQUESTS: tuple[tuple[Request, re.Pattern[str]], ...] = (
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
    """A clear request in a held contact's text: 'can someone call me', 'what do i do', 'is anyone there'."""
    plain = " ".join(surface_tokens(text))
    for name, pattern in REQUESTS:
        if pattern.search(plain):
            return name
    return None
