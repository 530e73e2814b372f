"""Turn a message as young people really write it into canonical tokens.

Every lexicon phrase goes through the same steps, so the lexicon and the messages meet in one
"canonical" form: lower case, no apostrophes, leetspeak decoded, text-speak expanded, stretched
words shortened ("hurttt" is "hurt", "dieeee" is "die", "kil" is "kill"), spaced-out letters
joined ("k i l l"), words run together split ("endmylife"), and near-misses of risk words
corrected with a bounded edit distance (never for words on the allow-list, so "cute" stays "cute").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import OSA

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201b": "'", "`": "'", "\u00b4": "'"})
_APOSTROPHE = re.compile(r"'")
_LEET_SYMBOLS = (
    (re.compile(r"@(?=[a-z])|(?<=[a-z])@"), "a"),
    (re.compile(r"\$(?=[a-z])|(?<=[a-z])\$"), "s"),
    (re.compile(r"(?<=[a-z])!(?=[a-z])"), "i"),
)
_JOINERS = re.compile(r"(?<=[a-z0-9])[-_~+](?=[a-z0-9])")
#: A word with letters starred out ("c*t", "s**cide") stays one token; see Normaliser._uncensor.
_TOKEN = re.compile(r"[a-z0-9]+(?:\*+[a-z0-9]+)*")
#: Swear words people star out; a starred word that fits one of these is never read as a risk word.
_PROFANITY = (
    "shit",
    "fuck",
    "fucking",
    "bitch",
    "damn",
    "piss",
    "pissed",
    "crap",
    "arse",
    "cunt",
    "twat",
    "dick",
    "wank",
    "wanker",
    "bollocks",
    "bastard",
    "hell",
    "slut",
    "prick",
    "bloody",
)
_REPEATS = re.compile(r"([a-z])\1+")
_LONG_REPEATS = re.compile(r"([a-z])\1{2,}")
_LEET_DIGITS = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b", "9": "g"})
_UNITS = re.compile(r"\d+(st|nd|rd|th|am|pm|s|k|m|mins?|hrs?|h|x|kg|g|mg|ml|p|yo|yrs?)")
_SINGLE_WORDS = frozenset({"i", "a", "u"})


def squeeze(word: str) -> str:
    """Collapse every run of one repeated letter to a single letter ("hurttt" -> "hurt", "kill" -> "kil")."""
    return _REPEATS.sub(r"\1", word)


def shorten(word: str) -> str:
    """Collapse runs of three or more of one letter to two ("killll" -> "kill", "sooon" -> "soon")."""
    return _LONG_REPEATS.sub(r"\1\1", word)


def _words(value: str) -> tuple[str, ...]:
    return tuple(value.split())


def surface_tokens(text: str) -> list[str]:
    """Split ``text`` into lower-case raw tokens (before any canonical rewriting)."""
    lowered = text.translate(_QUOTES)
    if not lowered.isascii():  # accents off ("café" -> "cafe"); plain ASCII needs no work
        lowered = _fold(lowered)
    lowered = lowered.lower()
    if "'" in lowered:
        lowered = _APOSTROPHE.sub("", lowered)
    if "@" in lowered or "$" in lowered or "!" in lowered:
        for pattern, letter in _LEET_SYMBOLS:
            lowered = pattern.sub(letter, lowered)
    if "-" in lowered or "_" in lowered or "~" in lowered or "+" in lowered:
        lowered = _JOINERS.sub("", lowered)
    return _join_spelled_out(_TOKEN.findall(lowered))


def _fold(text: str) -> str:
    """Non-ASCII text as plain Latin letters: accents off ("café" -> "cafe"), then the letters that have no
    accent to drop ("ł" -> "l", "ı" -> "i", "ß" -> "ss") and Cyrillic and Greek words spelt out in Latin
    ("хочу умереть" -> "khochu umeret", "θέλω" -> "thelo"), as people write them on a phone without those
    keyboards. Other scripts (Arabic, Devanagari, Chinese ...) and emoji are left alone: the tokeniser skips
    them, as before."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    if plain.isascii():
        return plain
    return "".join(_spelt_out(ch) if ord(ch) > 127 else ch for ch in plain)


@functools.lru_cache(maxsize=4096)
def _spelt_out(ch: str) -> str:
    if not unicodedata.category(ch).startswith("L"):
        return ch
    if not unicodedata.name(ch, "").startswith(READ_SCRIPTS):
        return ch
    return anyascii(ch).lower()


#: The scripts the normaliser reads (Unicode name prefixes): Latin, and Cyrillic and Greek spelt out in Latin.
READ_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")


def _join_spelled_out(tokens: list[str]) -> list[str]:
    """Join runs of three or more single letters ("k i l l" -> "kill")."""
    if sum(1 for token in tokens if len(token) == 1) < 3:  # the usual case: nothing to join
        return tokens
    out: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if len(run) >= 3:
            out.append("".join(run))
        else:
            out.extend(run)
        run = []
        if token:
            out.append(token)
    return out


