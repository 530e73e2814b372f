"""Resolve what a person types for "where do you live" to a local authority.

``resolve_area`` turns "SE15", "se15 3ab", "Demo Borough", "i live in lewisham", "near
peckham" or "bristol" into the local authority's ``Area`` row (what services and schools
use), from the area table that ``signposting.areas`` loads. Place rows (towns such as
Peckham) only help here; they are not service-area keys. The text is never logged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlalchemy import or_, select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.area_names import without_ons_suffix
from signposting.areas import A, area_key, districts_in, postcode_district
from signposting.db import execute
from signposting.models import Area

NAMED_KINDS = ("local_authority", "place")
"""The kinds ``resolve_area`` matches by name inside a sentence."""
FUZZY_THRESHOLD = 88.0
FUZZY_MIN_LENGTH = 5
"""In a sentence, a word shorter than this is not fuzzy-matched on its own ("bury" is not "burt")."""
MAX_SENTENCE_WORDS = 10
"""Longer texts are searched for postcodes and districts only, not for names."""
MAX_NAME_WORDS = 6
"""The most words of a name looked up through the index ("Bath and North East Somerset" has 5)."""

_NOISE = re.compile(r"\b(london borough of|royal borough of|borough of|city of|council|the)\b")
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


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped: "King's Lynn" -> kings lynn, "Stoke-on-Trent" -> 3 words."""
    folded = text.casefold().replace("\u2019", "'").replace("'", "").replace("&", " and ")
    return re.findall(r"[a-z0-9]+", folded)


@lru_cache(maxsize=16384)
def _name_variants(name: str) -> frozenset[str]:
    """The ways a name may be typed: as is, without an ONS suffix, a "London Borough of" or a "Council"."""
    folded = area_key(name)
    bases = {folded, without_ons_suffix(folded)}
    for base in list(bases):
        bases |= {base[len(p) :] for p in _NAME_PREFIXES if base.startswith(p)}
        bases |= {base[: -len(s)] for s in _NAME_SUFFIXES if base.endswith(s)}
    return frozenset(v for v in (" ".join(_words(b)) for b in bases) if v)


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


_STREET_WORDS = frozenset(
    [
        "street",
        "st",
        "road",
        "rd",
        "avenue",
        "ave",
        "lane",
        "ln",
        "way",
        "drive",
        "dr",
        "terrace",
        "crescent",
        "gardens",
        "square",
        "sq",
    ]
)


def _without_streets(words: Sequence[str]) -> list[str]:
    """Drop street and station names: "liverpool street station" or "leeds road" name no authority."""
    out: list[str] = []
    for word in words:
        if word.strip(_OUTER_PUNCTUATION) in _STREET_WORDS and out:
            out.pop()  # the name before it belongs to the street
            continue
        out.append(word)
    return out


async def _by_name(session: AsyncSession, text: str) -> Area | None:
    tokens = _without_streets(_tokens(text))
    if not tokens or len(tokens) > MAX_SENTENCE_WORDS:
        return None
    found = await _by_name_indexed(session, tokens)
    if found is not None:
        return found
    words = _without_streets(_words(text))
    if all(w in _FILLER for w in words):
        return None  # "ok", "hi", "i live in": nothing that could be a place
    return await _by_name_scan(session, words)
