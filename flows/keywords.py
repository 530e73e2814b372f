"""Global keywords, checked before any flow: opt-out and opt-in words, HELP, LANG, MENU, JOIN.

STOP words follow Twilio's Advanced Opt-Out defaults, matched the way Twilio matches them: the whole
message, ignoring case, surrounding spaces and trailing punctuation. Twilio blocks delivery to a number that
sent one of these, so our contact record has to agree with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

OPT_OUT_WORDS = frozenset({"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE"})
OPT_IN_WORDS = frozenset({"START", "YES", "UNSTOP"})
HELP_WORDS = frozenset({"HELP", "INFO"})
MENU_WORDS = frozenset({"MENU", "OPTIONS", "MAIN MENU", "START AGAIN", "RESTART", "HOME"})
CALL_WORDS = frozenset({"CALL", "CALL ME", "CALLBACK", "CALL BACK", "CALL ME BACK", "RING ME", "PHONE ME"})
"""Ask for a call-back ("Reply CALL to ask again")."""

ANSWER_WORDS = frozenset(
    {"Y", "N", "R", "YES", "NO", "OK", "OKAY", "YEP", "NOPE", "YEAH", "NAH", "SKIP", "MORE", "NEXT", "ACK",
     "JOIN", "CODE", "LANG", "LANGUAGE", "DONE", "CANCEL", "HI", "HELLO"}
)  # fmt: skip
"""Words people send as answers to our questions (Y / N / R for reminders, YES / NO, SKIP, MORE) or that
start a command (ACK, JOIN, CODE, LANG)."""

CODE_PATTERN = re.compile(r"^[A-Z0-9]{3,10}$")
_JOIN = re.compile(r"^(?:JOIN|CODE)\s*[:\-]?\s*([A-Za-z0-9]{1,20})$", re.IGNORECASE)
_LANG = re.compile(r"^LANG(?:UAGE)?(?:\s+([A-Za-z]{2,3}))?$", re.IGNORECASE)

CLAIMED_WORDS = frozenset(
    w
    for w in (*OPT_OUT_WORDS, *OPT_IN_WORDS, *HELP_WORDS, *MENU_WORDS, *CALL_WORDS, *ANSWER_WORDS)
    if " " not in w
)
"""Every one-word text the service gives a meaning to: never usable as a school join code."""

KeywordKind = Literal["opt_out", "opt_in", "help", "menu", "lang", "join", "callback"]


@dataclass(frozen=True)
class Keyword:
    kind: KeywordKind
    arg: str | None = None


_QUOTES = re.compile("[\"'\u2018\u2019\u201c\u201d]")
"""Straight and curly quotes: phones send a code copied from a letter as \u201cOAK7\u201d."""


def normalise_keyword(text: str) -> str:
    """Upper-case, drop quotes, trim spaces and trailing punctuation, fold inner spaces."""
    return " ".join(_QUOTES.sub("", text).strip().strip(".!?,;:").split()).upper()


def detect_keyword(text: str, opt_out_words: frozenset[str] | None = None) -> Keyword | None:
    """The global keyword `text` is, if any. Codes without 'JOIN' are detected by the pipeline.

    `opt_out_words` are the ones the SMS account acts on (config ``channels.sms.opt_out_words``);
    Twilio's defaults when not given."""
    word = normalise_keyword(text)
    if word in (OPT_OUT_WORDS if opt_out_words is None else opt_out_words):
        return Keyword("opt_out", word)
    if word in OPT_IN_WORDS:
        return Keyword("opt_in", word)
    if word in HELP_WORDS:
        return Keyword("help")
    if word in MENU_WORDS:
        return Keyword("menu")
    if word in CALL_WORDS:
        return Keyword("callback")
    m = _LANG.match(word)
    if m:
        return Keyword("lang", m.group(1).lower() if m.group(1) else None)
    m = _JOIN.match(word)
    if m:
        return Keyword("join", m.group(1).upper())
    return None


def looks_like_code(text: str) -> str | None:
    """A single token of 3-10 letters and digits, returned upper-case; else None."""
    word = normalise_keyword(text)
    return word if CODE_PATTERN.match(word) else None


def is_code_shaped(code: str) -> bool:
    """Letters and digits mixed: treated as an attempt at a code even when no such code exists."""
    return (
        bool(CODE_PATTERN.match(code)) and any(c.isdigit() for c in code) and any(c.isalpha() for c in code)
    )