@dataclass(frozen=True)
class Normalised:
    """A message in canonical form, with a way back to the words the person wrote."""

    tokens: tuple[str, ...]
    origins: tuple[int, ...]
    raw: tuple[str, ...]
    text: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", " " + " ".join(self.tokens) + " ")

    @functools.cached_property
    def _starts(self) -> tuple[int, ...]:
        """Where each token starts in :attr:`text` (worked out only when a hit needs it)."""
        starts: list[int] = []
        position = 1
        for token in self.tokens:
            starts.append(position)
            position += len(token) + 1
        return tuple(starts)

    def token_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a character span of :attr:`text` to a half-open span of token indices."""
        first = max(bisect_right(self._starts, start) - 1, 0)
        last = max(bisect_right(self._starts, max(end - 1, start)) - 1, first)
        return first, last + 1

    def surface(self, first: int, last: int) -> str:
        """Return the words as written that produced canonical tokens ``first`` to ``last`` (exclusive)."""
        if first >= last:
            return ""
        lo, hi = self.origins[first], self.origins[last - 1]
        return " ".join(self.raw[lo : hi + 1])


class Normaliser:
    """Canonicalises text. Built once from the lexicon's text-speak, allow-list and vocabulary."""

    def __init__(
        self,
        expand: Mapping[str, str],
        exact: Mapping[str, str],
        numbers: Mapping[str, str],
        allow: Iterable[str] = (),
    ) -> None:
        self._exact = {key: _words(value) for key, value in exact.items()}
        self._expand = {key: _words(value) for key, value in expand.items()}
        self._numbers = dict(numbers)
        self._allow = frozenset(allow)
        self._known: frozenset[str] = frozenset()
        self._squeezed: dict[str, str] = {}
        self._targets: list[str] = []
        self._risk: frozenset[str] = frozenset()
        self._unsplit: frozenset[str] = frozenset()
        self._cache: dict[str, tuple[str, ...]] = {}
        self._infos: dict[str, tuple[tuple[str, ...], bool, bool, str | None]] = {}

    def set_vocabulary(
        self, known: Iterable[str], risk_words: Iterable[str], plain: Iterable[str] = ()
    ) -> None:
        """Set the canonical words the lexicon uses; risk words are targets for spelling repair.

        `plain` words (from entries in other languages, ``spelling_repair: false``) are known, so never
        repaired or split themselves, but never a repair target and never a piece of a split run-together
        word; and one that English text-speak or a respelling already reads as an English word ("waan" is
        "want", "nicht" is "night", "naan" is "nan") stays read that way.
        """
        self._risk = frozenset(w for w in risk_words if len(w) >= 3)
        self._known = frozenset(known) | self._allow | frozenset(self._expand) | self._risk
        self._known |= frozenset(w for value in self._expand.values() for w in value)
        self._targets = sorted(w for w in self._risk if len(w) >= 5 and w.isalpha())
        squeezed: dict[str, str] = {}
        for word in sorted(self._known | frozenset(self._expand), key=lambda w: (w not in self._risk, w)):
            squeezed.setdefault(squeeze(word), word)
        self._squeezed = squeezed
        self._unsplit = frozenset(
            word
            for word in plain
            if word not in self._known
            and word not in self._exact
            and shorten(word) not in self._expand
            and squeeze(word) not in squeezed
        )
        self._known |= self._unsplit
        self._cache.clear()
        self._infos.clear()

    def is_known(self, word: str) -> bool:
        """Tell whether a canonical word is in the vocabulary or the allow-list."""
        return word in self._known

    def canonical_words(self, word: str) -> tuple[str, ...]:
        """Canonicalise one literal word as a lexicon author wrote it (no spelling repair; accents off and
        other letters spelt out, as in a message: "ezê" is "eze")."""
        written = word.translate(_QUOTES)
        if not written.isascii():
            written = _fold(written)
        lowered = _APOSTROPHE.sub("", written.lower())
        if lowered in self._exact:
            return self._exact[lowered]
        return self._expand.get(lowered, (lowered,))

    def normalise(self, text: str) -> Normalised:
        """Canonicalise a whole message."""
        raw = surface_tokens(text)
        known = self._infos.get
        infos = [known(token) or self._info(token) for token in raw]
        tokens: list[str] = []
        origins: list[int] = []
        index = 0
        size = len(raw)
        while index < size:
            token = raw[index]
            words, mergeable, is_word, number = infos[index]
            if mergeable and index + 1 < size:
                merged = self._merge_fragments(token, is_word, raw[index + 1], infos[index + 1])
                if merged is not None:
                    tokens.append(merged)
                    origins.append(index)
                    index += 2
                    continue
            if number is not None:
                following = raw[index + 1] if index + 1 < size else ""
                if not (following.isalpha() and following.endswith("s") and len(following) > 2):
                    words = (number,)
            tokens.extend(words)
            origins.extend([index] * len(words))
            index += 1
        return Normalised(tuple(tokens), tuple(origins), tuple(raw))

    def _info(self, token: str) -> tuple[tuple[str, ...], bool, bool, str | None]:
        """Per raw token (cached): its canonical words, whether it is letters only, whether it is a word,
        and the word its digits stand for in text-speak ("2" for "to"), if any."""
        info = self._infos.get(token)
        if info is None:
            info = (self.token(token), token.isalpha(), self._is_word(token), self._numbers.get(token))
            if len(self._infos) < 50_000:
                self._infos[token] = info
        return info

    def _merge_fragments(
        self,
        first: str,
        first_is_word: bool,
        second: str,
        second_info: tuple[tuple[str, ...], bool, bool, str | None],
    ) -> str | None:
        """Join a word split by a space ("sui cide") when one half is not a word and the whole is."""
        _, second_alpha, second_is_word, _ = second_info
        if len(first) + len(second) < 5 or not second_alpha:
            return None
        if first_is_word and second_is_word:  # the usual case: two real words
            return None
        joined = shorten(first + second)
        if joined not in self._risk or len(joined) < 5:
            return None
        return joined

    def _is_word(self, token: str) -> bool:
        if len(token) == 1:
            return token in _SINGLE_WORDS
        return token in self._known or token in self._exact

    def token(self, token: str) -> tuple[str, ...]:
        """Canonicalise one raw token (cached)."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._token(token)
            if len(self._cache) < 50_000:
                self._cache[token] = cached
        return cached

    def _uncensor(self, token: str) -> tuple[str, ...]:
        """Read a starred-out word: each ``*`` is one hidden letter ("c*t" is "cut", "k*ll" is "kill").

        A swear word that fits wins ("sh*t" is not "shot"); if no risk word fits, or more than one
        does, the stars are simply dropped.
        """
        shape = re.compile("".join("[a-z]" if ch == "*" else re.escape(ch) for ch in token))
        if any(shape.fullmatch(word) for word in _PROFANITY):
            return (token.replace("*", ""),)
        fits = [word for word in self._risk if shape.fullmatch(word)]
        if len(fits) == 1:
            return self._expand.get(fits[0], (fits[0],))
        return self._token(token.replace("*", ""))

    def _token(self, token: str) -> tuple[str, ...]:
        if "*" in token:
            return self._uncensor(token)
        if token in self._exact:
            return self._exact[token]
        if token.isdigit() or _UNITS.fullmatch(token):
            return (token,)
        if not token.isalpha():
            token = token.translate(_LEET_DIGITS)
            if token in self._exact:
                return self._exact[token]
        word = shorten(token)
        if word in self._expand:
            return self._expand[word]
        if word in self._known or not word.isalpha():
            return (word,)
        known = self._squeezed.get(squeeze(word))
        if known is not None:
            return self._expand.get(known, (known,))
        return self._repair(word)

    def _repair(self, word: str) -> tuple[str, ...]:
        """Spelling repair towards risk words, then splitting of run-together words."""
        if len(word) >= 5 and self._targets:
            limit = 1 if len(word) <= 7 else 2
            found = process.extract(word, self._targets, scorer=OSA.distance, score_cutoff=limit, limit=8)
            if found:
                # Ties: prefer the word that ends as written ("swallowd" is "swallowed", not "swallow").
                best = min(found, key=lambda item: (item[1], item[0][-1] != word[-1], item[0]))
                return (best[0],)
        if len(word) >= 6:
            pieces = self._split(word)
            if pieces:
                expanded: list[str] = []
                for piece in pieces:
                    expanded.extend(self._expand.get(piece, (piece,)))
                return tuple(expanded)
        return (word,)

    def _split(self, word: str) -> list[str] | None:
        """Split a run-together token into the fewest known words, needing at least one risk word.

        For each end position the fewest pieces and where the last piece starts are kept (not the
        pieces themselves, which made a long token quadratic in time and memory); ties go to the
        earliest start, as before.
        """
        size = len(word)
        count: list[int | None] = [None] * (size + 1)
        start_of: list[int] = [0] * (size + 1)
        count[0] = 0
        for end in range(1, size + 1):
            for start in range(max(0, end - 14), end):
                previous = count[start]
                if previous is None:
                    continue
                piece = word[start:end]
                if not (self._is_word(piece) or piece in self._expand) or piece in self._unsplit:
                    continue
                current = count[end]
                if current is None or previous + 1 < current:
                    count[end] = previous + 1
                    start_of[end] = start
        total = count[size]
        if total is None or total < 2:
            return None
        pieces: list[str] = []
        end = size
        while end > 0:
            pieces.append(word[start_of[end] : end])
            end = start_of[end]
        pieces.reverse()
        if not any(piece in self._risk for piece in pieces):
            return None
        return pieces
