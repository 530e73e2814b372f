"""The learned screen's input features: word and character n-grams of a message's canonical form.

The model reads the same canonical text the lexicon matches against (``Normalised.text``: lower case,
text-speak expanded, leetspeak decoded, stretched words shortened, near-misses of risk words
repaired), so "im gonna kms rn" and "i am going to kill myself right now" look alike to both layers.
Training and run time call these same functions, so the features cannot drift apart.

* word n-grams: every word and every pair of neighbouring words;
* character n-grams: 2 to 5 letters inside each word padded with one space either side (what
  scikit-learn calls ``char_wb``), so unseen spellings still share pieces with known ones.
"""

from __future__ import annotations

from itertools import pairwise

#: Character n-gram lengths, smallest and largest.
CHAR_MIN, CHAR_MAX = 2, 5


def word_grams(canonical: str) -> list[str]:
    """Words and neighbouring word pairs of ``canonical`` text."""
    words = canonical.split()
    grams = list(words)
    grams.extend([f"{a} {b}" for a, b in pairwise(words)])
    return grams


def char_grams(canonical: str) -> list[str]:
    """Character n-grams (lengths ``CHAR_MIN`` to ``CHAR_MAX``) inside each space-padded word."""
    grams: list[str] = []
    extend = grams.extend
    for word in canonical.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_MIN, min(CHAR_MAX, size) + 1):
            extend([padded[i : i + n] for i in range(size - n + 1)])
    return grams
