"""The learned screen's input features: word and character n-grams of a message's canonical form.

The model reads the same canonical text the lexicon matches against (``Normalised.text``: lower case,
text-speak expanded, leetspeak decoded, stretched words shortened, near-misses of risk words
repaired), so "im gonna kms rn" and "i am going to kill myself right now" look alike to both layers.
Training and run time call these same functions, so the features cannot drift apart.

* word n-grams: every word and every run of up to ``word_max`` neighbouring words (the model file's
  ``features.word_max``; 2 when absent);
* character n-grams: ``char_min`` to ``char_max`` letters inside each word padded with one space either
  side (what scikit-learn calls ``char_wb``), so unseen spellings still share pieces with known ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

#: Character n-gram lengths, smallest and largest (the defaults).
CHAR_MIN, CHAR_MAX = 2, 5
#: Longest word n-gram (the default).
WORD_MAX = 2


@dataclass(frozen=True)
class FeatureShape:
    """Which n-grams a model reads; recorded in its file as ``features``."""

    word_max: int = WORD_MAX
    char_min: int = CHAR_MIN
    char_max: int = CHAR_MAX

    def to_json(self) -> dict[str, int]:
        return {"word_max": self.word_max, "char_min": self.char_min, "char_max": self.char_max}

    @classmethod
    def from_json(cls, data: Any) -> FeatureShape:
        """Read a model file's ``features`` (None: the defaults). Raises ``ValueError`` when malformed."""
        if data is None:
            return cls()
        if not isinstance(data, dict) or set(data) != {"word_max", "char_min", "char_max"}:
            raise ValueError("features must hold word_max, char_min and char_max")
        values = [data["word_max"], data["char_min"], data["char_max"]]
        if any(isinstance(v, bool) or not isinstance(v, int) or not 1 <= v <= 8 for v in values):
            raise ValueError("features: each length must be a whole number from 1 to 8")
        shape = cls(*values)
        if shape.char_min > shape.char_max:
            raise ValueError("features: char_min must not exceed char_max")
        return shape

    def words(self, canonical: str) -> list[str]:
        """Word n-grams of ``canonical`` text for this shape."""
        return word_grams(canonical, self.word_max)

    def chars(self, canonical: str) -> list[str]:
        """Character n-grams of ``canonical`` text for this shape."""
        return char_grams(canonical, self.char_min, self.char_max)


def word_grams(canonical: str, word_max: int = WORD_MAX) -> list[str]:
    """Words and runs of up to ``word_max`` neighbouring words of ``canonical`` text."""
    words = canonical.split()
    grams = list(words)
    if word_max >= 2:
        grams.extend([f"{a} {b}" for a, b in pairwise(words)])
    for n in range(3, word_max + 1):
        grams.extend([" ".join(words[i : i + n]) for i in range(len(words) - n + 1)])
    return grams


def char_grams(canonical: str, char_min: int = CHAR_MIN, char_max: int = CHAR_MAX) -> list[str]:
    """Character n-grams (lengths ``char_min`` to ``char_max``) inside each space-padded word."""
    grams: list[str] = []
    extend = grams.extend
    for word in canonical.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(char_min, min(char_max, size) + 1):
            extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams
