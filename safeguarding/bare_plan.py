"""Bare plans: a day or a time and a place to fall or drown from, and nothing else.

"friday. the gorge.", "sat 3am. top of the multi storey", "tomorrow 6am. the tracks behind asda": every blind
round since 36 has missed messages like these. They hold no risk word, so the lexicon's plan entries (which
need a closing word) do not read them, and the learned screens score them low because the same place and day
appear in day-out messages. What tells them apart is what the message leaves out: a day out says what it is
for, who is going, or asks a question ("friday. the gorge for the climbing club", "sat at the lake with
nan?"), and a meeting point says where to wait ("half 3 by the canal"). A message that is nothing but a time
and a drop, sent to a mental health team, is read as a plan until a person knows otherwise: ``high``
(suicide), ``immediate`` when the time is now ("tonight. the bridge").

The words live in the lexicon folder (``_bare_plans.yml``), so clinicians edit them with the rest and the
lexicon version changes with them; :func:`load_bare_plans` checks them at start-up. A word beside a place
counts as part of its name only when it is not an everyday English word
(``safeguarding/data/common_english.txt``, written by ``scripts/common_words.py``): "iffley lock" is a name,
"bike lock" is not.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from safeguarding.assessment import Match

FILE = "_bare_plans.yml"
_KEYS = ("places", "rivers", "after_river", "times", "now", "weak_times", "fillers", "not_names")
COMMON_WORDS = Path(__file__).resolve().parent / "data" / "common_english.txt"
#: At most this many name words in all ("iffley lock", "cliffs at marsden").
MAX_NAMES = 3
#: At most this many names right before a place ("clifton suspension bridge").
_NAMES_BEFORE = 2
#: A longer message is never bare: it says something else too.
MAX_WORDS = 16
#: 6am, 11pm, 28th, 2nd: a time. Bare digits and number words are a time only as a clock reading ("at 4",
#: "half six", "5 tomorrow"): "weir 3" is a score, "train in 3" minutes, "the canal one" a choice.
_TIME_TOKEN = re.compile(r"\d{1,4}(?:am|pm|st|nd|rd|th)")
_NUMBER = re.compile(r"\d+")
_NUMBER_WORDS = frozenset(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
)
_CLOCK_BEFORE = frozenset({"at", "half", "quarter", "past", "till", "until", "around", "about", "from", "by"})
_NAME_TOKEN = re.compile(r"[a-z][a-z0-9]+|[a-z]\d+")
#: Words of position. After a place, a name may follow one ("cliffs at marsden"); before a place, those in
#: _MEETING make a meeting point ("half 3 by the canal", "over the bridge at 6").
_POSITION = frozenset(
    {
        "at",
        "on",
        "by",
        "in",
        "behind",
        "near",
        "past",
        "beside",
        "outside",
        "off",
        "over",
        "under",
        "opposite",
    }
)
_MEETING = frozenset({"by", "near", "beside", "outside", "behind", "over", "under", "opposite", "past"})
#: Where a name and its place must share a stretch of the written text: "mum. canal later" is two.
_CHUNKS = re.compile(r"(?<!\d)[.:]+|[.:]+(?!\d)|[,;!\n|/]+|\s-\s")  # not "23:00", "11.30pm"
#: Emoji that say how the writer feels keep a message bare; any other picture says what the day is for
#: ("sunday. the lake 🦆", "friday. the pier 🍟").
_FEELING = frozenset("💔😭😢😞😔🙁☹😣😖😩😫🖤🥀❤♥💙💜🤍🙏😶😐🙂")


class BarePlanError(ValueError):
    """``_bare_plans.yml`` is missing a list or holds a bad word."""


@dataclass(frozen=True)
class BarePlanWords:
    """The word lists, each phrase as canonical tokens, and the everyday English words."""

    places: frozenset[tuple[str, ...]]
    times: frozenset[tuple[str, ...]]
    now: frozenset[tuple[str, ...]]
    weak_times: frozenset[str]
    fillers: frozenset[tuple[str, ...]]
    not_names: frozenset[str]
    common: frozenset[str]

    @cached_property
    def longest(self) -> int:
        """The most words in any place, time or filler (worked out once, not per message)."""
        return max(len(p) for group in (self.places, self.times, self.fillers) for p in group)

    @cached_property
    def place_words(self) -> frozenset[str]:
        """The last word of every place: a message without one of them holds no place."""
        return frozenset(phrase[-1] for phrase in self.places)


@dataclass(frozen=True)
class BarePlan:
    """What made a message a bare plan: the place and the time in canonical form, and whether the time is
    now (tonight, today: immediate)."""

    place: str
    time: str
    now: bool


def load_bare_plans(directory: Path, canonical: Callable[[str], tuple[str, ...]]) -> BarePlanWords | None:
    """Read ``_bare_plans.yml`` from the lexicon folder (None when the folder has none, as in small test
    lexicons). ``canonical`` is the normaliser's ``canonical_words``: "tmrw" in the file means "tomorrow"."""
    path = directory / FILE
    if not path.is_file():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BarePlanError(f"not valid YAML ({exc})") from exc
    if not isinstance(data, dict):
        raise BarePlanError(f"must map {', '.join(_KEYS)} to lists of words")
    unknown = set(data) - set(_KEYS)
    if unknown:
        raise BarePlanError(f"unknown key(s) {', '.join(sorted(unknown))}")
    lists = {key: _phrases(data.get(key), key, canonical) for key in _KEYS}
    common = _common_words()
    for river in sorted(lists.pop("rivers")):
        _check_river(river, common)
        lists["places"].add(river)
    for name in sorted(lists.pop("after_river")):
        if len(name) != 1:
            written = " ".join(name)
            raise BarePlanError(f"after_river: {written!r} must be one word as the normaliser reads it")
        lists["places"].add(("river", *name))
    clash = {p for p in lists["places"] if p in lists["fillers"] or p in lists["times"]}
    if clash:
        raise BarePlanError(f"{' '.join(sorted(clash)[0])!r} is both a place and a time or filler")
    for key in ("now", "weak_times"):
        stray = lists[key] - lists["times"]
        if stray:
            raise BarePlanError(f"{key}: {' '.join(sorted(stray)[0])!r} must be listed in times too")
    return BarePlanWords(
        places=frozenset(lists["places"]),
        times=frozenset(lists["times"]),
        now=frozenset(lists["now"]),
        weak_times=frozenset(word for phrase in lists["weak_times"] for word in phrase),
        fillers=frozenset(lists["fillers"]),
        not_names=frozenset(word for phrase in lists["not_names"] for word in phrase),  # "im" is "i am"
        common=common,
    )


