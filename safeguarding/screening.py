"""Screen one inbound message for risk: the lexicon, then the learned screen. Deterministic; fails closed.

The lexicon decides first. The learned screen (:mod:`safeguarding.classifier`) runs when the lexicon
found less than ``immediate``, and its decision can only raise the lexicon's: a confident ``immediate``
hit makes a ``none``, ``concern`` or ``high`` text ``immediate``; below ``high`` a confident flagged hit makes
the text ``high`` (``immediate`` when one of the lexicon's immediacy cues is in the same message) and a
weaker one makes a ``none`` text ``concern`` (on a text the lexicon calls ``concern``, ``high`` needs only
the model's lower ``lexicon_concern_threshold`` when it has one); where a benign idiom set a lexicon hit
aside, ``concern`` at most. The one exception: on a lexicon ``high`` that the model does not raise it may
lower, and only to ``concern`` (review list), when every high hit is in a category the clinicians allow
(``model_may_lower``; never suicide or self-harm) and it is confident the message is everyday ("the knife
crime assembly was good"). ``immediate`` is never changed.
Its hit is a match of kind ``model`` listing the n-grams that pushed it. Any error in either layer
makes :func:`screen` return ``high`` / ``unscreened``.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match, Severity, max_severity
from safeguarding.bare_plan import bare_plan, bare_plan_match, quoted
from safeguarding.classifier import Classifier, Verdict
from safeguarding.examples import verify_examples
from safeguarding.identity import is_identity_statement
from safeguarding.lexicon import DEFAULT_LEXICON_DIR, Cue, Lexicon
from safeguarding.matcher import Hit, Matcher
from safeguarding.model_file import DEFAULT_MODEL_PATH
from safeguarding.model_input import model_text
from safeguarding.model_table import load_compact
from safeguarding.reader import read_lexicon
from safeguarding.unread_script import unread_match, unread_script

logger = logging.getLogger(__name__)


class Screener:
    """Screens messages against one loaded lexicon."""

    def __init__(self, lexicon: Lexicon, classifier: Classifier | None = None) -> None:
        self.lexicon = lexicon
        self.classifier = classifier
        self.matcher = Matcher(lexicon)
        self._entries = {entry.id: entry for entry in lexicon.entries}
        # A contact's recent messages come back as context with every new message they send, so their
        # scans are kept (bounded) instead of redone five times over. Results are only read, never changed.
        self._context_scan = functools.lru_cache(maxsize=2048)(self._scan)

    def _scan(self, text: str) -> tuple[list[Hit], list[Hit], list[tuple[Cue, Hit]], str]:
        norm = self.lexicon.normaliser.normalise(text)
        benign = self.matcher.benign(norm)
        counted, set_aside = self.matcher.risks(norm, benign)
        used = {hit.rule_id for hit in benign if any(h.kind == f"benign:{hit.rule_id}" for h in set_aside)}
        set_aside.extend(hit for hit in benign if hit.rule_id in used)
        return counted, set_aside, self.matcher.cues(norm), norm.text

    def _written_tokens(self, text: str) -> tuple[tuple[str, ...], list[str]]:
        """Canonical tokens and the written word behind each."""
        norm = self.lexicon.normaliser.normalise(text)
        return norm.tokens, [norm.raw[origin] for origin in norm.origins]

    def _canonical(self, text: str) -> str:
        return self.lexicon.normaliser.normalise(text).text

    def _raisable(self, hit: Hit, cue: Cue, *, earlier: bool = False) -> bool:
        # An earlier message's immediate hit counts too: "i have the pills and the rope ready", then
        # "it is happening tonight" is danger now, although this message alone says nothing.
        if hit.severity != "high" and not (earlier and hit.severity == "immediate"):
            return False
        entry = self._entries[hit.rule_id]
        if not entry.immediacy:
            return False
        return any(name in cue.applies_to for name in self.lexicon.family(hit.category))

    def screen(self, text: str, context: Sequence[str] | None = None) -> Assessment:
        """Screen ``text``; ``context`` holds the contact's recent earlier messages, newest last."""
        counted, set_aside, cues, canonical = self._scan(text)
        matches = [_match(hit) for hit in counted]
        earlier = [self._context_scan(previous) for previous in (context or ())]
        earlier_cues = [pair for _, _, found, _ in earlier for pair in found]
        for hit in counted:
            raised = self._raise(hit, cues, "cue in this message")
            matches.extend(raised or self._raise(hit, earlier_cues, "cue in recent messages"))
        if not any(m.severity == "immediate" for m in matches):
            for hit in (hit for found, _, _, _ in earlier for hit in found):
                raised = self._raise(hit, cues, "risk in recent messages, cue in this one", earlier=True)
                if raised:
                    matches.extend(raised)
                    break
        matches.extend(_match(hit) for hit in set_aside)
        if max_severity(*(m.severity for m in matches)) in ("none", "concern"):
            matches.extend(self._bare_plan(text, canonical))
        severity = max_severity(*(m.severity for m in matches))
        categories: list[str] = []
        for match in sorted(matches, key=lambda m: -SEVERITY_ORDER[m.severity]):
            if match.severity == "none":
                continue
            for name in self.lexicon.family(match.category):
                if name not in categories:
                    categories.append(name)
        verdict: Verdict | None = None
        judged = (
            model_text(text, canonical, self._canonical)
            if self.classifier is not None and severity != "immediate" and not _says_only_who(text, severity)
            else None
        )
        if self.classifier is not None and judged is not None:
            verdict = self.classifier.judge(judged, explain_above=severity)
            if severity == "concern":
                verdict = self._on_lexicon_concern(verdict, judged)
            # A benign idiom sets aside only the lexicon hit it covers; the model reads the whole message
            # (no cap since round 38: docs/safeguarding-model.md).
        raises = verdict is not None and SEVERITY_ORDER[verdict.severity] > SEVERITY_ORDER[severity]
        flagged = None if verdict is None else verdict.probabilities.flagged
        if self.classifier is not None and severity == "high" and not raises:
            lowered = self._lowered(matches, canonical)
            if lowered is not None:
                version = self.lexicon.version
                return Assessment(
                    "concern", categories, lowered, lexicon_version=version, model_flagged=flagged
                )
        if verdict is not None and raises:
            matches.append(self._model_match(verdict))
            severity = verdict.severity
            categories.append(MODEL_CATEGORY)
            if severity == "high" and cues:
                # The model found risk; the lexicon's immediacy cues say when (tonight, pills in hand,
                # on the bridge): as for a lexicon hit, a cue in the same message makes it immediate.
                cue, where = cues[0]
                note = "cue in this message; raises the model's hit"
                matches.append(
                    Match(MODEL_CATEGORY, "immediate", cue.id, where.surface, kind="immediacy", note=note)
                )
                severity = "immediate"
        if severity == "none":
            script = unread_script(text)
            if script is not None:  # nothing read, because nothing could be: a person reads it
                match = unread_match(script)
                matches.append(match)
                severity = match.severity
                categories.append(match.category)
        return Assessment(
            severity, categories, matches, lexicon_version=self.lexicon.version, model_flagged=flagged
        )

    def _bare_plan(self, text: str, canonical: str) -> list[Match]:
        """A bare plan's match: "friday. the gorge." is high, "tonight. the bridge." immediate; so is a report
        that quotes one ('she wrote "sat, the tracks" and walked off')."""
        words = self.lexicon.bare_plans
        if words is None:
            return []
        plan = bare_plan(canonical.split(), text, words, self._written_tokens)
        for said in quoted(text) if plan is None else ():
            plan = bare_plan(self._written_tokens(said)[0], said, words, self._written_tokens)
            if plan is not None:
                break
        return [] if plan is None else [bare_plan_match(plan)]

    def _on_lexicon_concern(self, verdict: Verdict, judged: str) -> Verdict:
        """On a text the lexicon calls ``concern``, ``high`` from a lower P(flagged) bar than the high
        threshold: the model's ``lexicon_concern_threshold`` (the lexicon already found a risk signal)."""
        assert self.classifier is not None
        threshold = self.classifier.model.lexicon_concern_threshold
        if (
            threshold is None
            or SEVERITY_ORDER[verdict.severity] >= SEVERITY_ORDER["high"]
            or verdict.probabilities.flagged < threshold
        ):
            return verdict
        graded = self.classifier.grades_immediate(verdict.probabilities)
        severity: Severity = "immediate" if graded else "high"
        return Verdict(severity, verdict.probabilities, self.classifier.reasons(judged, towards=severity))

    def may_lower(self, matches: Sequence[Match]) -> bool:
        """Whether there is a ``high`` match and every one is a lexicon phrase whose entry lets the model
        lower it."""
        found = False
        for match in matches:
            if match.severity == "high":
                entry = self._entries.get(match.entry_id)
                if match.kind != "phrase" or entry is None or not entry.model_may_lower:
                    return False
                found = True
        return found

    def _lowered(self, matches: list[Match], canonical: str) -> list[Match] | None:
        """The matches with every ``high`` lexicon hit lowered to ``concern``, or None to keep them.

        Lowered only when every ``high`` match is a lexicon phrase whose entry allows it
        (``model_may_lower``: never suicide or self-harm, never an immediacy raise) and the learned
        screen's P(none) reaches its everyday threshold. The note on each lowered match says why.
        """
        assert self.classifier is not None
        threshold = self.classifier.everyday_threshold
        if threshold is None or not self.may_lower(matches):
            return None
        probs = self.classifier.probabilities(canonical)
        if probs.none < threshold:
            return None
        why = (
            f"lowered from high: the learned screen ({self.classifier.version}) reads this as everyday, "
            f"p(none) {probs.none:.2f} >= {threshold:.2f}"
        )
        return [
            replace(m, severity="concern", note=f"{m.note}; {why}" if m.note else why)
            if m.severity == "high"
            else m
            for m in matches
        ]

    def _model_match(self, verdict: Verdict) -> Match:
        """The learned screen's hit as a match: its top features, probabilities and thresholds."""
        assert self.classifier is not None
        probs = verdict.probabilities
        immediate = self.classifier.immediate_threshold
        on_concern = self.classifier.model.lexicon_concern_threshold
        lower_bar = (
            f" (on a lexicon concern {on_concern:.2f})"
            if on_concern is not None
            and verdict.severity == "high"
            and probs.flagged < self.classifier.high_threshold
            else ""
        )
        note = (
            f"p(immediate) {probs.immediate:.2f}, p(flagged) {probs.flagged:.2f}, p(any risk) "
            f"{probs.any_risk:.2f}; thresholds immediate {'-' if immediate is None else f'{immediate:.2f}'}, "
            f"high {self.classifier.high_threshold:.2f}{lower_bar}, "
            f"concern {self.classifier.concern_threshold:.2f}; "
            f"top features: {'; '.join(verdict.reasons) or '-'}"
        )
        shown = ", ".join(reason.rsplit(" ", 1)[0] for reason in verdict.reasons[:3])
        return Match(
            MODEL_CATEGORY,
            verdict.severity,
            f"model.{self.classifier.version}",
            shown,
            kind="model",
            note=note,
        )

    def _raise(
        self, hit: Hit, cues: Sequence[tuple[Cue, Hit]], note: str, *, earlier: bool = False
    ) -> list[Match]:
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
            if self._raisable(hit, cue, earlier=earlier)
        ]


