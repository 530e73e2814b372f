"""The message catalogue: every text a contact can receive, per language, with placeholders.

Files live in ``flows/messages/<lang>.yml``. Each entry has ``text`` and ``budget`` (the most SMS segments
it may take once filled in). ``_samples`` holds long, realistic values for placeholders, used by the lint
that checks every text is GSM-7 and within its budget.
"""

from __future__ import annotations

import functools
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it

MESSAGES_DIR = Path(__file__).parent / "messages"
DEFAULT_LANGUAGE = "en"


class CatalogueError(Exception):
    """A catalogue file is broken or a text is missing a placeholder value."""


@dataclass(frozen=True)
class Template:
    key: str
    text: str
    budget: int

    @functools.cached_property
    def placeholders(self) -> frozenset[str]:
        """The names the text fills in (parsed once: every render checks them)."""
        return frozenset(name for _, name, _, _ in string.Formatter().parse(self.text) if name)


@dataclass(frozen=True)
class Catalogue:
    """Templates by language and key. Falls back to English when a language lacks a key."""

    languages: dict[str, dict[str, Template]]
    samples: dict[str, str]
    names: dict[str, str]

    def template(self, key: str, language: str = DEFAULT_LANGUAGE) -> Template:
        table = self.languages.get(language) or self.languages[DEFAULT_LANGUAGE]
        found = table.get(key) or self.languages[DEFAULT_LANGUAGE].get(key)
        if found is None:
            raise CatalogueError(f"no catalogue text called {key!r}")
        return found

    def render(self, key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
        """Fill in template `key`; a missing placeholder is an error, never a blank."""
        tpl = self.template(key, language)
        missing = tpl.placeholders - params.keys()
        if missing:
            raise CatalogueError(f"text {key!r} needs {', '.join(sorted(missing))}")
        return tpl.text.format(**params).strip()

    def has(self, key: str) -> bool:
        return key in self.languages[DEFAULT_LANGUAGE]


def _load_file(path: Path) -> tuple[dict[str, Template], dict[str, str], str]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise CatalogueError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path}: expected a mapping of message keys")
    samples = {str(k): str(v) for k, v in (raw.pop("_samples", None) or {}).items()}
    name = str(raw.pop("_language_name", path.stem))
    templates: dict[str, Template] = {}
    for key, entry in raw.items():
        if not isinstance(entry, dict) or "text" not in entry:
            raise CatalogueError(f"{path}: {key}: needs 'text' and 'budget'")
        budget = entry.get("budget", 1)
        if not isinstance(budget, int) or budget < 1:
            raise CatalogueError(f"{path}: {key}: budget must be a whole number of segments, 1 or more")
        templates[str(key)] = Template(str(key), str(entry["text"]), budget)
    return templates, samples, name


def load_catalogue(directory: Path = MESSAGES_DIR) -> Catalogue:
    """Load every ``<lang>.yml`` in `directory`. English must exist."""
    languages: dict[str, dict[str, Template]] = {}
    samples: dict[str, str] = {}
    names: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")):
        templates, file_samples, name = _load_file(path)
        languages[path.stem] = templates
        names[path.stem] = name
        samples.update(file_samples)
    if DEFAULT_LANGUAGE not in languages:
        raise CatalogueError(f"{directory}: no {DEFAULT_LANGUAGE}.yml")
    return Catalogue(languages, samples, names)
