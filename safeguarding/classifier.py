"""Run the learned screen: a small pure-Python scorer over the model file's n-gram weights.

No scikit-learn at run time: each message costs one pass over its n-grams with dictionary look-ups
into the compact tables of :mod:`safeguarding.model_table`, and the result equals scikit-learn's
``predict_proba`` at training time (tests check this to 1e-9).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from operator import add

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.model_file import CLASSES, ModelData
from safeguarding.model_table import CompactModel, TermTable, compact

#: How many top features a model hit shows as its reasons.
TOP_FEATURES = 5


@dataclass(frozen=True)
class Probabilities:
    """The model's probabilities for one text (one per class of :data:`CLASSES`)."""

    none: float
    concern: float
    high: float
    immediate: float

    @property
    def flagged(self) -> float:
        """Probability that the text is ``high`` or ``immediate``."""
        return self.high + self.immediate

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


#: Sums of one block's term rows (:class:`TermTable`) over its n-grams: (idf squared, one sum per class).
Sums = tuple[float, ...]
#: Words whose character n-gram sums are kept; the cache is emptied when it grows past this. An entry costs
#: about 300 bytes (its sums, the word, the dict slot), so a full cache about 15 MB.
WORD_CACHE_SIZE = 50_000
_WIDTH = 1 + len(CLASSES)
_ZERO: Sums = (0.0,) * _WIDTH


def _sum_terms(table: TermTable, grams: Iterable[str]) -> Sums:
    """Sums of the terms of every known n-gram occurrence (a repeated n-gram counts each time)."""
    return _add_sums(table.rows(grams))


def _add_sums(rows: Sequence[Sequence[float]]) -> Sums:
    """Column sums of ``rows`` (one column per term; zip and sum run in C, whatever the width)."""
    return tuple(map(sum, zip(*rows, strict=True))) if rows else _ZERO


def _scaled(sums: Sums) -> tuple[float, ...]:
    """Each class's block score: the class sum over ``sqrt`` of the idf-squared sum (0 for no n-gram)."""
    norm = sums[0]
    if norm <= 0.0:
        return (0.0,) * len(CLASSES)
    scale = 1.0 / math.sqrt(norm)
    return tuple(v * scale for v in sums[1:])


def _scores(table: TermTable, which: int, counts: dict[str, int], norm: float) -> list[tuple[float, str]]:
    """Each pushing n-gram's share of the target-minus-none score (target ``REASON_CLASSES[which]``).

    That is ``n * idf * (w_target - w_none) / norm`` for an n-gram seen ``n`` times.
    """
    root = math.sqrt(norm) if norm > 0.0 else 1.0
    return [(n * table.delta(which, gram) / root, gram) for gram, n in counts.items()]


def _top(found: list[tuple[float, str, str]], limit: int) -> list[tuple[float, str]]:
    """The ``limit`` strongest (score, label) pairs, ties by label; labels are made for the few kept."""
    if len(found) > limit:
        cut = sorted([item[0] for item in found], reverse=True)[limit - 1]
        found = [item for item in found if item[0] >= cut]
    labelled = [(score, f"{mark[0]}{gram}{mark[1]}") for score, gram, mark in found]
    labelled.sort(key=lambda pair: (-pair[0], pair[1]))
    return labelled[:limit]


def softmax(scores: Sequence[float]) -> Probabilities:
    """The four class scores as probabilities."""
    top = max(scores)
    exps = [math.exp(z - top) for z in scores]
    total = sum(exps)
    none, concern, high, immediate = (e / total for e in exps)
    return Probabilities(none, concern, high, immediate)


