"""Labelled test sets for evaluation: Rasa NLU YAML (like ``nlu/data/test.yml``) or CSV ``text,intent,need``.

In a CSV the ``need`` column is optional and an empty cell means the text names no need. Problems are
reported with their line, as for training data.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from nlu.training_data import DataIssue, TrainingDataError, load_training_data
from nlu.types import INTENTS, NEEDS


@dataclass(frozen=True)
class LabelledText:
    """One text with the intent (and need, if any) it should parse to."""

    text: str
    intent: str
    need: str | None = None
    line: int = 0


def load_labelled(path: Path) -> list[LabelledText]:
    """Read a YAML or CSV test set; raise :class:`TrainingDataError` listing any problems."""
    if path.suffix.lower() == ".csv":
        return _load_csv(path)
    data = load_training_data([path])
    return [LabelledText(e.text, e.intent, e.need, e.line) for e in data.examples]


def _load_csv(path: Path) -> list[LabelledText]:
    source = str(path)
    issues: list[DataIssue] = []
    rows: list[LabelledText] = []
    with path.open(newline="", encoding="utf-8-sig") as stream:
        reader = csv.DictReader(stream)
        header = [name.strip().lower() for name in reader.fieldnames or []]
        if "text" not in header or "intent" not in header:
            raise TrainingDataError([DataIssue(source, 1, "CSV needs a header with text,intent[,need]")])
        reader.fieldnames = header
        for record in reader:
            line = reader.line_num
            text = (record.get("text") or "").strip()
            intent = (record.get("intent") or "").strip()
            need = (record.get("need") or "").strip() or None
            if not text:
                issues.append(DataIssue(source, line, "empty text"))
            elif intent not in INTENTS:
                issues.append(DataIssue(source, line, f"intent {intent!r} is not one of the fixed intents"))
            elif need is not None and need not in NEEDS:
                issues.append(DataIssue(source, line, f"need {need!r} is not one of: {', '.join(NEEDS)}"))
            else:
                rows.append(LabelledText(text, intent, need, line))
    if issues:
        raise TrainingDataError(issues)
    return rows
