"""Bare plans: a day or a time and a place to fall or drown from, and nothing else.

"friday. the gorge.", "sat 3am. top of the multi storey", "tomorrow 6am. the tracks behind asda": every blind
round since 36 has missed messages like these. They hold no risk word, so the lexicon's plan entries (which need
a closing word) do not read them, and the learned screens score them low because the same place and day appear in
day-out messages. What tells them apart is what the message leaves out: a day out says what it is for, who is
going, or asks a question ("friday. the gorge for the climbing club", "sat at the lake with nan?"). A message
that is nothing but a time and a drop, sent to a mental health team, is read as a plan until a person knows
otherwise: ``high`` (suicide), ``immediate`` with a time-now cue (the screen adds that).

The words live in the lexicon folder (``_bare_plans.yml``), so clinicians edit them with the rest and the lexicon
version changes with them. :func:`load_bare_plans` checks them at start-up like the rest of the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safeguarding.assessment import Match

FILE = "_bare_plans.yml"
_KEYS = ("places", "times", "now", "fillers", "not_names")
#: At most this many name words ("iffley lock", "cliffs at marsden"); more and it is not bare.
MAX_NAMES = 3
#: A longer message is never bare: it says something else too.
MAX_WORDS = 16
_TIME_TOKEN = re.compile(r"\d{1,4}(?:am|pm|st|nd|rd|th|h|hrs)?")
_NAME_TOKEN = re.compile(r"[a-z][a-z0-9]+|[a-z]\d+")
#: Fillers after which a name may follow a place: "cliffs at marsden", "the tracks behind asda".
_POSITION = frozenset({"at", "on", "by", "in", "behind", "near", "past", "beside", "outside", "off", "over", "under"})


class BarePlanError(ValueError):
    """``_bare_plans.yml`` is missing a list or holds a bad word."""


@dataclass(frozen=True)
class BarePlanWords:
    """The word lists, each phrase as canonical tokens."""

    places: frozenset[tuple[str, ...]]
    times: frozenset[tuple[str, ...]]
    now: frozenset[tuple[str, ...]]
    fillers: frozenset[tuple[str, ...]]
    not_names: frozenset[str]

    @property
    def longest(self) -> int:
        return max(len(p) for group in (self.places, self.times, self.fillers) for p in group)


@dataclass(frozen=True)
class BarePlan:
    """What made a message a bare plan: the place and the time in canonical form, and whether the time is
    now (tonight, today: immediate)."""

    place: str
    time: str
    now: bool


def load_bare_plans(directory: Path, canonical: Callable[[str], tuple[str, ...]]) -> BarePlanWords | None:
    """Read ``_bare_plans.yml`` from the lexicon folder (None when the folder has none, as in small test
    lexicons). ``canonical`` is the normaliser's ``canonical_words``, so "tmrw" in the file means "tomorrow"."""
    path = directory / FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BarePlanError(f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise BarePlanError("must map places, times, now, fillers and not_names to lists of words")
    unknown = set(data) - set(_KEYS)
    if unknown:
        raise BarePlanError(f"unknown key(s) {', '.join(sorted(unknown))}")
    lists = {key: _phrases(data.get(key), key, canonical) for key in _KEYS}
    clash = {p for p in lists["places"] if p in lists["fillers"] or p in lists["times"]}
    if clash:
        raise BarePlanError(f"{' '.join(sorted(clash)[0])!r} is both a place and a time or filler")
    stray = lists["now"] - lists["times"]
    if stray:
        raise BarePlanError(f"now: {' '.join(sorted(stray)[0])!r} must be listed in times too")
    not_names = {word for phrase in lists["not_names"] for word in phrase}  # "im" is "i am"
    return BarePlanWords(
        places=frozenset(lists["places"]),
        times=frozenset(lists["times"]),
        now=frozenset(lists["now"]),
        fillers=frozenset(lists["fillers"]),
        not_names=frozenset(not_names),
    )


def _phrases(raw: Any, key: str, canonical: Callable[[str], tuple[str, ...]]) -> set[tuple[str, ...]]:
    if not isinstance(raw, list) or not raw:
        raise BarePlanError(f"{key} must be a non-empty list of words")
    phrases: set[tuple[str, ...]] = set()
    for item in raw:
        if not isinstance(item, str) or not re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", item):
            raise BarePlanError(f"{key}: {item!r} must be lower-case words separated by single spaces")
        tokens = tuple(token for word in item.split() for token in canonical(word))
        if tokens in phrases:
            raise BarePlanError(f"{key}: {item!r} is listed twice")
        phrases.add(tokens)
    return phrases


def bare_plan(tokens: Sequence[str], written: str, words: BarePlanWords) -> BarePlan | None:
    """The place and time when ``tokens`` (a message in canonical form; ``written`` as sent) is a bare plan."""
    if "?" in written or not tokens or len(tokens) > MAX_WORDS:
        return None
    kinds, spans = _label(tokens, words)
    places = [span for span, kind in zip(spans, kinds, strict=True) if kind == "place"]
    times = [span for span, kind in zip(spans, kinds, strict=True) if kind == "time"]
    if not places or not times:
        return None
    names = 0
    for position, kind in enumerate(kinds):
        if kind != "other":
            continue
        word = " ".join(spans[position])
        if not _NAME_TOKEN.fullmatch(word) or word in words.not_names or word.endswith("ing"):
            return None
        if not _beside_place(kinds, spans, position):
            return None
        names += 1
    if names > MAX_NAMES:
        return None
    now = any(span in words.now for span in times)
    return BarePlan(place=" ".join(places[0]), time=" ".join(times[0]), now=now)


def _label(tokens: Sequence[str], words: BarePlanWords) -> tuple[list[str], list[tuple[str, ...]]]:
    """Split the tokens into runs, longest phrase first: each run a place, a time, a filler or one other word."""
    kinds: list[str] = []
    spans: list[tuple[str, ...]] = []
    start = 0
    longest = words.longest
    while start < len(tokens):
        for size in range(min(longest, len(tokens) - start), 0, -1):
            run = tuple(tokens[start : start + size])
            kind = _kind(run, words)
            if kind is not None:
                break
        else:
            run, kind = (tokens[start],), "other"
            if _TIME_TOKEN.fullmatch(tokens[start]):
                kind = "time"
        kinds.append(kind)
        spans.append(run)
        start += len(run)
    return kinds, spans


def _kind(run: tuple[str, ...], words: BarePlanWords) -> str | None:
    if run in words.places:
        return "place"
    if run in words.times:
        return "time"
    if run in words.fillers:
        return "filler"
    return None


def _beside_place(kinds: list[str], spans: list[tuple[str, ...]], position: int) -> bool:
    """A name sits right before a place ("the tyne bridge"), right after one ("lock 7"), or after a place and a
    word of position, "the" allowed between ("cliffs at marsden", "the tracks behind the asda")."""
    after = position + 1
    while after < len(kinds) and kinds[after] == "other":
        after += 1
    if after < len(kinds) and kinds[after] == "place":
        return True
    before = position - 1
    while before >= 0 and kinds[before] == "other":
        before -= 1
    if before >= 0 and kinds[before] == "place":
        return True
    while before >= 0 and kinds[before] == "filler" and spans[before] == ("the",):
        before -= 1
    if before >= 1 and kinds[before] == "filler" and spans[before][-1] in _POSITION:
        return kinds[before - 1] == "place"
    return False


def bare_plan_match(plan: BarePlan) -> Match:
    """The lexicon-level match for a bare plan (category suicide; high, or immediate when the time is now)."""
    return Match(
        category="suicide",
        severity="immediate" if plan.now else "high",
        entry_id="screen:bare_plan",
        matched=f"{plan.time} / {plan.place}",
        kind="bare_plan",
        note="only a day or time and a place to fall or drown from: read as a plan until a person knows otherwise",
    )
