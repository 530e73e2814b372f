"""The learned screen's n-gram weights in a compact read-only form, for scoring.

A model file (:mod:`safeguarding.model_file`) holds 45,000 n-grams, each with an idf and one weight per
class. As Python objects (a dict of tuples of floats: ModelData.blocks) that is about 300 bytes an
n-gram, and the scorer's derived terms were as much again. Here each block is one dict from n-gram to
the offset of its row in one ``array('d')`` (8 bytes a number, no float objects) and one byte a row per
reason class, so the whole model costs a few MB and is built once per model file and process.

A row holds the terms the scorer adds up (see :class:`safeguarding.classifier.Classifier`): ``idf**2``
then ``idf * w`` per class (:data:`~safeguarding.model_file.CLASSES` order). They are the same float
operations, in the same order, as the dict-of-tuples scorer did, so the probabilities are identical.
"""

from __future__ import annotations

import dataclasses
import functools
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from safeguarding.model_file import BLOCKS, CLASSES, DEFAULT_MODEL_PATH, ModelData, Weights, read_model

#: Numbers per row: idf squared, then one term per class.
WIDTH = 1 + len(CLASSES)
#: The classes a hit's reasons explain: an ``immediate`` hit by its push towards ``immediate``, any other
#: hit by its push towards ``high`` (each against ``none``).
REASON_CLASSES = (CLASSES.index("high"), CLASSES.index("immediate"))


@dataclass(frozen=True)
class TermTable:
    """One block's n-grams: ``index[gram]`` is the offset of the gram's row of :data:`WIDTH` terms in
    ``terms``; ``pushing[k][row]`` is 1 when the gram pushes towards reason class ``REASON_CLASSES[k]``
    rather than ``none`` (its term for that class exceeds its term for ``none``)."""

    index: dict[str, int]
    terms: array[float]
    pushing: tuple[bytes, ...]

    @classmethod
    def build(cls, table: Mapping[str, Weights]) -> TermTable:
        """The table for one block of a model file (gram -> idf, then one weight per class)."""
        index: dict[str, int] = {}
        terms: array[float] = array("d")
        for gram, (idf, *weights) in table.items():
            index[gram] = len(terms)
            terms.append(idf * idf)
            terms.extend([idf * w for w in weights])
        starts = range(0, len(terms), WIDTH)
        pushing = tuple(bytes(terms[o + 1 + k] > terms[o + 1] for o in starts) for k in REASON_CLASSES)
        return cls(index, terms, pushing)

    def __len__(self) -> int:
        return len(self.index)

    def rows(self, grams: Iterable[str]) -> list[array[float]]:
        """The term rows of every known n-gram occurrence, in order (a repeated n-gram counts each time)."""
        terms = self.terms
        return [terms[o : o + WIDTH] for o in map(self.index.get, grams) if o is not None]

    def pushes(self, which: int, grams: Iterable[str]) -> dict[str, int]:
        """How often each n-gram pushing towards ``REASON_CLASSES[which]`` occurs in ``grams``."""
        flags, index = self.pushing[which], self.index
        counts: dict[str, int] = {}
        for gram in grams:
            offset = index.get(gram)
            if offset is not None and flags[offset // WIDTH]:
                counts[gram] = counts.get(gram, 0) + 1
        return counts

    def delta(self, which: int, gram: str) -> float:
        """``idf * (w_target - w_none)`` of a known n-gram, target ``REASON_CLASSES[which]``."""
        offset = self.index[gram]
        return self.terms[offset + 1 + REASON_CLASSES[which]] - self.terms[offset + 1]


@dataclass(frozen=True)
class CompactModel:
    """A model file ready to score: its record without the n-gram weights (``info.blocks`` is empty) and
    one :class:`TermTable` per block."""

    info: ModelData
    word: TermTable
    char: TermTable


def compact(model: ModelData) -> CompactModel:
    """The compact form of ``model`` (its weights are copied, so ``model`` can be dropped after)."""
    if sorted(model.blocks) != sorted(BLOCKS):
        raise ValueError(f"the model must have the blocks {', '.join(BLOCKS)}")
    return CompactModel(
        dataclasses.replace(model, blocks={}),
        TermTable.build(model.blocks["word"]),
        TermTable.build(model.blocks["char"]),
    )


@functools.lru_cache(maxsize=4)
def load_compact(path: Path = DEFAULT_MODEL_PATH) -> CompactModel:
    """Read, check and compact the model file at ``path`` once per process; the parsed file is dropped.

    Raises :class:`safeguarding.model_file.ModelFileError` naming the file when it is missing or corrupt.
    """
    return compact(read_model(path))