class Classifier:
    """Scores canonical text with one loaded model and applies its thresholds.

    Each block's score is ``sum(idf * w) / sqrt(sum(idf**2))`` over every known n-gram occurrence (see
    :class:`safeguarding.training.Block`), one per class. Both sums add up word by word and character
    n-grams never cross a word boundary, so each word's character sums are kept; a message costs a look-up
    per word plus one per word n-gram. The n-grams that push towards risk (the reasons) are found again
    for the few texts that need them: kept per word too, they cost about 2.4 KB a word (30 MB for the
    11,600 words of the training corpus).
    """

    def __init__(
        self,
        model: ModelData | CompactModel,
        high_threshold: float,
        concern_threshold: float,
        everyday_threshold: float | None = None,
        immediate_threshold: float | None = None,
    ) -> None:
        if not 0.0 < concern_threshold <= high_threshold < 1.0:
            raise ValueError("thresholds must satisfy 0 < concern <= high < 1")
        if everyday_threshold is not None and not 0.0 < everyday_threshold < 1.0:
            raise ValueError("the everyday threshold must be between 0 and 1")
        if immediate_threshold is not None and not 0.0 < immediate_threshold < 1.0:
            raise ValueError("the immediate threshold must be between 0 and 1")
        tables = model if isinstance(model, CompactModel) else compact(model)
        info = tables.info
        if len(info.intercept) != len(CLASSES):
            raise ValueError(f"the model must have {len(CLASSES)} classes ({', '.join(CLASSES)})")
        #: The model file's record; its n-gram weights are in the compact tables, not in ``blocks``.
        self.model = info
        self.version = info.version
        self.high_threshold = high_threshold
        self.concern_threshold = concern_threshold
        #: P(immediate) at or above which the model says ``immediate`` (None: never).
        self.immediate_threshold = immediate_threshold
        #: P(none) at or above which a lowerable lexicon ``high`` hit becomes ``concern`` (None: never).
        self.everyday_threshold = everyday_threshold
        self._word = tables.word
        self._char = tables.char
        self._words: dict[str, Sums] = {}
        self._words_of = info.features.words
        self._chars = info.features.chars

    def _word_sums(self, word: str) -> Sums:
        """One word's character n-gram sums (cached)."""
        sums = self._words.get(word)
        if sums is None:
            sums = _sum_terms(self._char, self._chars(word))
            if len(self._words) >= WORD_CACHE_SIZE:
                self._words.clear()
            self._words[word] = sums
        return sums

    def _block_sums(self, canonical: str) -> tuple[Sums, Sums]:
        """Word-block sums and character-block sums."""
        words = canonical.split()
        if not words:
            return _ZERO, _ZERO
        entries = [self._word_sums(word) for word in words]
        word_sums = _sum_terms(self._word, self._words_of(canonical))
        if len(entries) == 1:
            return word_sums, entries[0]
        return word_sums, _add_sums(entries)

    def probabilities(self, canonical: str) -> Probabilities:
        """Class probabilities for ``canonical`` text (see :mod:`safeguarding.model_features`)."""
        word_sums, char_sums = self._block_sums(canonical)
        return self._probabilities(word_sums, char_sums)

    def logits(self, canonical: str) -> tuple[float, ...]:
        """The four class scores before the softmax (intercept + both n-gram blocks)."""
        return self._logits(*self._block_sums(canonical))

    def _logits(self, word_sums: Sums, char_sums: Sums) -> tuple[float, ...]:
        return tuple(map(add, map(add, self.model.intercept, _scaled(word_sums)), _scaled(char_sums)))

    def _probabilities(self, word_sums: Sums, char_sums: Sums) -> Probabilities:
        return softmax(self._logits(word_sums, char_sums))

    def reasons(
        self, canonical: str, limit: int = TOP_FEATURES, towards: Severity = "high"
    ) -> tuple[str, ...]:
        """The n-grams that pushed hardest towards ``towards`` (``high`` or ``immediate``) rather than
        ``none``, strongest first (words quoted, pieces in brackets).

        A feature's push is its share of the class-minus-none score: ``idf * (w_class - w_none) / norm``.
        """
        word_sums, char_sums = self._block_sums(canonical)
        return self._reasons(canonical, word_sums[0], char_sums[0], limit, towards)

    def _reasons(
        self,
        canonical: str,
        word_norm: float,
        char_norm: float,
        limit: int,
        towards: Severity,
    ) -> tuple[str, ...]:
        which = 1 if towards == "immediate" else 0
        char_counts: dict[str, int] = {}
        for word, times in Counter(canonical.split()).items():  # a repeated word is looked at once
            for gram, n in self._char.pushes(which, self._chars(word)).items():
                char_counts[gram] = char_counts.get(gram, 0) + n * times
        word_counts = self._word.pushes(which, self._words_of(canonical))
        found = [(score, gram, '""') for score, gram in _scores(self._word, which, word_counts, word_norm)]
        found += [(score, gram, "[]") for score, gram in _scores(self._char, which, char_counts, char_norm)]
        return tuple(f"{label} +{score:.2f}" for score, label in _top(found, limit) if score > 0)

    def severity_of(self, probs: Probabilities, *, flagged_already: bool = False) -> Severity:
        """The thresholds applied: ``high`` when P(flagged) reaches the high threshold, and ``immediate``
        instead when P(immediate) also reaches the immediate threshold; ``concern`` when P(any risk) reaches
        the concern threshold, else ``none``.

        P(immediate) grades a text that is flagged (by the high threshold here, or by the lexicon:
        ``flagged_already``); it never flags one on its own. It used to: with the second look on, the first
        look's high threshold is stricter than the immediate one, and a text between the two went straight
        to ``immediate`` past the bar meant to hold it.
        """
        flagged = probs.flagged >= self.high_threshold
        if (flagged or flagged_already) and self.grades_immediate(probs):
            return "immediate"
        if flagged:
            return "high"
        if probs.any_risk >= self.concern_threshold:
            return "concern"
        return "none"

    def grades_immediate(self, probs: Probabilities) -> bool:
        """Whether P(immediate) reaches the immediate threshold (a flagged text is then ``immediate``)."""
        return self.immediate_threshold is not None and probs.immediate >= self.immediate_threshold

    def judge(self, canonical: str, explain_above: Severity = "none") -> Verdict:
        """Apply the thresholds (:meth:`severity_of`). ``explain_above`` is the lexicon's severity: reasons
        are worked out only for hits above it (a hit that raises nothing shows nowhere, so its reasons would
        be wasted work), and a text it already flags may be graded ``immediate``."""
        word_sums, char_sums = self._block_sums(canonical)
        probs = self._probabilities(word_sums, char_sums)
        already = SEVERITY_ORDER[explain_above] >= SEVERITY_ORDER["high"]
        severity = self.severity_of(probs, flagged_already=already)
        reasons: tuple[str, ...] = ()
        if SEVERITY_ORDER[severity] > SEVERITY_ORDER[explain_above]:
            reasons = self._reasons(canonical, word_sums[0], char_sums[0], TOP_FEATURES, severity)
        return Verdict(severity, probs, reasons)
