"""The learned screen's training corpus: every CSV in ``safeguarding/data/corpus/`` and the lexicon examples.

Corpus files have the header ``text,severity,category,style,source``. The lexicon adds its own test cases:
each entry example is risk at the entry's severity and category, each cue example is ``immediate``, and
each benign idiom example is an everyday text (``none``). Texts that are the same in canonical form are
one training text; when their labels disagree the most serious label wins (a screen errs towards asking).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from safeguarding.assessment import SEVERITIES, SEVERITY_ORDER, Severity
from safeguarding.lexicon import Lexicon

DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent / "data" / "corpus"
HEADER = ["text", "severity", "category", "style", "source"]
#: The style of a row copied from a measured blind round (``blind_rounds.csv``).
ROUND_STYLE = re.compile(r"^(blind|everyday)-round(\d+)$")


class CorpusError(ValueError):
    """A bad corpus file; the message names ``file:line``."""


@dataclass(frozen=True)
class LabelledText:
    """One training text and where it came from."""

    text: str
    severity: Severity
    category: str
    style: str
    source: str


def read_corpus_file(path: Path) -> list[LabelledText]:
    """Read one corpus CSV. Raises :class:`CorpusError` naming ``file:line``."""
    rows: list[LabelledText] = []
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle)
        header = [h.strip().lower() for h in next(reader, [])]
        if header != HEADER:
            raise CorpusError(f"{path}:1: header must be {','.join(HEADER)}")
        for row in reader:
            if not row or not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != len(HEADER):
                raise CorpusError(f"{path}:{line}: expected {len(HEADER)} columns, found {len(row)}")
            text, label, category, style, source = (cell.strip() for cell in row)
            if not text:
                raise CorpusError(f"{path}:{line}: empty text")
            severity = next((s for s in SEVERITIES if s == label), None)
            if severity is None:
                raise CorpusError(f"{path}:{line}: severity {label!r} is not one of {', '.join(SEVERITIES)}")
            rows.append(LabelledText(text, severity, category, style, source))
    return rows


def read_corpus_dir(folder: Path = DEFAULT_CORPUS_DIR) -> list[LabelledText]:
    """Read every ``*.csv`` in ``folder`` (sorted by name)."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise CorpusError(f"{folder}: no corpus CSV files")
    return [row for path in files for row in read_corpus_file(path)]


def lexicon_examples(lexicon: Lexicon) -> list[LabelledText]:
    """The lexicon's own examples as labelled texts (entries, cues and benign idioms)."""
    rows: list[LabelledText] = []
    for entry in lexicon.entries:
        source = f"lexicon {entry.id}"
        rows.extend(
            LabelledText(t, entry.severity, entry.category, "lexicon-example", source) for t in entry.examples
        )
    for cue in lexicon.cues:
        category = sorted(cue.applies_to)[0] if cue.applies_to else ""
        rows.extend(
            LabelledText(t, "immediate", category, "lexicon-cue", f"lexicon {cue.id}") for t in cue.examples
        )
    for rule in lexicon.benign:
        rows.extend(
            LabelledText(t, "none", "", "lexicon-benign", f"lexicon {rule.id}") for t in rule.examples
        )
    return rows


def merge(rows: Iterable[LabelledText], canonical: dict[str, str]) -> list[tuple[str, LabelledText]]:
    """One ``(canonical text, label)`` per distinct canonical text, the most serious label winning.

    ``canonical`` maps each raw text to its canonical form. The result is sorted by canonical text,
    so the same rows in any order give the same training set.
    """
    best: dict[str, LabelledText] = {}
    for row in rows:
        key = canonical[row.text]
        if not key.strip():
            continue
        held = best.get(key)
        if held is None or SEVERITY_ORDER[row.severity] > SEVERITY_ORDER[held.severity]:
            best[key] = row
    return sorted(best.items())


def corpus_hash(rows: Iterable[tuple[str, LabelledText]]) -> str:
    """SHA-256 over the merged training set (canonical text and label), for the model file."""
    digest = hashlib.sha256()
    for key, row in rows:
        digest.update(f"{key}\t{row.severity}\t{row.category}\n".encode())
    return digest.hexdigest()


def round_of(row: LabelledText) -> tuple[str, int] | None:
    """``("blind" | "everyday", k)`` for a row copied from blind round ``k``, else None."""
    found = ROUND_STYLE.match(row.style)
    return (found.group(1), int(found.group(2))) if found else None


def rounds_in(rows: Sequence[LabelledText]) -> list[int]:
    """The blind rounds present in ``rows``, in order."""
    return sorted({found[1] for row in rows if (found := round_of(row)) is not None})
