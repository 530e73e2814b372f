"""Screen one inbound message for risk. Deterministic, no models, and it fails closed."""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, max_severity
from safeguarding.lexicon import Cue, Lexicon, load_lexicon
from safeguarding.matcher import Hit, Matcher

logger = logging.getLogger(__name__)


class Screener:
    """Screens messages against one loaded lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = Matcher(lexicon)
        self._entries = {entry.id: entry for entry in lexicon.entries}
        # A contact's recent messages come back as context with every new message they send, so their
        # scans are kept (bounded) instead of redone five times over. Results are only read, never changed.
        self._context_scan = functools.lru_cache(maxsize=2048)(self._scan)

    def _scan(self, text: str) -> tuple[list[Hit], list[Hit], list[tuple[Cue, Hit]]]:
        norm = self.lexicon.normaliser.normalise(text)
        benign = self.matcher.benign(norm)
        counted, set_aside = self.matcher.risks(norm, benign)
        used = {hit.rule_id for hit in benign if any(h.kind == f"benign:{hit.rule_id}" for h in set_aside)}
        set_aside.extend(hit for hit in benign if hit.rule_id in used)
        return counted, set_aside, self.matcher.cues(norm)

    def _raisable(self, hit: Hit, cue: Cue) -> bool:
        if hit.severity != "high":
            return False
        entry = self._entries[hit.rule_id]
        if not entry.immediacy:
            return False
        return any(name in cue.applies_to for name in self.lexicon.family(hit.category))

    def screen(self, text: str, context: Sequence[str] | None = None) -> Assessment:
        """Screen ``text``; ``context`` holds the contact's recent earlier messages, newest last."""
        counted, set_aside, cues = self._scan(text)
        matches = [_match(hit) for hit in counted]
        earlier = [self._context_scan(previous) for previous in (context or ())]
        earlier_cues = [pair for _, _, found in earlier for pair in found]
        for hit in counted:
            raised = self._raise(hit, cues, "cue in this message")
            matches.extend(raised or self._raise(hit, earlier_cues, "cue in recent messages"))
        if not any(m.severity == "immediate" for m in matches):
            for hit in (hit for found, _, _ in earlier for hit in found):
                raised = self._raise(hit, cues, "risk in recent messages, cue in this one")
                if raised:
                    matches.extend(raised)
                    break
        matches.extend(_match(hit) for hit in set_aside)
        severity = max_severity(*(m.severity for m in matches))
        categories: list[str] = []
        for match in sorted(matches, key=lambda m: -SEVERITY_ORDER[m.severity]):
            if match.severity == "none":
                continue
            for name in self.lexicon.family(match.category):
                if name not in categories:
                    categories.append(name)
        return Assessment(severity, categories, matches, lexicon_version=self.lexicon.version)

    def _raise(self, hit: Hit, cues: Sequence[tuple[Cue, Hit]], note: str) -> list[Match]:
        """Immediacy matches for every cue that raises ``hit``."""
        return [
            Match(
                hit.category,
                "immediate",
                cue.id,
                where.surface,
                kind="immediacy",
                note=f"{note}; raises {hit.rule_id}",
            )
            for cue, where in cues
            if self._raisable(hit, cue)
        ]


def _match(hit: Hit) -> Match:
    return Match(hit.category, hit.severity, hit.rule_id, hit.surface, kind=hit.kind, note=hit.subtype)


_lock = threading.Lock()
_default: Screener | None = None


def default_screener() -> Screener:
    """Return the screener for the packaged lexicon, loading it once (thread-safe)."""
    global _default
    screener = _default
    if screener is None:
        with _lock:
            if _default is None:
                _default = Screener(load_lexicon())
            screener = _default
    return screener


def screen(text: str, context: Sequence[str] | None = None) -> Assessment:
    """Screen ``text`` (with the contact's recent ``context`` messages, newest last) for risk.

    Never raises: any internal error gives a ``high`` assessment with category ``unscreened``.
    """
    try:
        return default_screener().screen(text, context)
    except Exception as exc:  # fail closed on anything
        logger.error("safeguarding screening failed: %s", type(exc).__name__)
        return Assessment.unscreened(type(exc).__name__)