def _check_river(river: tuple[str, ...], common: frozenset[str]) -> None:
    """A river's name is a place on its own ("sunday. tyne."), so it must be one word that the normaliser
    leaves alone and that is not an everyday English word ("test", "wear" and "don" are rivers too)."""
    written = " ".join(river)
    if len(river) != 1:
        raise BarePlanError(f"rivers: {written!r} must be one word as the normaliser reads it")
    if river[0] in common:
        raise BarePlanError(f"rivers: {written!r} is an everyday English word, so it cannot be a place alone")


def _common_words() -> frozenset[str]:
    lines = COMMON_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


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


def bare_plan(
    tokens: Sequence[str],
    written: str,
    words: BarePlanWords,
    normalise: Callable[[str], tuple[Sequence[str], Sequence[str]]],
) -> BarePlan | None:
    """The place and time when ``written`` is a bare plan, else None. ``tokens`` is the whole message in
    canonical form (a cheap first test); ``normalise`` gives a stretch of text's canonical tokens and the
    written word behind each, so that "half 4" is a clock reading (text-speak reads a lone 4 as "for")."""
    if "?" in written or not tokens or len(tokens) > MAX_WORDS or words.place_words.isdisjoint(tokens):
        return None
    if any(_is_picture(ch) and ch not in _FEELING for ch in written if not ch.isascii()):
        return None
    places: list[tuple[str, ...]] = []
    times: list[tuple[str, ...]] = []
    names = 0
    for chunk in _CHUNKS.split(written):
        canonical, raw = normalise(chunk)
        found = _chunk(_digits_back(canonical, raw), words)  # raw: the written word behind each token
        if found is None:
            return None
        chunk_places, chunk_times, chunk_names = found
        places.extend(chunk_places)
        times.extend(chunk_times)
        names += chunk_names
    if not places or not times or names > MAX_NAMES:
        return None
    now = any(span in words.now for span in times)
    return BarePlan(place=" ".join(places[0]), time=" ".join(times[0]), now=now)


#: A stretch in quotation marks: what someone wrote or said ('her note said "sunday. the cliffs"').
_QUOTED = re.compile(r'"([^"]{4,120})"|\u201c([^\u201d]{4,120})\u201d')


def quoted(written: str) -> list[str]:
    """The stretches of ``written`` in quotation marks."""
    if '"' not in written and "\u201c" not in written:
        return []
    return [first or second for first, second in _QUOTED.findall(written)]


def _is_picture(ch: str) -> bool:
    return unicodedata.category(ch) == "So"


def _digits_back(canonical: Sequence[str], raw: Sequence[str]) -> list[str]:
    """The canonical tokens, with a lone digit put back where text-speak read it as a word ("4" -> "for")."""
    return [w if not _NUMBER.fullmatch(r) else r for w, r in zip(canonical, raw, strict=True)]


