"""Sparse text features for the embedded classifier: word uni/bigrams and character n-grams.

The same pure-Python extractor is used when training and when parsing, so what the model learnt and what
it sees at run time cannot drift apart. Character n-grams (inside word boundaries, like scikit-learn's
``char_wb``) make the model tolerant of text-speak and misspellings ("apointment", "anxeity"); word
features carry the meaning of short phrases ("call me", "not now").

A third, small kind of feature says which need phrases the lookup found ("n any", "n sleep"), as Rasa's
lookup-table features do: a text that names a need ("coming out", "cant revise") looks like a request for
support even when its other words are rare.

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
LOOKUP_WEIGHT = 1.0
"""Weight of the need-lookup features relative to word and character features."""


def lookup_features(values: Iterable[str]) -> list[str]:
    """Feature names for the need values the phrase lookup found in a text (none if it found none)."""
    found = list(dict.fromkeys(values))
    return ["n any", *("n " + value for value in found)] if found else []


def raw_features(text: str, extra: Iterable[str] = ()) -> Counter[str]:
    """Count the features of one text (before weighting). Keys are prefixed by kind: w, b, c (and n).

    `extra` are ready-made feature names (from :func:`lookup_features`), counted once each.
    """
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
    counts.update(extra)
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
    def fit(cls, texts: Iterable[str], min_df: int = 1, extras: Sequence[Sequence[str]] = ()) -> Vectoriser:
        """Learn the vocabulary and smoothed idf (as scikit-learn's ``TfidfVectorizer``) from `texts`.

        `extras`, if given, holds each text's extra feature names, in the same order as `texts`.
        """
        counts = [raw_features(text, extras[i] if i < len(extras) else ()) for i, text in enumerate(texts)]
        return cls.fit_counts(counts, min_df)

    @classmethod
    def fit_counts(cls, counts: Sequence[Mapping[str, int]], min_df: int = 1) -> Vectoriser:
        """:meth:`fit` from ready-made :func:`raw_features` counts (training reuses them)."""
        document_frequency: Counter[str] = Counter()
        for row in counts:
            document_frequency.update(row.keys())
        n_docs = len(counts)
        names = sorted(name for name, df in document_frequency.items() if df >= min_df)
        vocabulary = {name: column for column, name in enumerate(names)}
        idf = [math.log((1 + n_docs) / (1 + document_frequency[name])) + 1.0 for name in names]
        return cls(vocabulary, idf)

    def transform(self, text: str, extra: Iterable[str] = ()) -> SparseRow:
        """Sublinear tf-idf of `text` and `extra` feature names, l2-normalised; unknown ones are dropped."""
        return self.weigh(raw_features(text, extra))

    def weigh(self, counts: Mapping[str, int]) -> SparseRow:
        """Sublinear tf-idf of one text's :func:`raw_features` counts, l2-normalised."""
        columns: list[int] = []
        values: list[float] = []
        vocabulary = self.vocabulary
        idf = self.idf
        for name, count in counts.items():
            column = vocabulary.get(name)
            if column is None:
                continue
            kind = name[0]
            weight = CHAR_WEIGHT if kind == "c" else LOOKUP_WEIGHT if kind == "n" else WORD_WEIGHT
            columns.append(column)
            values.append(weight * (1.0 + math.log(count)) * idf[column])
        norm = math.sqrt(sum(v * v for v in values))
        if norm > 0:
            values = [v / norm for v in values]
        return SparseRow(columns, values)
