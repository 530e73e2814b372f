"""The risk lexicon as loaded objects (read by ``reader.py``; ``screening.load_lexicon`` validates it or
refuses to start). Imports no other module of the lexicon's own loading or screening.

The lexicon lives in ``safeguarding/lexicon/``: one YAML file per category plus shared files
(``_slots.yml``, ``_textspeak.yml``, ``_cues.yml``, ``_benign.yml``, ``_allow.yml``). See
``docs/safeguarding-lexicon.md`` for how clinicians edit it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from safeguarding.assessment import Severity
from safeguarding.bare_plan import BarePlanWords
from safeguarding.normalise import Normaliser

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"


class LexiconError(ValueError):
    """The lexicon is invalid. The message names the file, the entry and the problem."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        where = f"{file}: {entry}" if entry else file
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Phrase:
    """One compiled phrase of an entry, cue or benign rule."""

    source: str
    regex: re.Pattern[str]
    triggers: frozenset[str] | None
    #: Stem sets that must all be present (one stem of each starting a word) for the phrase to match.
    required: tuple[frozenset[str], ...] = ()


@dataclass(frozen=True)
class Category:
    """A risk category (one lexicon file)."""

    name: str
    label: str
    parent: str | None
    immediacy: bool
    file: str


@dataclass(frozen=True)
class Entry:
    """A risk phrase (or several wordings of one idea) with its severity and test examples."""

    id: str
    category: str
    severity: Severity
    phrases: tuple[Phrase, ...]
    examples: tuple[str, ...]
    not_if: tuple[Phrase, ...]
    subtype: str
    immediacy: bool
    negatable: bool
    file: str
    #: A ``high`` hit of this entry may be lowered to ``concern`` when the learned screen is confident
    #: the message is everyday (``model_may_lower`` in the category file or the entry); never suicide
    #: or self-harm.
    model_may_lower: bool = False
    #: Groups of phrases that must each have a match somewhere in the same message for a hit to count
    #: (``also_needs``): a concept made of parts in any order, e.g. a ligature point and a ligature in one
    #: message. A hit without them is set aside (reason ``also_needs``), kept for the audit trail.
    also_needs: tuple[tuple[Phrase, ...], ...] = ()
    #: How many of the ``also_needs`` groups must match (``also_needs_count``); None: all of them. "Any two
    #: of these signs" (abuse.neglect_signs).
    also_needs_count: int | None = None


@dataclass(frozen=True)
class Cue:
    """An immediacy cue (time, means, farewell, presence) that raises a risk hit to ``immediate``."""

    id: str
    phrases: tuple[Phrase, ...]
    applies_to: frozenset[str]
    examples: tuple[str, ...]
    not_if: tuple[Phrase, ...]
    file: str
    #: Phrases that void the cue only when one of them is the whole message ("what happens now", asked after
    #: a disclosure): unlike ``not_if``, a time word elsewhere in a longer message still counts.
    not_whole: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class BenignRule:
    """An everyday idiom with a risky word ("this revision is killing me"); hits inside it are ignored."""

    id: str
    phrases: tuple[Phrase, ...]
    examples: tuple[str, ...]
    file: str
    #: phrases that, anywhere in the message, stop this rule setting anything aside (the writer is in it:
    #: "county lines talk in pshe today ... thats what im doing")
    not_if: tuple[Phrase, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    """Everything screening needs, validated."""

    categories: dict[str, Category]
    entries: tuple[Entry, ...]
    cues: tuple[Cue, ...]
    benign: tuple[BenignRule, ...]
    negators: frozenset[str]
    normaliser: Normaliser
    version: str
    path: Path
    #: The words of ``_bare_plans.yml`` (safeguarding/bare_plan.py); None when the folder has none.
    bare_plans: BarePlanWords | None = None

    def entry(self, entry_id: str) -> Entry:
        """Return the entry with this id (``KeyError`` if none)."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        raise KeyError(entry_id)

    def family(self, category: str) -> tuple[str, ...]:
        """Return the category and its parents, nearest first (e.g. ``forced_marriage``, ``abuse``)."""
        chain: list[str] = []
        current: str | None = category
        while current is not None and current not in chain:
            chain.append(current)
            found = self.categories.get(current)
            current = found.parent if found else None
        return tuple(chain)
