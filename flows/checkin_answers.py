"""Reading a check-in answer: a score from 0 to 10 in numbers, words or emoji; SKIP; 'same as last week'.

Pure. ``read_score("an 8")`` is 8, ``"8/10"`` 8, ``"meh"`` 5, ``"not great"`` 3, ``"much better"`` 8,
a smiling face 8. Anything we cannot place with confidence (two numbers, a number over 10 that is not
"x/10", a sentence with no feeling word) is None, and the flow asks once more. Words are mapped to the
middle of what people mean by them; the flow tells the young person the number it wrote down.
"""

from __future__ import annotations

import re

NUMBER_WORDS = {
    "zero": 0, "nought": 0, "nil": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip

# Longest phrases first: "not too bad" before "bad", "much better" before "better".
PHRASES: tuple[tuple[str, int], ...] = (
    ("really really bad", 0), ("the worst", 0), ("worst ever", 0), ("cant go on", 0),
    ("really bad", 1), ("very bad", 1), ("so bad", 1), ("awful", 1), ("terrible", 1), ("horrible", 1),
    ("dreadful", 1), ("horrendous", 1), ("shocking", 1),
    ("not good at all", 1), ("not great at all", 1),
    ("not too bad", 6), ("not bad", 6), ("not so bad", 6), ("not that bad", 6),
    ("much worse", 2), ("a lot worse", 2), ("way worse", 2), ("bad", 2), ("rubbish", 2), ("crap", 2),
    ("shit", 2), ("sad", 3), ("low", 3), ("down", 3), ("rough", 3), ("hard", 3), ("tough", 3),
    ("not great", 3), ("not good", 3), ("not so good", 3), ("not well", 3), ("worse", 3), ("struggling", 3),
    ("bit worse", 4), ("a bit worse", 4), ("up and down", 4), ("so so", 5), ("so-so", 5),
    ("meh", 5), ("mid", 5), ("average", 5), ("alright", 6), ("all right", 6), ("ok", 6),
    ("okay", 6), ("oki", 6), ("k", 6), ("fine", 6), ("decent", 6), ("not bad at all", 7),
    ("a bit better", 7), ("bit better", 7), ("better", 7), ("good", 7), ("pretty good", 8),
    ("much better", 8), ("a lot better", 8), ("loads better", 8), ("way better", 8), ("really good", 9),
    ("very good", 9), ("great", 9), ("happy", 8), ("brilliant", 9), ("amazing", 10), ("fantastic", 10),
    ("excellent", 10), ("the best", 10), ("perfect", 10),
)  # fmt: skip
_BY_LENGTH = sorted(PHRASES, key=lambda p: -len(p[0]))

EMOJI: dict[str, int] = {
    "\U0001f601": 9, "\U0001f600": 8, "\U0001f603": 8, "\U0001f604": 9, "\U0001f60a": 8,
    "\U0001f642": 7, "\U0001f44d": 7, "\U0001f929": 10, "\U0001f970": 9, "\u263a": 8,
    "\U0001f610": 5, "\U0001f611": 5, "\U0001f636": 5, "\U0001f937": 5,
    "\U0001f615": 4, "\U0001f641": 3, "\u2639": 3, "\U0001f61f": 3, "\U0001f614": 3, "\U0001f44e": 3,
    "\U0001f61e": 2, "\U0001f622": 2, "\U0001f625": 2, "\U0001f62b": 2, "\U0001f629": 2,
    "\U0001f62d": 1, "\U0001f494": 1,
}  # fmt: skip

SKIP_WORDS = frozenset({"skip", "no", "nope", "nah", "nothing", "no thanks", "no thank you", "not really",
                        "n", "none", "pass", "no ta"})  # fmt: skip
SAME_WORDS = ("same as last week", "same as last time", "same as before", "the same", "same")

_OUT_OF = re.compile(r"\b(\d{1,2}(?:\.\d)?)\s*(?:/|out of|outta|oo)\s*10\b")
_NUMBER = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d+)?)(?![\d.])")
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def _clean(text: str) -> str:
    low = text.lower().replace("\u2019", "'").replace("'", "")
    low = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", low)  # a full stop, not a decimal point
    return " ".join(re.sub(r"[^\w\s/.\-]", " ", low).split())


def _number(text: str) -> int | None:
    out_of = _OUT_OF.findall(text)
    if len(out_of) == 1:
        value = round(float(out_of[0]))
        return value if 0 <= value <= 10 else None
    numbers = {round(float(n)) for n in _NUMBER.findall(text)}
    words = {NUMBER_WORDS[w] for w in _WORD.findall(text) if w in NUMBER_WORDS and w != "none"}
    found = numbers | words
    if len(found) == 1:
        value = found.pop()
        return value if 0 <= value <= 10 else None
    return None


def _phrase(text: str) -> int | None:
    padded = f" {text} "
    for phrase, value in _BY_LENGTH:
        if f" {phrase} " in padded:
            return value
    return None


def _emoji(text: str) -> int | None:
    values = {v for ch, v in EMOJI.items() if ch in text}
    if not values:
        return None
    return round(sum(values) / len(values))


def read_score(text: str) -> int | None:
    """A 0-10 score from `text`, or None when it is not clear (ask again)."""
    cleaned = _clean(text)
    has_digit_or_word = any(c.isdigit() for c in cleaned) or any(
        w in NUMBER_WORDS and w != "none" for w in _WORD.findall(cleaned)
    )
    if has_digit_or_word:
        return _number(cleaned)
    found = _phrase(cleaned)
    return found if found is not None else _emoji(text)


def is_skip(text: str) -> bool:
    """True for SKIP and the ways people say 'nothing to add'."""
    return _clean(text).strip(" .!") in SKIP_WORDS


def is_same(text: str) -> bool:
    """'same', 'same as last week': the score of the last answer, if there is one."""
    cleaned = _clean(text).strip(" .!")
    return cleaned in SAME_WORDS
