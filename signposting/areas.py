"""Area lookup: postcode districts, local authority names or codes, and well-known places.

A small table ships in ``data/areas.csv`` (columns ``kind,code,name,local_authority_code,
local_authority_name``); teams can import more rows of the same shape with
``load_areas``. ``kind`` is ``local_authority``, ``postcode_district`` or ``place`` (a
town or neighbourhood that is not an authority, such as Peckham, and the authority it is
in). ``resolve_area`` turns what a person types ("SE15", "se15 3ab", "Demo Borough",
"i live in lewisham", "near peckham", "bristol") into the local authority row, which is
what services and schools use. Place rows only help ``resolve_area``: they are not
service-area keys, so search is the same with or without them.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import CompoundSelect, String, bindparam, delete, literal, or_, select, union
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.models import Area, area_table

A = area_table.c

DATA_DIR = Path(__file__).parent / "data"
AREAS_CSV = DATA_DIR / "areas.csv"
AREA_COLUMNS = ("kind", "code", "name", "local_authority_code", "local_authority_name")
AREA_KINDS = ("local_authority", "postcode_district", "place")
SEARCH_AREA_KINDS = ("local_authority", "postcode_district")
"""The kinds whose codes and names are service-area keys (``area_keys``); places are not."""
NAMED_KINDS = ("local_authority", "place")
"""The kinds ``resolve_area`` matches by name inside a sentence."""
FUZZY_THRESHOLD = 88.0
FUZZY_MIN_LENGTH = 5
"""In a sentence, a word shorter than this is not fuzzy-matched on its own ("bury" is not "burt")."""
MAX_SENTENCE_WORDS = 10
"""Longer texts are searched for postcodes and districts only, not for names."""
MAX_NAME_WORDS = 6
"""The most words of a name looked up through the index ("Bath and North East Somerset" has 5)."""

_FULL_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_FULL_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)\s*[0-9][A-Z]{2}\b")
_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?)(?:\s*[0-9][A-Z]{2})?\b")
_NOISE = re.compile(r"\b(london borough of|royal borough of|borough of|city of|council|the)\b")
# ONS names put some qualifiers last: "Bristol, City of", "Herefordshire, County of".
_ONS_SUFFIX = re.compile(r",\s*(?:city|county)\s+of\s*$")
_ONS_SUFFIXES = (", city of", ", county of")
_OUTER_PUNCTUATION = '.,;:!?"()[]'
_NAME_PREFIXES = ("london borough of ", "royal borough of ", "metropolitan borough of ", "borough of ")
_NAME_SUFFIXES = (" borough council", " city council", " county council", " district council", " council")
# Words that say nothing about where: "i live in", "im from", "near", "the borough of", "council".
_FILLER = frozenset(
    [
        "a",
        "about",
        "an",
        "and",
        "am",
        "are",
        "area",
        "around",
        "at",
        "based",
        "borough",
        "by",
        "city",
        "close",
        "code",
        "council",
        "county",
        "district",
        "from",
        "hello",
        "hi",
        "i",
        "im",
        "in",
        "is",
        "it",
        "its",
        "just",
        "live",
        "lives",
        "living",
        "london",
        "me",
        "my",
        "near",
        "next",
        "nr",
        "of",
        "ok",
        "okay",
        "our",
        "outside",
        "part",
        "please",
        "post",
        "postcode",
        "royal",
        "stay",
        "staying",
        "thank",
        "thanks",
        "the",
        "to",
        "town",
        "we",
        "were",
        "you",
    ]
)


_SEARCH_KIND = or_(*(A.kind == kind for kind in SEARCH_AREA_KINDS))
"""Plain binds, not an expanding IN, so ``area_keys_query`` compiles once for search."""


def area_key(text: str) -> str:
    """Normalise an area name or code for matching: case-folded, single spaces."""
    return re.sub(r"\s+", " ", text).strip().casefold()


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped: "King's Lynn" -> kings lynn, "Stoke-on-Trent" -> 3 words."""
    folded = text.casefold().replace("\u2019", "'").replace("'", "").replace("&", " and ")
    return re.findall(r"[a-z0-9]+", folded)


@lru_cache(maxsize=16384)
def _name_variants(name: str) -> frozenset[str]:
    """The ways a name may be typed: as is, without an ONS suffix, a "London Borough of" or a "Council"."""
    folded = area_key(name)
    bases = {folded, _ONS_SUFFIX.sub("", folded)}
    for base in list(bases):
        bases |= {base[len(p) :] for p in _NAME_PREFIXES if base.startswith(p)}
        bases |= {base[: -len(s)] for s in _NAME_SUFFIXES if base.endswith(s)}
    return frozenset(v for v in (" ".join(_words(b)) for b in bases) if v)


def postcode_district(text: str) -> str | None:
    """Return the district ("SE15") of a full postcode or district, or ``None``."""
    compact = re.sub(r"\s+", " ", text.strip().upper())
    full = _FULL_POSTCODE.match(compact)
    if full:
        return full.group(1)
    if _DISTRICT.match(compact.replace(" ", "")):
        return compact.replace(" ", "")
    return None


def districts_in(text: str, full_only: bool = False) -> list[str]:
    """Postcode districts written anywhere in ``text``, in order: "my postcode is se15 3ab" -> SE15.

    With ``full_only``, only those of full postcodes ("se15 3ab", not a bare "se15").
    """
    pattern = _FULL_POSTCODE_IN_TEXT if full_only else _POSTCODE_IN_TEXT
    return list(dict.fromkeys(m.group(1) for m in pattern.finditer(text.upper())))


class AreaFileError(ValueError):
    """An areas CSV has a problem; the message is ``file:row: message``."""


def read_area_rows(path: Path) -> list[Area]:
    """Read and validate an areas CSV into unsaved ``Area`` rows."""
    rows: list[Area] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in AREA_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise AreaFileError(f"{path.name}:1: missing columns: {', '.join(missing)}")
        for record in reader:
            line = reader.line_num
            values = {c: (record.get(c) or "").strip() for c in AREA_COLUMNS}
            if values["kind"] not in AREA_KINDS:
                raise AreaFileError(f"{path.name}:{line}: kind must be one of {', '.join(AREA_KINDS)}")
            if not all(values.values()):
                raise AreaFileError(f"{path.name}:{line}: every column needs a value")
            if values["kind"] == "postcode_district" and postcode_district(values["code"]) is None:
                raise AreaFileError(f"{path.name}:{line}: {values['code']!r} is not a postcode district")
            rows.append(
                Area(
                    kind=values["kind"],
                    code=values["code"],
                    name=values["name"],
                    code_key=area_key(values["code"]),
                    name_key=area_key(values["name"]),
                    local_authority_code=values["local_authority_code"],
                    local_authority_name=values["local_authority_name"],
                )
            )
    return rows


async def load_areas(session: AsyncSession, path: Path = AREAS_CSV) -> int:
    """Upsert the rows of an areas CSV (replacing rows with the same kind and code). Flushes only."""
    rows = read_area_rows(path)
    for row in rows:
        await execute(session, delete(area_table).where(A.kind == row.kind, A.code_key == row.code_key))
    session.add_all(rows)
    await session.flush()
    return len(rows)


async def _authority(session: AsyncSession, code: str) -> Area | None:
    result = await execute(
        session, select(Area).where(A.kind == "local_authority", A.local_authority_code == code)
    )
    found: Area | None = result.scalars().first()
    return found


Hit = tuple[str, str, int]
"""A name match: (kind, local_authority_code, row id)."""


async def _pick(session: AsyncSession, hits: Sequence[Hit]) -> Area | None:
    """The one authority the hits agree on (an authority's own name beats a place), else ``None``.

    Returns the authority's row, or the matched row itself when its authority has no row.
    Two different authorities ("lambeth or southwark") give ``None``: we cannot tell which.
    """
    best = [h for h in hits if h[0] == "local_authority"] or list(hits)
    codes = {h[1] for h in best}
    if len(codes) != 1:
        return None
    authority = await _authority(session, codes.pop())
    if authority is not None:
        return authority
    result = await execute(session, select(Area).where(A.id == best[0][2]))
    found: Area | None = result.scalars().first()
    return found


async def _by_district(session: AsyncSession, districts: Sequence[str]) -> Area | None:
    """The first of ``districts`` that is a known postcode district, as its authority."""
    if not districts:
        return None
    keys = [area_key(d) for d in districts]
    result = await execute(session, select(Area).where(A.kind == "postcode_district", A.code_key.in_(keys)))
    rows = {row.code_key: row for row in result.scalars().all()}
    for key in keys:
        row: Area | None = rows.get(key)
        if row is not None:
            return await _authority(session, row.local_authority_code) or row
    return None


def _phrases(words: Sequence[str], longest: int) -> Iterable[list[str]]:
    """The word n-grams of ``words``, grouped by length, longest first; one filler word alone is skipped."""
    for n in range(min(longest, len(words)), 0, -1):
        grams = [" ".join(words[i : i + n]) for i in range(len(words) - n + 1)]
        yield [g for g in grams if n > 1 or g not in _FILLER]


def _tokens(text: str) -> list[str]:
    """Words as typed (case-folded, outer punctuation dropped), to compare with stored ``name_key``s."""
    folded = area_key(text.replace("\u2019", "'").replace("&", " and "))
    return [t for t in (w.strip(_OUTER_PUNCTUATION) for w in folded.split(" ")) if t]


async def _by_name_indexed(session: AsyncSession, words: Sequence[str]) -> Area | None:
    """An authority or place named exactly in the sentence, found through the ``name_key`` index.

    Each phrase is tried as written and with the ONS suffixes (so "bristol" finds "Bristol, City of").
    """
    length: dict[str, int] = {}
    for grams in _phrases(words, MAX_NAME_WORDS):
        for gram in grams:
            for key in (gram, *(gram + suffix for suffix in _ONS_SUFFIXES)):
                length.setdefault(key, gram.count(" ") + 1)
    if not length:
        return None
    result = await execute(
        session,
        select(A.id, A.kind, A.name_key, A.local_authority_code).where(
            A.kind.in_(NAMED_KINDS), A.name_key.in_(list(length))
        ),
    )
    rows = result.all()
    if not rows:
        return None
    longest = max(length[row.name_key] for row in rows)
    hits = [(row.kind, row.local_authority_code, row.id) for row in rows if length[row.name_key] == longest]
    return await _pick(session, hits)


