"""Sparse text features for the embedded classifier: word uni/bigrams and character n-grams.

The same pure-Python extractor is used when training and when parsing, so what the model learnt and what
it sees at run time cannot drift apart. Character n-grams (inside word boundaries, like scikit-learn's
``char_wb``) make the model tolerant of text-speak and misspellings ("apointment", "anxeity"); word
features carry the meaning of short phrases ("call me", "not now").

Parsing never imports scikit-learn: a :class:`Vectoriser` is a vocabulary (feature -> column), inverse
document frequencies and a few numbers, applied by hand in a few microseconds.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from nlu.text import normalise

CHAR_MIN = 2
CHAR_MAX = 4
CHAR_WEIGHT = 1.0
WORD_WEIGHT = 1.0


def raw_features(text: str) -> Counter[str]:
    """Count the features of one text (before weighting). Keys are prefixed by kind: w, b, c."""
    words = normalise(text).split()
    counts: Counter[str] = Counter()
    if not words:
        return counts
    counts.update("w " + word for word in words)
    counts.update(
        f"b {first} {second}" for first, second in zip(["<s>", *words], [*words, "</s>"], strict=True)
    )
    for word in words:
        padded = f" {word} "
        size = len(padded)
        for n in range(CHAR_MIN, min(CHAR_MAX, size) + 1):
            counts.update("c " + padded[i : i + n] for i in range(size - n + 1))
    return counts


@dataclass(frozen=True)
class SparseRow:
    """One text as sorted column indices and their (l2-normalised) values."""

    indices: list[int]
    values: list[float]


@dataclass(frozen=True)
class Vectoriser:
    """Feature name -> column, and each column's inverse document frequency."""

    vocabulary: Mapping[str, int]
    idf: Sequence[float]

    @classmethod
    def fit(cls, texts: Iterable[str], min_df: int = 1) -> Vectoriser:
        """Learn the vocabulary and smoothed idf (as scikit-learn's ``TfidfVectorizer``) from `texts`."""
        document_frequency: Counter[str] = Counter()
        n_docs = 0
        for text in texts:
            n_docs += 1
            document_frequency.update(raw_features(text).keys())
        names = sorted(name for name, df in document_frequency.items() if df >= min_df)
        vocabulary = {name: column for column, name in enumerate(names)}
        idf = [math.log((1 + n_docs) / (1 + document_frequency[name])) + 1.0 for name in names]
        return cls(vocabulary, idf)

    def transform(self, text: str) -> SparseRow:
        """Sublinear tf-idf of `text`, l2-normalised; unknown features are dropped."""
        columns: list[int] = []
        values: list[float] = []
        vocabulary = self.vocabulary
        idf = self.idf
        for name, count in raw_features(text).items():
            column = vocabulary.get(name)
            if column is None:
                continue
            weight = WORD_WEIGHT if name[0] != "c" else CHAR_WEIGHT
            columns.append(column)
            values.append(weight * (1.0 + math.log(count)) * idf[column])
        norm = math.sqrt(sum(v * v for v in values))
        if norm > 0:
            values = [v / norm for v in values]
        return SparseRow(columns, values)
