"""Load and check NLU data written in Rasa 3's YAML format (``version: "3.1"``).

Supported items under ``nlu:`` are ``intent`` (with a literal ``examples: |`` block of ``- text`` lines),
``synonym`` and ``lookup``. Entities are marked the Rasa way: ``[anxious]{"entity": "need", "value":
"anxiety"}`` or ``[anxiety](need)`` when the words are the value. Every problem is reported with its file
and line so that whoever edits the data can find it: bad YAML, an intent outside :data:`INTENTS`, the same
example under two intents, an unknown need value, a malformed annotation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from nlu.annotations import AnnotationError, parse_annotated
from nlu.text import normalise
from nlu.types import INTENTS, NEED, NEEDS, Entity

DATA_DIR = Path(__file__).parent / "data"
DEFAULT_TRAINING_FILES: tuple[Path, ...] = (DATA_DIR / "nlu.yml", DATA_DIR / "synonyms.yml")
DEFAULT_TEST_FILE = DATA_DIR / "test.yml"


@dataclass(frozen=True)
class Example:
    """One training or test example: plain text (annotations removed) and what it means."""

    text: str
    intent: str
    entities: tuple[Entity, ...] = ()
    source: str = ""
    line: int = 0

    @property
    def need(self) -> str | None:
        """The first annotated ``need`` value, if any."""
        return next((e.value for e in self.entities if e.entity == NEED), None)


@dataclass(frozen=True)
class TrainingData:
    """Everything read from one or more Rasa NLU files."""

    examples: tuple[Example, ...]
    synonyms: Mapping[str, str] = field(default_factory=dict)
    """Normalised phrase -> need value, from ``synonym`` items."""
    lookups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """Lookup table name -> phrases, from ``lookup`` items."""

    @property
    def intents(self) -> tuple[str, ...]:
        """The intents that have examples, in :data:`INTENTS` order."""
        present = {example.intent for example in self.examples}
        return tuple(name for name in INTENTS if name in present)


@dataclass(frozen=True)
class DataIssue:
    """One problem in a data file, with the 1-based line it is on."""

    source: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.message}"


class TrainingDataError(ValueError):
    """The data files have problems; ``issues`` lists every one with its line."""

    def __init__(self, issues: Sequence[DataIssue]) -> None:
        self.issues = list(issues)
        super().__init__("\n".join(str(issue) for issue in self.issues))


def load_training_data(paths: Iterable[Path] = DEFAULT_TRAINING_FILES) -> TrainingData:
    """Read and check Rasa NLU YAML files; raise :class:`TrainingDataError` listing every problem."""
    reader = _Reader()
    for path in paths:
        reader.read(path.read_text(encoding="utf-8"), str(path))
    return reader.finish()


def parse_training_yaml(text: str, source: str = "<string>") -> TrainingData:
    """Like :func:`load_training_data` for YAML already in memory (one file)."""
    reader = _Reader()
    reader.read(text, source)
    return reader.finish()


class _Reader:
    """Accumulates examples and issues over several files, so cross-file duplicates are caught too."""

    def __init__(self) -> None:
        self.examples: list[Example] = []
        self.synonyms: dict[str, str] = {}
        self.lookups: dict[str, list[tuple[str, str, int]]] = {}
        self.issues: list[DataIssue] = []
        self._seen: dict[str, Example] = {}

    def read(self, text: str, source: str) -> None:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            self._issue(source, line, f"bad YAML: {exc.problem or exc}")
            return
        if not isinstance(root, yaml.MappingNode):
            self._issue(source, 1, "expected a mapping with 'version' and 'nlu' keys")
            return
        keys = {k.value: (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        if "version" not in keys:
            self._issue(source, 1, 'missing version: "3.1"')
        if "nlu" not in keys:
            return  # a Rasa file may hold only stories or rules; nothing of ours in it
        items = keys["nlu"][1]
        if not isinstance(items, yaml.SequenceNode):
            self._issue(source, items.start_mark.line + 1, "'nlu' must be a list of items")
            return
        for item in items.value:
            self._read_item(item, source)

    def _read_item(self, item: yaml.Node, source: str) -> None:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            self._issue(source, line, "each item under 'nlu' must be a mapping")
            return
        fields = {k.value: v for k, v in item.value if isinstance(k, yaml.ScalarNode)}
        examples_node = fields.get("examples")
        if not isinstance(examples_node, yaml.ScalarNode):
            self._issue(source, line, "missing 'examples: |' block of '- text' lines")
            return
        lines = list(self._example_lines(examples_node, source))
        for kind in ("intent", "synonym", "lookup"):
            name_node = fields.get(kind)
            if isinstance(name_node, yaml.ScalarNode):
                getattr(self, f"_read_{kind}")(str(name_node.value), lines, source, line)
                return
        self._issue(source, line, "item must have 'intent', 'synonym' or 'lookup'")

    def _example_lines(self, node: yaml.ScalarNode, source: str) -> Iterable[tuple[str, int]]:
        # A literal block's content starts on the line after the '|'; other styles are on the key's line.
        first = node.start_mark.line + (2 if node.style == "|" else 1)
        for offset, raw in enumerate(str(node.value).splitlines()):
            stripped = raw.strip()
            line = first + offset if node.style == "|" else first
            if not stripped:
                continue
            if not stripped.startswith("-"):
                self._issue(source, line, f"example lines must start with '- ': {stripped!r}")
                continue
            yield stripped[1:].strip(), line

    def _read_intent(self, intent: str, lines: list[tuple[str, int]], source: str, line: int) -> None:
        if intent not in INTENTS:
            self._issue(
                source, line, f"intent {intent!r} is not one of the fixed intents: {', '.join(INTENTS)}"
            )
            return
        for raw, at in lines:
            try:
                text, entities = parse_annotated(raw)
            except AnnotationError as exc:
                self._issue(source, at, str(exc))
                continue
            if not normalise(text):
                self._issue(source, at, "empty example")
                continue
            for entity in entities:
                if entity.entity != NEED:
                    self._issue(source, at, f"unknown entity {entity.entity!r} (only {NEED!r} is used)")
                elif entity.value not in NEEDS:
                    self._issue(source, at, f"need value {entity.value!r} is not one of: {', '.join(NEEDS)}")
            self._add_example(Example(text, intent, tuple(entities), source, at))

    def _add_example(self, example: Example) -> None:
        key = normalise(example.text)
        earlier = self._seen.get(key)
        if earlier is None:
            self._seen[key] = example
            self.examples.append(example)
        elif earlier.intent != example.intent:
            self._issue(
                example.source,
                example.line,
                f"{example.text!r} is under intent {example.intent!r} here and under {earlier.intent!r} "
                f"at {earlier.source}:{earlier.line}",
            )
        # The same example twice under one intent is harmless; keep the first.

    def _read_synonym(self, value: str, lines: list[tuple[str, int]], source: str, line: int) -> None:
        if value not in NEEDS:
            self._issue(source, line, f"synonym value {value!r} is not one of: {', '.join(NEEDS)}")
            return
        for phrase, at in lines:
            key = normalise(phrase)
            if key in self.synonyms and self.synonyms[key] != value:
                self._issue(source, at, f"{phrase!r} is already a synonym of {self.synonyms[key]!r}")
                continue
            self.synonyms[key] = value

    def _read_lookup(self, table: str, lines: list[tuple[str, int]], source: str, line: int) -> None:
        if table != NEED:
            self._issue(source, line, f"lookup table {table!r} is not an entity we extract (only {NEED!r})")
            return
        self.lookups.setdefault(table, []).extend((phrase, source, at) for phrase, at in lines)

    def _issue(self, source: str, line: int, message: str) -> None:
        self.issues.append(DataIssue(source, line, message))

    def finish(self) -> TrainingData:
        lookups: dict[str, tuple[str, ...]] = {}
        for table, entries in self.lookups.items():
            for phrase, source, at in entries:
                if _lookup_value(phrase, self.synonyms) is None:
                    self._issue(source, at, f"lookup entry {phrase!r} is neither a need value nor a synonym")
            lookups[table] = tuple(phrase for phrase, _, _ in entries)
        if self.issues:
            order = {source: i for i, source in enumerate(dict.fromkeys(i.source for i in self.issues))}
            raise TrainingDataError(sorted(self.issues, key=lambda issue: (order[issue.source], issue.line)))
        return TrainingData(tuple(self.examples), dict(self.synonyms), lookups)


def _lookup_value(phrase: str, synonyms: Mapping[str, str]) -> str | None:
    key = normalise(phrase)
    as_value = key.replace(" ", "_")
    if as_value in NEEDS:
        return as_value
    return synonyms.get(key)


def need_phrases(data: TrainingData) -> dict[str, str]:
    """Every phrase that names a need, normalised, mapped to its value.

    Combines the lookup table (entries that are need values, like "self harm"), the synonyms and the
    words annotated in examples (the way Rasa's synonym mapper learns from ``value`` annotations).
    """
    phrases: dict[str, str] = {}
    for example in data.examples:
        for entity in example.entities:
            if entity.entity == NEED and entity.start is not None and entity.end is not None:
                phrases.setdefault(normalise(example.text[entity.start : entity.end]), entity.value)
    for phrase in data.lookups.get(NEED, ()):
        value = _lookup_value(phrase, data.synonyms)
        if value is not None:
            phrases[normalise(phrase)] = value
    phrases.update(data.synonyms)
    for value in NEEDS:
        phrases.setdefault(value.replace("_", " "), value)
    phrases.pop("", None)
    return phrases
