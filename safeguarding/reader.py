"""Read the lexicon's YAML files into :class:`~safeguarding.lexicon.Lexicon`, checking every field."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from safeguarding.assessment import SEVERITY_ORDER, Severity
from safeguarding.bare_plan import FILE, BarePlanError, load_bare_plans
from safeguarding.lexicon import BenignRule, Category, Cue, Entry, Lexicon, LexiconError, Phrase
from safeguarding.normalise import Normaliser
from safeguarding.patterns import (
    NO_ENDINGS,
    PatternError,
    compile_phrase,
    literal_words,
    literal_words_by_role,
)

_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_.]+$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_SHARED = ("_slots.yml", "_textspeak.yml", "_allow.yml", "_cues.yml", "_benign.yml")
_CATEGORY_KEYS = {"category", "label", "parent", "immediacy", "model_may_lower", "description", "entries"}
_ENTRY_KEYS = {
    "id",
    "phrase",
    "phrases",
    "severity",
    "examples",
    "not_if",
    "also_needs",
    "also_needs_count",
    "subtype",
    "immediacy",
    "negatable",
    "model_may_lower",
    "spelling_repair",
    "notes",
}
#: Categories whose phrases are never set aside by negation or lowered by the learned screen.
NEVER_LOWERED = frozenset({"suicide", "self_harm"})
_CUE_KEYS = {"id", "phrases", "applies_to", "examples", "not_if", "not_whole", "notes"}
_BENIGN_KEYS = {"id", "phrases", "examples", "notes", "not_if"}
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader when PyYAML has it (ten times faster on the lexicon), else the Python one."""

