"""Run the learned screen: a small pure-Python scorer over the model file's n-gram weights.

No scikit-learn at run time: each message costs one pass over its n-grams with dictionary look-ups,
and the result equals scikit-learn's ``predict_proba`` at training time (tests check this to 1e-9).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.model_file import ModelData, Weights

#: How many top features a model hit shows as its reasons.
TOP_FEATURES = 5


@dataclass(frozen=True)
class Probabilities:
    """The model's probabilities for one text."""

    none: float
    concern: float
    flagged: float

    @property
    def any_risk(self) -> float:
        """Probability that the text is risk of any level (concern, high or immediate)."""
        return 1.0 - self.none


@dataclass(frozen=True)
class Verdict:
    """What the model says about one text, with the thresholds applied."""

    severity: Severity
    probabilities: Probabilities
    reasons: tuple[str, ...]


#: Per known n-gram: idf squared, then idf times each class weight (none, concern, flagged).
Terms = tuple[float, float, float, float]
#: Sums of :data:`Terms` over one block's n-grams: (idf squared, none, concern, flagged).
Sums = tuple[float, float, float, float]
#: One word's character sums and the n-grams in it that push towards ``flagged`` (gram, count).
WordEntry = tuple[Sums, tuple[tuple[str, int], ...]]
#: Words whose character n-gram sums are kept; the cache is emptied when it grows past this.
WORD_CACHE_SIZE = 50_000


def _terms(table: dict[str, Weights]) -> dict[str, Terms]:
    return {gram: (idf * idf, idf * w0, idf * w1, idf * w2) for gram, (idf, w0, w1, w2) in table.items()}


def _sum_terms(table: dict[str, Terms], grams: Iterable[str]) -> Sums:
    """Sums of the terms of every known n-gram occurrence (a repeated n-gram counts each time)."""
    norm = s0 = s1 = s2 = 0.0
    for gram in grams:
        found = table.get(gram)
        if found is not None:
            norm += found[0]
            s0 += found[1]
            s1 += found[2]
            s2 += found[3]
    return norm, s0, s1, s2


def _scaled(norm: float, s0: float, s1: float, s2: float) -> tuple[float, float, float]:
    if norm <= 0.0:
        return 0.0, 0.0, 0.0
    scale = 1.0 / math.sqrt(norm)
    return s0 * scale, s1 * scale, s2 * scale


def _deltas(table: dict[str, Terms]) -> dict[str, float]:
    """Per n-gram that pushes towards ``flagged`` rather than ``none``: ``idf * (w_flagged - w_none)``."""
    return {gram: t[3] - t[1] for gram, t in table.items() if t[3] > t[1]}


def _pushes(deltas: dict[str, float], grams: Iterable[str]) -> dict[str, int]:
    """How often each n-gram that pushes towards ``flagged`` rather than ``none`` occurs."""
    counts: dict[str, int] = {}
    for gram in grams:
        if gram in deltas:
            counts[gram] = counts.get(gram, 0) + 1
    return counts


def _scores(deltas: dict[str, float], counts: dict[str, int], norm: float) -> list[tuple[float, str]]:
    """Each pushing n-gram's share of the flagged-minus-none score.

    That is ``n * idf * (w_flagged - w_none) / norm`` for an n-gram seen ``n`` times.
    """
    root = math.sqrt(norm) if norm > 0.0 else 1.0
    return [(n * deltas[gram] / root, gram) for gram, n in counts.items()]


def _top(found: list[tuple[float, str, str]], limit: int) -> list[tuple[float, str]]:
    """The ``limit`` strongest (score, label) pairs, ties by label; labels are made for the few kept."""
    if len(found) > limit:
        cut = sorted([item[0] for item in found], reverse=True)[limit - 1]
        found = [item for item in found if item[0] >= cut]
    labelled = [(score, f"{mark[0]}{gram}{mark[1]}") for score, gram, mark in found]
    labelled.sort(key=lambda pair: (-pair[0], pair[1]))
    return labelled[:limit]


