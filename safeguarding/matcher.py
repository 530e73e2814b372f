"""Find lexicon hits in a normalised message: risk entries, immediacy cues and benign idioms.

Only phrases whose trigger stem occurs in the message are tried, so a message costs a handful of
regex searches however large the lexicon grows.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from safeguarding.assessment import Severity
from safeguarding.lexicon import BenignRule, Cue, Entry, Lexicon, Phrase
from safeguarding.normalise import Normalised

T = TypeVar("T")
NEGATION_WINDOW = 3
CLAUSE_BREAKS = frozenset({"and", "but", "because", "so", "or", "though", "then"})
#: Hits in these categories are set aside only when wholly inside a benign idiom; hits in other
#: categories also when at least half of the hit overlaps the idiom ("my brother beat me at chess").
STRICT_CATEGORIES = frozenset({"suicide", "self_harm"})


@dataclass(frozen=True)
class Hit:
    """One place in a message where a rule matched."""

    rule_id: str
    category: str
    severity: Severity
    first: int
    last: int
    surface: str
    kind: str
    subtype: str = ""


class PhraseIndex(Generic[T]):
    """Maps word stems to the phrases that need them.

    Every stem some phrase needs (:attr:`Phrase.required`) gets one bit; a phrase's needs are kept as
    bit masks, so checking that a message has them all costs a few integer operations.
    """

    def __init__(self, items: Iterable[tuple[T, Phrase]]) -> None:
        by_stem: dict[str, list[int]] = {}
        self._items: list[tuple[T, Phrase]] = []
        self._always: tuple[int, ...] = ()
        self._per_token: dict[str, tuple[tuple[int, ...], int]] = {}
        self._bits: dict[str, int] = {}
        self._needs: list[tuple[int, ...]] = []
        always: list[int] = []
        for order, (owner, phrase) in enumerate(items):
            self._items.append((owner, phrase))
            masks: list[int] = []
            for clause in phrase.required:
                mask = 0
                for stem in sorted(clause):
                    mask |= self._bits.setdefault(stem, 1 << len(self._bits))
                masks.append(mask)
            self._needs.append(tuple(masks))
            if phrase.triggers is None:
                always.append(order)
                continue
            for stem in phrase.triggers:
                by_stem.setdefault(stem, []).append(order)
        self._always = tuple(always)
        self._by_stem = {stem: tuple(orders) for stem, orders in by_stem.items()}
        self._longest = max((len(stem) for stem in (*self._by_stem, *self._bits)), default=1)

    def candidates(self, tokens: Sequence[str]) -> list[tuple[T, Phrase]]:
        """Return the phrases worth trying on these tokens, in lexicon order.

        A phrase is worth trying when one of its trigger stems starts a word and every set of stems
        it needs (:attr:`Phrase.required`) has a stem starting a word; any other phrase cannot match.
        """
        orders: set[int] = set(self._always)
        present = 0
        per_token = self._per_token
        for token in set(tokens):
            cached = per_token.get(token) or self._token_records(token)
            present |= cached[1]
            orders.update(cached[0])
        if not orders:
            return []
        needs = self._needs
        items = self._items
        out: list[tuple[T, Phrase]] = []
        for order in sorted(orders):
            for need in needs[order]:
                if not need & present:
                    break
            else:
                out.append(items[order])
        return out

    def _token_records(self, token: str) -> tuple[tuple[int, ...], int]:
        """The phrases (by order) one token can trigger and the bits of the needed stems that are a prefix
        of it, cached per token."""
        by_stem = self._by_stem
        bits = self._bits
        orders: list[int] = []
        mask = 0
        for size in range(1, min(len(token), self._longest) + 1):
            prefix = token[:size]
            orders.extend(by_stem.get(prefix, ()))
            mask |= bits.get(prefix, 0)
        found = (tuple(orders), mask)
        if len(self._per_token) < 50_000:
            self._per_token[token] = found
        return found


def _spans(norm: Normalised, phrase: Phrase) -> Iterable[tuple[int, int]]:
    for match in phrase.regex.finditer(norm.text):
        yield norm.token_span(match.start(), match.end())


def _any(norm: Normalised, phrases: Sequence[Phrase]) -> bool:
    return any(phrase.regex.search(norm.text) for phrase in phrases)


def _message_reason(norm: Normalised, entry: Entry) -> str:
    """Why a hit of `entry` is set aside wherever it lies in the message: a ``not_if`` phrase anywhere, or an
    ``also_needs`` group with no match anywhere; "" when neither."""
    if entry.not_if and _any(norm, entry.not_if):
        return "not_if"
    if entry.also_needs:
        needed = entry.also_needs_count or len(entry.also_needs)
        if sum(1 for group in entry.also_needs if _any(norm, group)) < needed:
            return "also_needs"
    return ""


def _whole(norm: Normalised, phrases: Sequence[Phrase]) -> bool:
    """Whether one of `phrases` is the whole message (canonical text: one space at each end)."""
    return any(phrase.regex.fullmatch(norm.text, 1) for phrase in phrases)


class _Idioms:
    """Benign hits indexed by the token they start at, so a risk span is checked only against the idioms
    that can overlap it (a long message of repeated idioms and risk words stays linear)."""

    def __init__(self, hits: Sequence[Hit]) -> None:
        self._hits = hits
        self._order = sorted(range(len(hits)), key=lambda i: hits[i].first)
        self._firsts = [hits[i].first for i in self._order]
        self._reach = max((hit.last - hit.first for hit in hits), default=0)

    def near(self, first: int, last: int) -> list[Hit]:
        """The idioms that start within reach of tokens ``first`` to ``last``, in their original order."""
        lo = bisect_right(self._firsts, first - self._reach)
        hi = bisect_left(self._firsts, last)
        return [self._hits[i] for i in sorted(self._order[lo:hi])]


class Matcher:
    """Runs a lexicon's phrases over normalised text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._entries: PhraseIndex[Entry] = PhraseIndex(
            (entry, phrase) for entry in lexicon.entries for phrase in entry.phrases
        )
        self._cues: PhraseIndex[Cue] = PhraseIndex(
            (cue, phrase) for cue in lexicon.cues for phrase in cue.phrases
        )
        self._benign: PhraseIndex[BenignRule] = PhraseIndex(
            (rule, phrase) for rule in lexicon.benign for phrase in rule.phrases
        )

    def benign(self, norm: Normalised) -> list[Hit]:
        """Spans covered by benign idioms."""
        hits: list[Hit] = []
        voided: dict[str, bool] = {}  # a rule's not_if is searched for once per message
        for rule, phrase in self._benign.candidates(norm.tokens):
            if rule.not_if:
                if rule.id not in voided:
                    voided[rule.id] = _any(norm, rule.not_if)
                if voided[rule.id]:
                    continue
            for first, last in _spans(norm, phrase):
                hits.append(Hit(rule.id, "", "none", first, last, norm.surface(first, last), "benign"))
        return hits

    def risks(self, norm: Normalised, benign: Sequence[Hit]) -> tuple[list[Hit], list[Hit]]:
        """Risk hits, one per entry, as ``(counted, set_aside)``.

        Set-aside hits lie inside a benign idiom (see :data:`STRICT_CATEGORIES`), hit an entry's
        ``not_if`` rule, lack a part its ``also_needs`` asks for, or are negated concern-level phrases
        ("im not anxious"); they are kept for the audit trail.
        """
        counted: dict[str, Hit] = {}
        set_aside: dict[str, Hit] = {}
        idioms = _Idioms(benign)
        whole: dict[str, str] = {}  # an entry's message-wide reason (not_if, also_needs), found once
        for entry, phrase in self._entries.candidates(norm.tokens):
            if entry.id in counted:
                continue
            for first, last in _spans(norm, phrase):
                surface = norm.surface(first, last)
                reason = self._set_aside_reason(norm, entry, first, last, idioms, whole)
                if reason:
                    set_aside.setdefault(
                        entry.id,
                        Hit(entry.id, entry.category, "none", first, last, surface, reason, entry.subtype),
                    )
                    continue
                counted[entry.id] = Hit(
                    entry.id, entry.category, entry.severity, first, last, surface, "phrase", entry.subtype
                )
                set_aside.pop(entry.id, None)
                break
        return list(counted.values()), list(set_aside.values())

    def _set_aside_reason(
        self, norm: Normalised, entry: Entry, first: int, last: int, idioms: _Idioms, whole: dict[str, str]
    ) -> str:
        strict = entry.category in STRICT_CATEGORIES
        for idiom in idioms.near(first, last):
            overlap = min(last, idiom.last) - max(first, idiom.first)
            inside = idiom.first <= first and last <= idiom.last
            if inside or (not strict and overlap * 2 >= last - first):
                return f"benign:{idiom.rule_id}"
        if entry.id not in whole:
            whole[entry.id] = _message_reason(norm, entry)
        if whole[entry.id]:
            return whole[entry.id]
        if entry.negatable and self._negated(norm.tokens, first):
            return "negated"
        return ""

    def _negated(self, tokens: Sequence[str], first: int) -> bool:
        """A negator shortly before the hit, with no "and"/"but" in between ("im not sad")."""
        for word in reversed(tokens[max(0, first - NEGATION_WINDOW) : first]):
            if word in CLAUSE_BREAKS:
                return False
            if word in self.lexicon.negators:
                return True
        return False

    def cues(self, norm: Normalised) -> list[tuple[Cue, Hit]]:
        """Immediacy cues present in the message (one per cue)."""
        found: dict[str, tuple[Cue, Hit]] = {}
        for cue, phrase in self._cues.candidates(norm.tokens):
            if cue.id in found:
                continue
            match = phrase.regex.search(norm.text)
            if match is None or (cue.not_if and _any(norm, cue.not_if)) or _whole(norm, cue.not_whole):
                continue
            first, last = norm.token_span(match.start(), match.end())
            found[cue.id] = (cue, Hit(cue.id, "", "immediate", first, last, norm.surface(first, last), "cue"))
        return list(found.values())