Words = Callable[[str], tuple[str, ...]]


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise LexiconError(path.name, "", f"cannot read: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(path.name, "", "must be a mapping at the top level")
    return data


def _strings(value: object, file: str, entry: str, field: str, *, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise LexiconError(file, entry, f"'{field}' must be a list of non-empty strings")
    if required and not value:
        raise LexiconError(file, entry, f"'{field}' needs at least one item")
    return tuple(value)


def _check_keys(data: Mapping[str, Any], allowed: set[str], file: str, entry: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise LexiconError(file, entry, f"unknown field(s) {', '.join(unknown)} (typo?)")


class _Compiler:
    def __init__(self, words: Words, slots: Mapping[str, Sequence[str]]) -> None:
        self.words = words
        self.slots = slots
        self.vocabulary: set[str] = set()
        #: words of exceptions (an entry's ``not_if``, words after ``!``): known, never repaired themselves,
        #: but never a target of spelling repair ("first" from "first aid" took "wirst" away from "wrist")
        self.context_vocabulary: set[str] = set()
        #: words of entries with ``spelling_repair: false`` (other languages): known, never repaired
        #: themselves, never a repair target and never a piece when a run-together word is split (Italian
        #: "di" made "diabulimia" read "di a bulimia")
        self.plain_vocabulary: set[str] = set()
        #: every (file, entry) writing each plain word, for the load-time check in :func:`read_lexicon`: a
        #: read form counts only if the same entry writes it
        self.plain_entries: dict[str, set[tuple[str, str]]] = {}

    def phrases(
        self, sources: Sequence[str], file: str, entry: str, *, context: bool = False, plain: bool = False
    ) -> tuple[Phrase, ...]:
        out: list[Phrase] = []
        vocabulary = (
            self.plain_vocabulary if plain else self.context_vocabulary if context else self.vocabulary
        )
        exceptions = self.plain_vocabulary if plain else self.context_vocabulary
        for source in sources:
            try:
                compiled = compile_phrase(source, self.words, self.slots)
            except PatternError as exc:
                raise LexiconError(file, entry, str(exc)) from exc
            out.append(Phrase(source, re.compile(compiled.regex), compiled.triggers, compiled.required))
            matched, excluded = literal_words_by_role(source)
            for word in matched:
                vocabulary.update(self.words(word))
            for word in excluded:
                exceptions.update(self.words(word))
            if plain:
                for word in (*matched, *excluded):
                    for canonical in self.words(word):
                        self.plain_entries.setdefault(canonical, set()).add((file, entry))
        return tuple(out)


def _check_plain_words(normaliser: Normaliser, compiler: _Compiler) -> None:
    """Every word of a ``spelling_repair: false`` entry must read in a message as it is written: one that an
    English respelling takes ("lesen" is read "lessen", "naan" "nan") would never match, so the loader names
    it and the form to write instead."""
    for word in sorted(compiler.plain_vocabulary):
        if not word.isalnum():
            continue
        read = normaliser.normalise(word).tokens
        if tuple(read) == (word,):
            continue
        # the read form must be written in an entry that writes the word: "naan" in one entry is not saved by
        # "nan" in another (the twenty-third session's "nan" let "naan" through anywhere)
        for file, entry in sorted(compiler.plain_entries.get(word, set())):
            if all((file, entry) in compiler.plain_entries.get(token, set()) for token in read):
                continue
            raise LexiconError(
                file,
                entry,
                f"{word!r} is read as {' '.join(read)!r} in a message: write that form too or instead",
            )


def _slots(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    raw = data.get("slots")
    if not isinstance(raw, dict):
        raise LexiconError("_slots.yml", "", "needs a 'slots' mapping")
    slots: dict[str, tuple[str, ...]] = {}
    for name, values in raw.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise LexiconError("_slots.yml", str(name), "slot names are lower_case words")
        slots[name] = _strings(values, "_slots.yml", name, "values", required=True)
    if "negator" not in slots:
        raise LexiconError("_slots.yml", "negator", "the 'negator' slot is required")
    return slots


def _normaliser(textspeak: dict[str, Any], allow: dict[str, Any]) -> Normaliser:
    maps: dict[str, dict[str, str]] = {}
    for key in ("expand", "exact", "numbers"):
        value = textspeak.get(key) or {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str | int) and isinstance(v, str) for k, v in value.items()
        ):
            raise LexiconError("_textspeak.yml", key, "must map written forms to plain words")
        maps[key] = {str(k).lower(): v.lower() for k, v in value.items()}
    words: list[str] = []
    for key in ("words", "generated"):
        words.extend(_strings(allow.get(key), "_allow.yml", key, key, required=False))
    return Normaliser(maps["expand"], maps["exact"], maps["numbers"], allow=words)


def _severity(value: object, file: str, entry: str) -> Severity:
    if not isinstance(value, str) or value not in SEVERITY_ORDER or value == "none":
        raise LexiconError(file, entry, f"severity must be concern, high or immediate, not {value!r}")
    for name in SEVERITY_ORDER:
        if name == value:
            return name
    raise AssertionError("unreachable")  # pragma: no cover


def _category(path: Path, compiler: _Compiler, seen: set[str]) -> tuple[Category, list[Entry]]:
    file = path.name
    data = _load_yaml(path)
    _check_keys(data, _CATEGORY_KEYS, file, "")
    name = data.get("category")
    if not isinstance(name, str) or name != path.stem:
        raise LexiconError(file, "", f"'category' must be {path.stem!r} (the file name)")
    parent = data.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise LexiconError(file, "", "'parent' must be a category name")
    immediacy = data.get("immediacy", False)
    if not isinstance(immediacy, bool):
        raise LexiconError(file, "", "'immediacy' must be true or false")
    may_lower = data.get("model_may_lower", False)
    if not isinstance(may_lower, bool):
        raise LexiconError(file, "", "'model_may_lower' must be true or false")
    if may_lower and name in NEVER_LOWERED:
        raise LexiconError(file, "", "suicide and self-harm phrases are never lowered by the model")
    category = Category(name, str(data.get("label") or name), parent, immediacy, file)
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list) or not raw_entries:
        raise LexiconError(file, "", "needs a non-empty 'entries' list")
    entries: list[Entry] = []
    for position, raw in enumerate(raw_entries, start=1):
        if not isinstance(raw, dict):
            raise LexiconError(file, f"entry {position}", "must be a mapping")
        entry_id = raw.get("id")
        label = entry_id if isinstance(entry_id, str) else f"entry {position}"
        if not isinstance(entry_id, str) or not _ID.match(entry_id) or not entry_id.startswith(name + "."):
            raise LexiconError(file, label, f"id must look like '{name}.short_name'")
        if entry_id in seen:
            raise LexiconError(file, entry_id, "duplicate id")
        seen.add(entry_id)
        _check_keys(raw, _ENTRY_KEYS, file, entry_id)
        if ("phrase" in raw) == ("phrases" in raw):
            raise LexiconError(file, entry_id, "give exactly one of 'phrase' or 'phrases'")
        sources = _strings(raw.get("phrase", raw.get("phrases")), file, entry_id, "phrases", required=True)
        flags = {
            key: raw.get(key, default)
            for key, default in (
                ("immediacy", immediacy),
                ("negatable", None),
                ("model_may_lower", may_lower),
                ("spelling_repair", True),
            )
        }
        for key, value in flags.items():
            if value is not None and not isinstance(value, bool):
                raise LexiconError(file, entry_id, f"'{key}' must be true or false")
        severity = _severity(raw.get("severity"), file, entry_id)
        negatable = flags["negatable"] if flags["negatable"] is not None else severity == "concern"
        if negatable and name in NEVER_LOWERED:
            raise LexiconError(file, entry_id, "suicide and self-harm phrases can never be negatable")
        if flags["model_may_lower"] and name in NEVER_LOWERED:
            raise LexiconError(file, entry_id, "suicide and self-harm phrases are never lowered by the model")
        groups = _groups(raw.get("also_needs"), compiler, file, entry_id, plain=not flags["spelling_repair"])
        entries.append(
            Entry(
                id=entry_id,
                category=name,
                severity=severity,
                # spelling_repair: false (words of other languages): the phrase words are known, so never
                # repaired themselves, but no other word is repaired into them
                phrases=compiler.phrases(sources, file, entry_id, plain=not flags["spelling_repair"]),
                examples=_strings(raw.get("examples"), file, entry_id, "examples", required=True),
                not_if=compiler.phrases(
                    _strings(raw.get("not_if"), file, entry_id, "not_if", required=False),
                    file,
                    entry_id,
                    context=True,
                    plain=not flags["spelling_repair"],
                ),
                also_needs=groups,
                also_needs_count=_needs_count(raw.get("also_needs_count"), len(groups), file, entry_id),
                subtype=str(raw.get("subtype") or ""),
                immediacy=bool(flags["immediacy"]),
                negatable=bool(negatable),
                file=file,
                model_may_lower=bool(flags["model_may_lower"]),
            )
        )
    return category, entries


def _needs_count(raw: Any, groups: int, file: str, entry_id: str) -> int | None:
    """``also_needs_count``: how many of the ``also_needs`` groups must match (all of them when absent); for
    a concept shown by any two of several signs, such as neglect."""
    if raw is None:
        return None
    if not groups:
        raise LexiconError(file, entry_id, "'also_needs_count' needs 'also_needs'")
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw <= groups:
        raise LexiconError(file, entry_id, f"'also_needs_count' must be a whole number from 1 to {groups}")
    return int(raw)


def _groups(
    raw: Any, compiler: _Compiler, file: str, entry_id: str, *, plain: bool = False
) -> tuple[tuple[Phrase, ...], ...]:
    """An entry's ``also_needs``: a list of groups, each a list of phrases (at least one must match). In a
    ``spelling_repair: false`` entry (``plain``) their words are never repair targets, as its phrases are."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw or not all(isinstance(group, list) and group for group in raw):
        raise LexiconError(file, entry_id, "'also_needs' must be a list of non-empty lists of phrases")
    return tuple(
        compiler.phrases(
            _strings(group, file, entry_id, "also_needs", required=True),
            file,
            entry_id,
            context=True,
            plain=plain,
        )
        for group in raw
    )


def _cues(data: dict[str, Any], compiler: _Compiler, names: set[str], seen: set[str]) -> list[Cue]:
    file = "_cues.yml"
    raw_cues = data.get("cues")
    if not isinstance(raw_cues, list) or not raw_cues:
        raise LexiconError(file, "", "needs a non-empty 'cues' list")
    cues: list[Cue] = []
    for position, raw in enumerate(raw_cues, start=1):
        cue_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not isinstance(cue_id, str) or not cue_id.startswith("cue."):
            raise LexiconError(file, f"cue {position}", "needs an id like 'cue.tonight'")
        if cue_id in seen:
            raise LexiconError(file, cue_id, "duplicate id")
        seen.add(cue_id)
        _check_keys(raw, _CUE_KEYS, file, cue_id)
        applies = _strings(raw.get("applies_to"), file, cue_id, "applies_to", required=True)
        unknown = sorted(set(applies) - names)
        if unknown:
            raise LexiconError(file, cue_id, f"applies_to names unknown categories: {', '.join(unknown)}")
        cues.append(
            Cue(
                id=cue_id,
                phrases=compiler.phrases(
                    _strings(raw.get("phrases"), file, cue_id, "phrases", required=True), file, cue_id
                ),
                applies_to=frozenset(applies),
                examples=_strings(raw.get("examples"), file, cue_id, "examples", required=True),
                not_if=compiler.phrases(
                    _strings(raw.get("not_if"), file, cue_id, "not_if", required=False), file, cue_id
                ),
                file=file,
                not_whole=compiler.phrases(
                    _strings(raw.get("not_whole"), file, cue_id, "not_whole", required=False), file, cue_id
                ),
            )
        )
    return cues


def _benign(data: dict[str, Any], compiler: _Compiler, seen: set[str]) -> list[BenignRule]:
    file = "_benign.yml"
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list):
        raise LexiconError(file, "", "needs a 'rules' list")
    rules: list[BenignRule] = []
    for position, raw in enumerate(raw_rules, start=1):
        rule_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(raw, dict) or not isinstance(rule_id, str) or not rule_id.startswith("benign."):
            raise LexiconError(file, f"rule {position}", "needs an id like 'benign.killing_me'")
        if rule_id in seen:
            raise LexiconError(file, rule_id, "duplicate id")
        seen.add(rule_id)
        _check_keys(raw, _BENIGN_KEYS, file, rule_id)
        sources = _strings(raw.get("phrases"), file, rule_id, "phrases", required=True)
        examples = _strings(raw.get("examples"), file, rule_id, "examples", required=True)
        not_if = compiler.phrases(
            _strings(raw.get("not_if"), file, rule_id, "not_if", required=False), file, rule_id, context=True
        )
        rules.append(BenignRule(rule_id, compiler.phrases(sources, file, rule_id), examples, file, not_if))
    return rules


def read_lexicon(directory: Path) -> Lexicon:
    """Read and compile every file in ``directory``. Raises :class:`LexiconError` on any problem."""
    if not directory.is_dir():
        raise LexiconError(str(directory), "", "lexicon folder not found")
    for shared in _SHARED:
        if not (directory / shared).is_file():
            raise LexiconError(shared, "", f"missing from {directory}")
    files = sorted(directory.glob("*.yml"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    slots = _slots(_load_yaml(directory / "_slots.yml"))
    normaliser = _normaliser(_load_yaml(directory / "_textspeak.yml"), _load_yaml(directory / "_allow.yml"))
    compiler = _Compiler(normaliser.canonical_words, slots)
    seen: set[str] = set()
    categories: dict[str, Category] = {}
    entries: list[Entry] = []
    for path in files:
        if path.name.startswith("_"):
            continue
        category, found = _category(path, compiler, seen)
        categories[category.name] = category
        entries.extend(found)
    if not entries:
        raise LexiconError(str(directory), "", "no category files found")
    for category in categories.values():
        if category.parent is not None and category.parent not in categories:
            raise LexiconError(category.file, "", f"parent {category.parent!r} is not a category")
    risk_words = set(compiler.vocabulary)
    for values in slots.values():
        for value in values:
            for word in literal_words(value):
                risk_words.update(normaliser.canonical_words(word))
    cues = _cues(_load_yaml(directory / "_cues.yml"), compiler, set(categories), seen)
    benign = _benign(_load_yaml(directory / "_benign.yml"), compiler, seen)
    known = set(compiler.vocabulary) | compiler.context_vocabulary | risk_words | NO_ENDINGS
    normaliser.set_vocabulary(
        known, {w for w in risk_words if w not in NO_ENDINGS}, compiler.plain_vocabulary
    )
    _check_plain_words(normaliser, compiler)
    negators = frozenset(normaliser.canonical_words(value)[-1] for value in slots["negator"])
    try:
        bare_plans = load_bare_plans(directory, normaliser.canonical_words)
    except BarePlanError as exc:
        raise LexiconError(FILE, "", str(exc)) from exc
    return Lexicon(
        categories=categories,
        entries=tuple(entries),
        cues=tuple(cues),
        benign=tuple(benign),
        negators=negators,
        normaliser=normaliser,
        version=digest.hexdigest()[:12],
        path=directory,
        bare_plans=bare_plans,
    )
