"""Questions about the service itself: who are you, what is this, when do you open or reply, are you real.

The NLU has no "about" intent (the intent list is fixed), so when it finds no flow for a text, a short
question of one of these shapes starts the about flow instead of the "did not understand" fallback.
Only whole, short messages match: "what is this" does, "what is this rash" does not.
"""

from __future__ import annotations

import re

_PUNCT = re.compile(r"[^\w\s]")
_LEAD = r"(?:(?:hi|hello|hey|sorry|um|ok|okay|so|but)\s+)*"
_TAIL = r"(?:\s+(?:then|please|exactly|anyway|sorry))?"
_YOU = r"(?:you|u|ya)"
_ARE = r"(?:are|r)"
_REPLY = r"(?:open|close|reply|answer|text back|get back to me|read (?:this|my texts?))"
_WHO = r"(?:texting|talking to|speaking to|chatting to)"
_WHAT = r"(?:a )?(?:real )?(?:person|human|bot|robot|computer|machine)"

QUESTIONS: tuple[str, ...] = (
    # who
    rf"who {_ARE} {_YOU}(?: guys| people)?",
    r"who is (?:this|that|texting me|texting)",
    rf"who am i {_WHO}",
    # what
    r"what is (?:this|that|waymark|this service|this number|this text|this for)",
    r"whats (?:this|that|waymark|this service|this number|this for)",
    rf"what (?:do|can) {_YOU} do",
    rf"what {_ARE} {_YOU}",
    # when: opening hours and replies
    rf"what time (?:do|will) {_YOU} {_REPLY}",
    rf"when (?:do|will|can) {_YOU} {_REPLY}",
    rf"when {_ARE} {_YOU} open",
    rf"{_ARE} {_YOU} open(?: now| today)?",
    r"(?:what are )?(?:your )?(?:opening|office) (?:hours|times)",
    r"how (?:long|quickly|fast) (?:do|will) (?:you|u) (?:take to )?(?:reply|answer|text back)",
    # a real person?
    rf"{_ARE} {_YOU} {_WHAT}",
    rf"is (?:this|that) {_WHAT}",
    rf"am i {_WHO} {_WHAT}",
)
_PATTERN = re.compile(rf"{_LEAD}(?:{'|'.join(QUESTIONS)}){_TAIL}")


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped ("what's" -> "whats"), other punctuation as spaces, spaces folded."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    return " ".join(_PUNCT.sub(" ", text).split())


def is_about_question(text: str) -> bool:
    """True if the whole of `text` is a question about the service (who, what, when, a real person)."""
    return _PATTERN.fullmatch(normalise(text)) is not None
