"""Finding the ``need`` entity: phrase lookup over synonyms and lookup tables, tolerant of misspellings.

A text is tokenised and normalised, each unknown word is corrected to the nearest word used in a need
phrase when it is one typo away ("anxeity" -> "anxiety", "buliied" -> "bullied"), words are reduced to a
rough stem ("divorcing", "divorced" and "divorce" all become "divorc"), and then the longest phrases are
matched left to right. Words that the training data already uses are never "corrected", and short words
(under seven letters) must match exactly, so everyday words do not turn into needs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz.distance import OSA
from rapidfuzz.process import extractOne

from nlu.text import tokenise
from nlu.types import NEED, Entity

EXTRACTOR = "waymark.lookup"
MIN_FUZZY_LENGTH = 7
"""Words shorter than this must be spelt exactly."""
LONG_WORD = 9
"""Words this long may be two edits away; shorter ones one edit."""


_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", ""))


def stem(word: str) -> str:
    """A rough English stem, good enough to match "worried"/"worry" and "fighting"/"fight"."""
    if len(word) < 5:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + replacement
    return word


@dataclass(frozen=True)
class NeedMatch:
    """One need phrase found in a text."""

    value: str
    start: int
    end: int
    words: int


class NeedMatcher:
    """Finds need phrases in texts. Build once from :func:`nlu.training_data.need_phrases`."""

    def __init__(self, phrases: Mapping[str, str], known_words: Iterable[str] = ()) -> None:
        self.phrases: dict[str, str] = dict(phrases)
        """Normalised phrase -> need value, as given."""
        self.known_words: frozenset[str] = frozenset(known_words)
        """Words seen in training texts: never corrected to a need word."""
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for phrase, value in phrases.items():
            words = tuple(stem(word) for word in phrase.split())
            if words:
                self._by_first.setdefault(words[0], []).append((words, value))
        for entries in self._by_first.values():
            entries.sort(key=lambda entry: (-len(entry[0]), entry[0]))
        self._targets = sorted({word for phrase in phrases for word in phrase.split()})
        self._known = self.known_words | frozenset(self._targets)
        self._corrections: dict[str, str] = {}

    def correct(self, word: str) -> str:
        """`word`, or the need-phrase word it is most likely a misspelling of."""
        cached = self._corrections.get(word)
        if cached is not None:
            return cached
        fixed = word
        if word not in self._known and len(word) >= MIN_FUZZY_LENGTH and not word.isdigit():
            limit = 2 if len(word) >= LONG_WORD else 1
            best = extractOne(word, self._targets, scorer=OSA.distance, score_cutoff=limit)
            if best is not None and best[0][0] == word[0]:
                fixed = best[0]
        if len(self._corrections) < 50_000:
            self._corrections[word] = fixed
        return fixed

    def matches(self, text: str) -> list[NeedMatch]:
        """Every need phrase in `text`, longest first at each position, in text order."""
        tokens = tokenise(text)
        words = [stem(self.correct(token.text)) for token in tokens]
        found: list[NeedMatch] = []
        i = 0
        while i < len(words):
            hit = self._longest_at(words, i)
            if hit is None:
                i += 1
                continue
            length, value = hit
            found.append(NeedMatch(value, tokens[i].start, tokens[i + length - 1].end, length))
            i += length
        return found

    def _longest_at(self, words: list[str], i: int) -> tuple[int, str] | None:
        for phrase, value in self._by_first.get(words[i], ()):
            if tuple(words[i : i + len(phrase)]) == phrase:
                return len(phrase), value
        return None

    def entities(self, text: str) -> list[Entity]:
        """The need phrases in `text` as :class:`Entity` objects, in text order."""
        return [Entity(NEED, m.value, m.start, m.end, EXTRACTOR) for m in self.matches(text)]
