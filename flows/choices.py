"""Numbered choices: how a reply like '2', '2.', 'two' or the label itself picks an option."""

from __future__ import annotations

import re
from collections.abc import Sequence

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "first": 1, "second": 2, "third": 3,
}  # fmt: skip
_LEADING_NUMBER = re.compile(r"^\s*(?:no\.?\s*|option\s*|number\s*)?(\d{1,2})\b")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


def _clean(text: str) -> str:
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def match_choice(text: str, choices: Sequence[str]) -> int | None:
    """Return the 0-based index of the choice `text` picks, or None.

    Accepts the number ('2', '2.', '2)', 'option 2', '2 Find support' as sent by a Telegram keyboard),
    a number word ('two'), or the label itself ignoring case and punctuation.
    """
    if not choices:
        return None
    m = _LEADING_NUMBER.match(text)
    if m:
        n = int(m.group(1))
        return n - 1 if 1 <= n <= len(choices) else None
    cleaned = _clean(text)
    if cleaned in _NUMBER_WORDS:
        n = _NUMBER_WORDS[cleaned]
        return n - 1 if 1 <= n <= len(choices) else None
    labels = [_clean(c) for c in choices]
    if cleaned in labels:
        return labels.index(cleaned)
    return None


def render_choices(text: str, choices: Sequence[str]) -> str:
    """The SMS form: the text, then one numbered line per choice."""
    if not choices:
        return text
    lines = "\n".join(f"{i} {label}" for i, label in enumerate(choices, start=1))
    return f"{text}\n{lines}"