def _match(hit: Hit) -> Match:
    return Match(hit.category, hit.severity, hit.rule_id, hit.surface, kind=hit.kind, note=hit.subtype)


#: Category (and match category) of a hit that only the learned screen found.
MODEL_CATEGORY = "model"


@dataclass(frozen=True)
class ModelSettings:
    """Which learned screen :func:`screen` uses (``safeguarding.model`` in config.yml).

    ``path`` None is the packaged model; thresholds None are the ones recorded in the model file.
    """

    enabled: bool = True
    path: Path | None = None
    high_threshold: float | None = None
    concern_threshold: float | None = None
    everyday_threshold: float | None = None
    immediate_threshold: float | None = None
    lexicon_concern_threshold: float | None = None


def build_classifier(settings: ModelSettings) -> Classifier | None:
    """Load the model file (once per process) and apply the thresholds; None when the model is off.

    Raises :class:`safeguarding.model_file.ModelFileError` naming the file when it is missing or corrupt.
    """
    if not settings.enabled:
        return None
    tables = load_compact(settings.path or DEFAULT_MODEL_PATH)
    model = tables.info
    high = model.high_threshold if settings.high_threshold is None else settings.high_threshold
    concern = model.concern_threshold if settings.concern_threshold is None else settings.concern_threshold
    everyday = (
        model.everyday_threshold if settings.everyday_threshold is None else settings.everyday_threshold
    )
    immediate = (
        model.immediate_threshold if settings.immediate_threshold is None else settings.immediate_threshold
    )
    if settings.lexicon_concern_threshold is not None:
        info = replace(model, lexicon_concern_threshold=settings.lexicon_concern_threshold)
        tables = replace(tables, info=info)
    return Classifier(tables, high, concern, everyday, immediate)


