"""Messages the screen cannot read: written mostly in a script other than Latin, Cyrillic or Greek.

The normaliser reads Latin letters and spells out Cyrillic and Greek (``safeguarding/normalise.py``); Arabic,
Persian and Urdu script, Devanagari, Bengali, Chinese, Japanese and the rest are skipped, so a message written
wholly in them reaches neither the lexicon nor the learned screen and would screen ``none``. Failing closed
without a crisis reply nobody asked for, such a message goes to the review list (``concern``) with the script
named, so that a person reads it (with an interpreter if need be).
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from safeguarding.assessment import Match
from safeguarding.normalise import READ_SCRIPTS

#: Unicode name prefixes of common scripts, as a reviewer would call them.
_SCRIPT_NAMES = {
    "ARABIC": "Arabic",
    "DEVANAGARI": "Devanagari",
    "BENGALI": "Bengali",
    "GURMUKHI": "Gurmukhi (Punjabi)",
    "GUJARATI": "Gujarati",
    "TAMIL": "Tamil",
    "CJK": "Chinese",
    "HIRAGANA": "Japanese",
    "KATAKANA": "Japanese",
    "HANGUL": "Korean",
    "ETHIOPIC": "Ethiopic (Tigrinya, Amharic)",
    "HEBREW": "Hebrew",
    "THAI": "Thai",
}

#: At least this many letters in unread scripts, and at least half of the message's letters.
MIN_UNREAD_LETTERS = 2


def unread_script(text: str) -> str | None:
    """The main script of `text` when most of its letters are in scripts the screen does not read, else None
    ("أريد أن أموت" -> "Arabic"; "thanks, شكرا" -> None: most of it is read)."""
    if text.isascii():
        return None
    read = 0
    unread: Counter[str] = Counter()
    for ch in text:
        if not unicodedata.category(ch).startswith("L"):
            continue
        name = unicodedata.name(ch, "")
        if name.startswith(READ_SCRIPTS):
            read += 1
        else:
            unread[_script(name)] += 1
    total = sum(unread.values())
    if total < MIN_UNREAD_LETTERS or total < read:
        return None
    return unread.most_common(1)[0][0]


def _script(name: str) -> str:
    first = name.split(" ", 1)[0]
    return _SCRIPT_NAMES.get(first, first.capitalize() or "unknown")


def unread_match(script: str) -> Match:
    """The review-list match for a message the screen could not read."""
    return Match(
        category="unread_script",
        severity="concern",
        entry_id="screen:unread_script",
        matched="",
        kind="unread",
        note=f"written in {script} letters, which the screen cannot read: a person must read it",
    )