def _chunk(
    tokens: Sequence[str], words: BarePlanWords
) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]], int] | None:
    """One stretch of the message: its places, its times and its count of names, or None when it holds a word
    that is none of them, or a meeting point, or a report of where someone is now."""
    kinds, spans = _label(tokens, words)
    names = 0
    for position, kind in enumerate(kinds):
        if kind != "other":
            continue
        word = " ".join(spans[position])
        if (
            not _NAME_TOKEN.fullmatch(word)
            or word in words.not_names
            or word in words.common
            or word.endswith("ing")
            or not _beside_place(kinds, spans, position)
        ):
            return None
        names += 1
    places = [span for span, kind in zip(spans, kinds, strict=True) if kind == "place"]
    times = [span for span, kind in zip(spans, kinds, strict=True) if kind == "time"]
    for position, kind in enumerate(kinds):
        if kind == "place" and _position_before(kinds, spans, position) in _MEETING:
            return None  # "half 3 by the canal": where to wait
    placed = any(_position_before(kinds, spans, p) for p, kind in enumerate(kinds) if kind == "place")
    if places and times and placed and all(span in words.now for span in times):
        return None  # "at the bridge now", "on the motorway now x": where someone is, for the lexicon
    return places, times, names


def _position_before(kinds: list[str], spans: list[tuple[str, ...]], position: int) -> str | None:
    """The word of position right before a place ("by the canal", "at iffley lock"), if any; not one that
    follows another place, which only says where the first place is ("the footbridge over the motorway")."""
    before = position - 1
    while before >= 0 and (spans[before] == ("the",) or kinds[before] == "other"):
        before -= 1
    if before >= 0 and kinds[before] == "filler" and spans[before][-1] in _POSITION:
        if before >= 1 and kinds[before - 1] == "place":
            return None
        return spans[before][-1]
    return None


def _label(tokens: Sequence[str], words: BarePlanWords) -> tuple[list[str], list[tuple[str, ...]]]:
    """Split the tokens into runs, longest phrase first: each run a place, a time, a filler or one other word.
    A weak time right before a word of position is a verb or a thing ("sat by the river", "sun on the lake");
    a number is a time only as a clock reading."""
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
            elif _NUMBER.fullmatch(tokens[start]):
                kind = "filler"
        word = run[0]
        following = tokens[start + len(run)] if start + len(run) < len(tokens) else ""
        if kind == "time" and len(run) == 1 and word in words.weak_times and following in _POSITION:
            kind = "other"
        if len(run) == 1 and (_NUMBER.fullmatch(word) or word in _NUMBER_WORDS):
            kind = _number(word, spans[-1][-1] if spans else "", following, kinds[-1] if kinds else "", words)
        kinds.append(kind)
        spans.append(run)
        start += len(run)
    return kinds, spans


def _number(word: str, previous: str, following: str, previous_kind: str, words: BarePlanWords) -> str:
    """A number is a time as a clock reading ("at 4", "half six", "5 tomorrow", "23:00"), part of a name right
    after a place ("lock 7", "pier 39"), and otherwise says nothing ("weir 3"); a number word is a word."""
    digits = _NUMBER.fullmatch(word) is not None
    if previous_kind == "place":
        return "other"
    if (
        previous in _CLOCK_BEFORE
        or _kind((following,), words) == "time"
        or (digits and (_NUMBER.fullmatch(following) or _TIME_TOKEN.fullmatch(following)))
    ):
        return "time"
    return "filler" if digits else "other"


def _kind(run: tuple[str, ...], words: BarePlanWords) -> str | None:
    if run in words.places:
        return "place"
    if run in words.times:
        return "time"
    if run in words.fillers:
        return "filler"
    return None


def _beside_place(kinds: list[str], spans: list[tuple[str, ...]], position: int) -> bool:
    """A name sits right before a place, at most two of them ("the tyne bridge", "clifton suspension bridge"),
    is the one word after "river" ("the river kelvin"), or is the one word after a place and a word of
    position ("cliffs at marsden", "the tracks behind asda"). A word right after another place, or after
    "the", says what the place is for or what happens there ("the pier.
    chips after", "trent bridge in the rain", "lock in time. mocks next week")."""
    after = position + 1
    while after < len(kinds) and kinds[after] == "other" and after - position < _NAMES_BEFORE:
        after += 1
    if after < len(kinds) and kinds[after] == "place":
        return True
    if (
        position >= 1
        and spans[position - 1] == ("river",)
        and (position + 1 == len(kinds) or kinds[position + 1] != "other")
    ):
        return True  # "the river kelvin": a river's name that rivers does not list
    return (
        position >= 2
        and kinds[position - 1] == "filler"
        and spans[position - 1][-1] in _POSITION
        and kinds[position - 2] == "place"
        and (position + 1 == len(kinds) or kinds[position + 1] != "other")
    )


def bare_plan_match(plan: BarePlan) -> Match:
    """The lexicon-level match for a bare plan (category suicide; high, or immediate when the time is now)."""
    return Match(
        category="suicide",
        severity="immediate" if plan.now else "high",
        entry_id="screen:bare_plan",
        matched=f"{plan.time} / {plan.place}",
        kind="bare_plan",
        note=(
            "only a day or time and a place to fall or drown from:"
            " read as a plan until a person knows otherwise"
        ),
    )
