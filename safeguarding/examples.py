"""Check the lexicon's own examples at load time: each one is a test case that must pass.

The caller passes the screener (this module imports no screening code, so loading has no import cycle)."""

from __future__ import annotations

from typing import Protocol

from safeguarding.assessment import Assessment
from safeguarding.lexicon import Lexicon, LexiconError


class Screens(Protocol):
    """What the checks need: a screener for the lexicon under test (``screening.Screener(lexicon)``)."""

    def screen(self, text: str) -> Assessment: ...


def example_failures(lexicon: Lexicon, screener: Screens) -> list[LexiconError]:
    """Return one error per example that does not behave as its entry, cue or rule says.

    * an entry example must give a hit of that entry, at the entry's severity;
    * a cue example must raise a risk hit to ``immediate`` through that cue;
    * a benign example must screen to ``none``.

    `screener` screens with `lexicon` alone (no learned screen): the examples test the lexicon.
    """
    problems: list[LexiconError] = []
    for entry in lexicon.entries:
        for example in entry.examples:
            found = screener.screen(example)
            hits = [m for m in found.matches if m.entry_id == entry.id]
            if not any(m.kind == "phrase" and m.severity == entry.severity for m in hits):
                why = f"set aside ({hits[0].kind})" if hits else "no match"
                problems.append(
                    LexiconError(entry.file, entry.id, f"example {example!r} does not match: {why}")
                )
    for cue in lexicon.cues:
        for example in cue.examples:
            found = screener.screen(example)
            if not any(m.entry_id == cue.id and m.kind == "immediacy" for m in found.matches):
                problems.append(
                    LexiconError(
                        cue.file, cue.id, f"example {example!r} is not raised to immediate by this cue"
                    )
                )
    for rule in lexicon.benign:
        for example in rule.examples:
            found = screener.screen(example)
            if found.severity != "none":
                problems.append(
                    LexiconError(rule.file, rule.id, f"example {example!r} still screens as {found.severity}")
                )
    return problems


def verify_examples(lexicon: Lexicon, screener: Screens) -> None:
    """Raise :class:`LexiconError` for the first failing example (its message counts the others)."""
    problems = example_failures(lexicon, screener)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more failing examples)" if len(problems) > 1 else ""
        raise LexiconError(first.file, first.entry, first.problem + more)
