"""The small phrase language clinicians write lexicon entries in, compiled to regular expressions.

    kill {self}                words; ``{self}`` is a slot defined in ``_slots.yml``
    (want|wanna) to die        ``(a|b)`` either phrase
    i [really] want to die     ``[x]`` optional words (``(x)?`` is the same)
    took ... pills             ``...`` up to four other words in between
    {digits} calories          ``{digits}`` is any number written in figures
    cut= myself                ``word=`` exactly this word, no endings (otherwise "cut" also
                               matches "cuts", "cutting", "cuttin")
    jump !(me|him)             ``!(x|y)`` not followed by these words ("going to jump" but not
                               "going to jump me")
    for after $                ``$`` the message ends here ("left it for mum for after", not "for
                               after school"); punctuation is gone by then, so it is the end of the
                               message, not of a sentence

Matching runs on canonical text (see :mod:`safeguarding.normalise`): single spaces between
tokens and one space at each end. Every compiled piece consumes its trailing space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

#: Words that never take endings (so "her" does not also match "hers" or "herd").
_NO_ENDINGS_TEXT = """
i me my mine myself you your yours yourself he him his himself she her hers herself it its we
us our ourselves they them their theirs themselves themself this that these those the and but
for nor yet with without from into onto about over under off out all any some one ones not no
too very just then than what when where who whom why how there here was were are is am be been
being has have had did does do done can could will would shall should may might must of to in
on at by up down as if or so own again ever never more most much many lot lots
"""
NO_ENDINGS = frozenset(_NO_ENDINGS_TEXT.split())
GAP_WORDS = 4

_WORDLIKE = re.compile(r"[a-z0-9]")
_TOKEN = re.compile(r"\.\.\.|!(?=\()|[()\[\]{}|?]|[^\s()\[\]{}|?]+")


class PatternError(ValueError):
    """A phrase that cannot be compiled; the message says what is wrong."""


@dataclass(frozen=True)
class Compiled:
    """A compiled phrase: regex source plus the word stems at least one of which must be present.

    ``required`` lists every such set the phrase needs at once (each set: at least one of its stems
    starts a word of the message), so a matcher can skip a phrase that cannot match without running it.
    """

    regex: str
    triggers: frozenset[str] | None  # None: no reliable trigger, always try this phrase
    required: tuple[frozenset[str], ...] = ()


def inflect(word: str) -> tuple[str, str]:
    """Return (stem, regex) for a canonical word with the usual English endings allowed."""
    if len(word) < 3 or word in NO_ENDINGS or not word.isalpha():
        return word, re.escape(word)
    if word.endswith("ie"):
        stem = word[:-2]
        return stem, f"{re.escape(stem)}(?:ie|ies|ied|ying|yin)"
    if word.endswith("e"):
        stem = word[:-1]
        return stem, f"{re.escape(stem)}(?:e|es|ed|ing|in|en)"
    if word.endswith("y") and word[-2] not in "aeiou":
        stem = word[:-1]
        return stem, f"{re.escape(stem)}(?:y|ies|ied|ying|yin)"
    last = re.escape(word[-1])
    return word, f"{re.escape(word)}(?:s|es|ed|d|ing|in|en|{last}(?:ed|ing|in|en|er))?"


class _Parser:
    def __init__(
        self,
        source: str,
        words: Callable[[str], tuple[str, ...]],
        slots: Mapping[str, Sequence[str]],
        stack: tuple[str, ...] = (),
    ) -> None:
        self.source = source
        self.items = _TOKEN.findall(source)
        self.pos = 0
        self.words = words
        self.slots = slots
        self.stack = stack

    def parse(self) -> Compiled:
        result = self._alternatives(closing=None)
        if self.pos != len(self.items):
            raise PatternError(f"unexpected {self.items[self.pos]!r} in {self.source!r}")
        if not result.regex:
            raise PatternError(f"empty phrase {self.source!r}")
        return result

    def _alternatives(self, closing: str | None) -> Compiled:
        branches = [self._sequence()]
        while self.pos < len(self.items) and self.items[self.pos] == "|":
            self.pos += 1
            branches.append(self._sequence())
        if closing is not None:
            if self.pos >= len(self.items) or self.items[self.pos] != closing:
                raise PatternError(f"missing {closing!r} in {self.source!r}")
            self.pos += 1
        if len(branches) == 1:
            return branches[0]
        triggers: frozenset[str] | None = frozenset()
        for branch in branches:
            triggers = None if branch.triggers is None or triggers is None else triggers | branch.triggers
        regex = "(?:" + "|".join(b.regex for b in branches) + ")"
        return Compiled(regex, triggers, () if triggers is None else (triggers,))

    def _sequence(self) -> Compiled:
        parts: list[str] = []
        options: list[frozenset[str]] = []
        required: list[frozenset[str]] = []
        while self.pos < len(self.items) and self.items[self.pos] not in ("|", ")", "]"):
            item = self.items[self.pos]
            self.pos += 1
            if item == "(":
                inner = self._alternatives(closing=")")
                if self.pos < len(self.items) and self.items[self.pos] == "?":
                    self.pos += 1
                    parts.append(f"(?:{inner.regex})?")
                    continue
                parts.append(inner.regex)
                required.extend(inner.required)
                if inner.triggers is not None:
                    options.append(inner.triggers)
            elif item == "[":
                inner = self._alternatives(closing="]")
                parts.append(f"(?:{inner.regex})?")
            elif item == "!":
                self.pos += 1  # the "(" that must follow (the tokeniser only splits "!" before "(")
                inner = self._alternatives(closing=")")
                parts.append(f"(?!{inner.regex})")
            elif item == "...":
                parts.append(rf"(?:\S+ ){{0,{GAP_WORDS}}}")
            elif item == "$":
                parts.append(r"$")  # every piece consumes its trailing space: the text's last one
            elif item == "{":
                slot = self._slot()
                parts.append(slot.regex)
                required.extend(slot.required)
                if slot.triggers is not None:
                    options.append(slot.triggers)
            elif item in ("}", "|", ")", "]", "?"):
                raise PatternError(f"unexpected {item!r} in {self.source!r}")
            else:
                regex, stems = self._literal(item)
                parts.append(regex)
                options.append(frozenset({max(stems, key=len)}))
                required.extend(frozenset({stem}) for stem in stems)
        if not parts:
            return Compiled("", frozenset())
        return Compiled("".join(parts), _best_trigger(options), tuple(dict.fromkeys(required)))

    def _slot(self) -> Compiled:
        if self.pos + 1 >= len(self.items) or self.items[self.pos + 1] != "}":
            raise PatternError(f"bad slot in {self.source!r}: write {{name}}")
        name = self.items[self.pos]
        self.pos += 2
        if name == "digits" and name not in self.slots:
            return Compiled(r"\d+ ", None)
        if name not in self.slots:
            raise PatternError(f"unknown slot {{{name}}} in {self.source!r}")
        if name in self.stack:
            raise PatternError(f"slot {{{name}}} refers to itself")
        values = self.slots[name]
        source = "(" + "|".join(values) + ")"
        return _Parser(source, self.words, self.slots, (*self.stack, name)).parse()

    def _literal(self, item: str) -> tuple[str, list[str]]:
        exact = item.endswith("=") and len(item) > 1
        words = self.words(item[:-1] if exact else item)
        if not words or not all(_WORDLIKE.search(word) for word in words):
            raise PatternError(f"word {item!r} has no letters in {self.source!r}")
        regex_parts: list[str] = []
        stems: list[str] = []
        for word in words:
            if exact:
                stem, regex = word, re.escape(word)
            else:
                stem, regex = inflect(word)
            regex_parts.append(regex + " ")
            stems.append(stem)
        return "".join(regex_parts), stems


def _best_trigger(options: list[frozenset[str]]) -> frozenset[str] | None:
    """Choose the most selective required element: longest shortest stem, then fewest stems."""
    if not options:
        return None
    return max(options, key=lambda keys: (min((len(k) for k in keys), default=0), -len(keys)))


def compile_phrase(
    source: str,
    words: Callable[[str], tuple[str, ...]],
    slots: Mapping[str, Sequence[str]],
) -> Compiled:
    """Compile one phrase. ``words`` canonicalises a literal word. Raises :class:`PatternError`."""
    compiled = _Parser(source, words, slots).parse()
    regex = "(?<= )" + compiled.regex
    try:
        re.compile(regex)
    except re.error as exc:  # pragma: no cover - the parser only emits valid regexes
        raise PatternError(f"cannot compile {source!r}: {exc}") from exc
    return Compiled(regex, compiled.triggers, compiled.required)


def literal_words(source: str) -> list[str]:
    """Return the literal words of a phrase (no syntax, no slots), for building the vocabulary."""
    matched, excluded = literal_words_by_role(source)
    return matched + excluded


def literal_words_by_role(source: str) -> tuple[list[str], list[str]]:
    """Split a phrase's literal words into those it matches and those after ``!`` (words it must not meet).

    The second kind ("jump !(off the diving board)") only rules a match out, so it is vocabulary but never a
    target of spelling repair ("services" in "!(services)" turned "survives" into "services").
    """
    matched: list[str] = []
    excluded: list[str] = []
    skip = False
    negated = False
    depth = 0
    for item in _TOKEN.findall(source):
        if item == "{":
            skip = True
        elif item == "}":
            skip = False
        elif item == "!":
            negated = True
        elif item == "(":
            if negated or depth:
                depth += 1
            negated = False
        elif item == ")":
            depth = max(depth - 1, 0)
        elif not skip and item not in ("[", "]", "|", "...", "?", "$"):
            word = item.rstrip("=") or item
            (excluded if depth or negated else matched).append(word)
            negated = False
    return matched, excluded