class Classifier:
    """Scores canonical text with one loaded model and applies its thresholds.

    Each block's score is ``sum(idf * w) / sqrt(sum(idf**2))`` over every known n-gram occurrence (see
    :class:`safeguarding.training.Block`). Both sums add up word by word and character n-grams never
    cross a word boundary, so each word's character sums (and its n-grams that push towards risk, for the
    reasons) are kept; a message costs a look-up per word plus one per word n-gram.
    """

    def __init__(
        self,
        model: ModelData,
        high_threshold: float,
        concern_threshold: float,
        everyday_threshold: float | None = None,
    ) -> None:
        if not 0.0 < concern_threshold <= high_threshold < 1.0:
            raise ValueError("thresholds must satisfy 0 < concern <= high < 1")
        if everyday_threshold is not None and not 0.0 < everyday_threshold < 1.0:
            raise ValueError("the everyday threshold must be between 0 and 1")
        self.model = model
        self.version = model.version
        self.high_threshold = high_threshold
        self.concern_threshold = concern_threshold
        #: P(none) at or above which a lowerable lexicon ``high`` hit becomes ``concern`` (None: never).
        self.everyday_threshold = everyday_threshold
        self._word = _terms(model.blocks["word"])
        self._char = _terms(model.blocks["char"])
        self._word_deltas = _deltas(self._word)
        self._char_deltas = _deltas(self._char)
        self._words: dict[str, WordEntry] = {}
        self._words_of = model.features.words
        self._chars = model.features.chars

    def _word_entry(self, word: str) -> WordEntry:
        entry = self._words.get(word)
        if entry is None:
            grams = self._chars(word)
            entry = (_sum_terms(self._char, grams), tuple(_pushes(self._char_deltas, grams).items()))
            if len(self._words) >= WORD_CACHE_SIZE:
                self._words.clear()
            self._words[word] = entry
        return entry

    def _block_sums(self, canonical: str) -> tuple[Sums, Sums, list[WordEntry]]:
        """Word-block sums, character-block sums and each word's cached entry."""
        words = canonical.split()
        if not words:
            return (0.0, 0.0, 0.0, 0.0), (0.0, 0.0, 0.0, 0.0), []
        entries = [self._word_entry(word) for word in words]
        word_sums = _sum_terms(self._word, self._words_of(canonical))
        if len(entries) == 1:
            return word_sums, entries[0][0], entries
        norm = s0 = s1 = s2 = 0.0
        for (n, a, b, c), _ in entries:
            norm += n
            s0 += a
            s1 += b
            s2 += c
        return word_sums, (norm, s0, s1, s2), entries

    def probabilities(self, canonical: str) -> Probabilities:
        """Class probabilities for ``canonical`` text (see :mod:`safeguarding.model_features`)."""
        word_sums, char_sums, _ = self._block_sums(canonical)
        return self._probabilities(word_sums, char_sums)

    def _probabilities(self, word_sums: Sums, char_sums: Sums) -> Probabilities:
        b0, b1, b2 = self.model.intercept
        a0, a1, a2 = _scaled(*word_sums)
        c0, c1, c2 = _scaled(*char_sums)
        z0, z1, z2 = b0 + a0 + c0, b1 + a1 + c1, b2 + a2 + c2
        top = max(z0, z1, z2)
        e0, e1, e2 = math.exp(z0 - top), math.exp(z1 - top), math.exp(z2 - top)
        total = e0 + e1 + e2
        return Probabilities(e0 / total, e1 / total, e2 / total)

    def reasons(self, canonical: str, limit: int = TOP_FEATURES) -> tuple[str, ...]:
        """The n-grams that pushed hardest towards risk, strongest first (words quoted, pieces in brackets).

        A feature's push is its share of the flagged-minus-none score: ``idf * (w_flagged - w_none) / norm``.
        """
        word_sums, char_sums, entries = self._block_sums(canonical)
        return self._reasons(canonical, word_sums[0], char_sums[0], entries, limit)

    def _reasons(
        self, canonical: str, word_norm: float, char_norm: float, entries: list[WordEntry], limit: int
    ) -> tuple[str, ...]:
        char_counts: dict[str, int] = {}
        for _, pushes in entries:
            for gram, n in pushes:
                char_counts[gram] = char_counts.get(gram, 0) + n
        word_counts = _pushes(self._word_deltas, self._words_of(canonical))
        found = [(score, gram, '""') for score, gram in _scores(self._word_deltas, word_counts, word_norm)]
        found += [(score, gram, "[]") for score, gram in _scores(self._char_deltas, char_counts, char_norm)]
        return tuple(f"{label} +{score:.2f}" for score, label in _top(found, limit) if score > 0)

    def judge(self, canonical: str, explain_above: Severity = "none") -> Verdict:
        """Apply the thresholds: ``high`` when P(flagged) reaches the high threshold, ``concern`` when
        P(any risk) reaches the concern threshold, else ``none``. Reasons are worked out only for hits
        above ``explain_above`` (the screen passes the lexicon's severity: a hit that raises nothing
        shows nowhere, so its reasons would be wasted work)."""
        word_sums, char_sums, entries = self._block_sums(canonical)
        probs = self._probabilities(word_sums, char_sums)
        severity: Severity = "none"
        if probs.flagged >= self.high_threshold:
            severity = "high"
        elif probs.any_risk >= self.concern_threshold:
            severity = "concern"
        reasons: tuple[str, ...] = ()
        if SEVERITY_ORDER[severity] > SEVERITY_ORDER[explain_above]:
            reasons = self._reasons(canonical, word_sums[0], char_sums[0], entries, TOP_FEATURES)
        return Verdict(severity, probs, reasons)