def load_lexicon(path: Path | None = None, *, check_examples: bool = True) -> Lexicon:
    """Load, compile and validate the lexicon in ``path`` (default: the packaged one).

    Every entry's examples must screen to a hit of that entry at the entry's severity, and every
    benign and cue example must behave as declared; otherwise :class:`LexiconError` is raised,
    naming the file, the entry and the problem.
    """
    lexicon = read_lexicon(path or DEFAULT_LEXICON_DIR)
    if check_examples:
        verify_examples(lexicon, Screener(lexicon))
    return lexicon


_lock = threading.Lock()
_default: Screener | None = None
_settings = ModelSettings()


def configure_model(settings: ModelSettings, *, load: bool = True) -> None:
    """Choose the learned screen that :func:`screen` uses from now on (the app calls this at start-up).

    ``load`` (the server, `chat`): the model file is loaded and checked now, so a missing or corrupt file
    stops start-up. ``load=False`` (a `waymark` command that screens nothing): only the settings are kept;
    the first :func:`screen` call loads the lexicon and this model (a file that fails then makes that call
    fail closed, as any screening error does).
    """
    global _settings, _default
    if not load:
        with _lock:
            _settings = settings
            _default = None  # whatever was loaded was for other settings
        return
    classifier = build_classifier(settings)
    with _lock:
        _settings = settings
        if _default is not None:
            _default.classifier = classifier