async def _by_name_scan(session: AsyncSession, words: Sequence[str]) -> Area | None:
    """Names compared loosely: punctuation, "London Borough of" and "Council" ignored; small typos allowed."""
    result = await execute(
        session, select(A.id, A.kind, A.name, A.local_authority_code).where(A.kind.in_(NAMED_KINDS))
    )
    index: dict[str, list[Hit]] = {}
    for row in result.all():
        hit: Hit = (row.kind, row.local_authority_code, row.id)
        for variant in _name_variants(row.name):
            index.setdefault(variant, []).append(hit)
    if not index:
        return None
    longest = max(v.count(" ") + 1 for v in index)
    for grams in _phrases(words, longest):
        hits = [hit for g in grams for hit in index.get(g, ())]
        if hits:  # the longest name named wins
            return await _pick(session, hits)
    # Small typos ("southwak"): the sentence without filler, and in a short one its words and pairs.
    content = [w for w in words if w not in _FILLER]
    candidates = {" ".join(content)} if content else set()
    if len(content) <= 3:
        candidates |= {w for w in content if len(w) >= FUZZY_MIN_LENGTH}
        candidates |= {" ".join(content[i : i + 2]) for i in range(len(content) - 1)}
    choices = list(index)
    scored = [
        (score, choice)
        for candidate in candidates
        for choice, score, _ in process.extract(
            candidate, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD, limit=3
        )
    ]
    if not scored:
        return None
    top = max(score for score, _ in scored)
    return await _pick(session, [hit for score, choice in scored if score == top for hit in index[choice]])


async def resolve_area(session: AsyncSession, text: str) -> Area | None:
    """Resolve what a person typed for "where do you live" to its local authority's ``Area`` row.

    In order: a district or a full postcode anywhere in the text ("my postcode is se15 3ab");
    the whole text as an authority name or code ("Demo Borough", "E09000023"); an authority or
    a known place named in a short sentence, ignoring filler and ONS suffixes ("i live in
    lewisham", "near peckham", "bristol" for "Bristol, City of"), else a fuzzy match for small
    typos ("southwak"); then a bare district inside a sentence ("im in se15"). The longest
    name named wins; two different authorities give ``None``.

    Returns the local authority's row (``local_authority_name`` is what search takes), or for
    a district or place whose authority has no row of its own, that row. ``None`` if unknown.
    The text is never logged or stored.
    """
    if not text or not text.strip():
        return None
    whole = postcode_district(text)
    found = await _by_district(session, [whole] if whole else districts_in(text, full_only=True))
    if found is not None:
        return found
    key = area_key(text)
    cleaned = area_key(_NOISE.sub(" ", key))
    result = await execute(
        session,
        select(Area).where(
            A.kind == "local_authority",
            or_(A.name_key.in_([key, cleaned]), A.code_key == key),
        ),
    )
    row: Area | None = result.scalars().first()
    if row is not None:
        return row
    found = await _by_name(session, text)
    if found is not None:
        return found
    # A bare district inside a sentence ("im in se15") counts last: "leeds m8" is Leeds.
    return await _by_district(session, districts_in(text))


async def _by_name(session: AsyncSession, text: str) -> Area | None:
    tokens = _tokens(text)
    if not tokens or len(tokens) > MAX_SENTENCE_WORDS:
        return None
    found = await _by_name_indexed(session, tokens)
    if found is not None:
        return found
    words = _words(text)
    if all(w in _FILLER for w in words):
        return None  # "ok", "hi", "i live in": nothing that could be a place
    return await _by_name_scan(session, words)


async def area_keys(session: AsyncSession, area: str) -> list[str]:
    """All service-area keys that count as "in" ``area`` (a local authority name or code).

    That is the area itself, the authority's name and code, and its postcode districts,
    found in one indexed query.
    """
    key = area_key(area)
    authority = select(A.local_authority_code).where(
        A.kind == "local_authority", or_(A.name_key == key, A.code_key == key)
    )
    result = await execute(
        session,
        select(A.code_key, A.name_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
    )
    keys = {key}
    for row in result.all():
        keys |= {row.code_key, row.name_key}
    return sorted(keys)


def area_keys_query(extra: tuple[str, ...] = ()) -> CompoundSelect[Any]:
    """The same keys as ``area_keys``, as a subquery with bind parameter ``area_key``
    (the ``area_key()`` of the area), so search needs no extra round trip. ``extra`` keys
    (such as the national token) are added as literals."""
    key = bindparam("area_key", type_=String())
    authority = select(A.local_authority_code).where(
        A.kind == "local_authority", or_(A.name_key == key, A.code_key == key)
    )
    return union(
        select(key),
        *(select(literal(value, String())) for value in extra),
        select(A.code_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
        select(A.name_key).where(A.local_authority_code.in_(authority), _SEARCH_KIND),
    )