def model_settings() -> ModelSettings:
    """The learned screen's settings in force (config.yml's once the app or a command configured them)."""
    return _settings


def default_screener() -> Screener:
    """Return the screener for the packaged lexicon and the configured model, loaded once (thread-safe)."""
    global _default
    screener = _default
    if screener is None:
        with _lock:
            if _default is None:
                _default = Screener(load_lexicon(), build_classifier(_settings))
            screener = _default
    return screener


def is_loaded() -> bool:
    """True once `default_screener()` has loaded the lexicon and model in this process (readiness checks)."""
    return _default is not None


def screen(text: str, context: Sequence[str] | None = None) -> Assessment:
    """Screen ``text`` (with the contact's recent ``context`` messages, newest last) for risk.

    Never raises: any internal error gives a ``high`` assessment with category ``unscreened``.
    """
    try:
        return default_screener().screen(text, context)
    except Exception as exc:  # fail closed on anything
        logger.error("safeguarding screening failed: %s", type(exc).__name__)
        return Assessment.unscreened(type(exc).__name__)


def _says_only_who(text: str, severity: str) -> bool:
    """A message the lexicon found nothing in that only says who the sender is ("its they/them please",
    "im gay"): the learned screen is not asked, so neither it nor the second look (which reads only texts
    the model scored) can make it a crisis. Who someone is, is never risk (safeguarding/identity.py)."""
    return severity == "none" and is_identity_statement(text)
