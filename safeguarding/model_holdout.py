"""Per-round hold-out: how the learned screen does on a writing style it was not trained on.

The blind rounds (``blind_round<k>.csv`` and ``everyday_round<k>.csv`` in ``tests/safeguarding/data/blind/``)
were each written in a new style by a helper who had not seen the screen. Once measured they are copied into
the corpus (``safeguarding/data/corpus/blind_rounds.csv``, style ``blind-round<k>`` / ``everyday-round<k>``).
For each round ``k`` this module trains on everything except round ``k`` (and except any text equal in
canonical form to one of round ``k``'s), chooses the thresholds the way ``waymark safeguarding train`` does,
then screens round ``k``'s files with the lexicon and that model together: the honest stand-in for the next,
unseen style. ``waymark safeguarding holdout`` prints the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from safeguarding.assessment import Severity
from safeguarding.classifier import Classifier
from safeguarding.lexicon import Lexicon
from safeguarding.model_corpus import LabelledText, round_of, rounds_in
from safeguarding.screening import Screener
from safeguarding.training import TrainSettings, figures, train, training_set_from_rows


@dataclass(frozen=True)
class RoundResult:
    """One round held out: the thresholds chosen without it and the screen's figures on its files."""

    round: int
    #: high, concern, everyday (lowering), immediate and the lexicon-concern bar (None: the model has none).
    thresholds: tuple[float, float, float | None, float | None, float | None]
    training_texts: int
    blind: dict[str, float | int | None]
    everyday: dict[str, float | int | None]

    def to_dict(self) -> dict[str, Any]:
        high, concern, everyday, immediate, on_concern = self.thresholds
        return {
            "round": self.round,
            "thresholds": {
                "high": high,
                "concern": concern,
                "everyday": everyday,
                "immediate": immediate,
                "lexicon_concern": on_concern,
            },
            "training_texts": self.training_texts,
            "blind": self.blind,
            "everyday": self.everyday,
        }


class _LexiconCache:
    """The lexicon's own view of each training text, worked out once across rounds."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.screener = Screener(lexicon)
        self._found: dict[str, tuple[Severity, bool]] = {}

    def get(self, text: str) -> tuple[Severity, bool]:
        held = self._found.get(text)
        if held is None:
            found = self.screener.screen(text)
            held = (found.severity, self.screener.may_lower(found.matches))
            self._found[text] = held
        return held

    def severity(self, text: str) -> Severity:
        return self.get(text)[0]

    def lowerable(self, text: str) -> bool:
        return self.get(text)[1]


def _screen_figures(
    rows: Sequence[LabelledText], screen: Callable[[str], Severity]
) -> dict[str, float | int | None]:
    labels = [row.severity for row in rows]
    found = [screen(row.text) for row in rows]
    result = figures(labels, found)
    immediate = [f == "immediate" for e, f in zip(labels, found, strict=True) if e == "immediate"]
    result["immediate_recall"] = round(sum(immediate) / len(immediate), 4) if immediate else None
    return result


def hold_out(
    lexicon: Lexicon,
    rows: Sequence[LabelledText],
    held: int,
    settings: TrainSettings,
    cache: _LexiconCache | None = None,
) -> RoundResult:
    """Train on ``rows`` without round ``held`` and screen that round's files (lexicon + this model)."""
    cache = cache or _LexiconCache(lexicon)
    canonical = lexicon.normaliser.normalise
    test = [row for row in rows if (found := round_of(row)) is not None and found[1] == held]
    if not test:
        raise ValueError(f"no rows from blind round {held}")
    unseen = {canonical(row.text).text for row in test}
    kept = [
        row
        for row in rows
        if ((found := round_of(row)) is None or found[1] != held) and canonical(row.text).text not in unseen
    ]
    data = training_set_from_rows(lexicon, kept)
    result = train(
        lexicon, settings=settings, lexicon_screen=cache.severity, lowerable=cache.lowerable, data=data
    )
    model = result.model
    classifier = Classifier(
        model,
        model.high_threshold,
        model.concern_threshold,
        model.everyday_threshold,
        model.immediate_threshold,
    )
    screener = Screener(lexicon, classifier)

    def screen(text: str) -> Severity:
        return screener.screen(text).severity

    blind = [row for row in test if (found := round_of(row)) is not None and found[0] == "blind"]
    everyday = [row for row in test if (found := round_of(row)) is not None and found[0] == "everyday"]
    return RoundResult(
        held,
        (
            model.high_threshold,
            model.concern_threshold,
            model.everyday_threshold,
            model.immediate_threshold,
            model.lexicon_concern_threshold,
        ),
        len(data.rows),
        _screen_figures(blind, screen),
        _screen_figures(everyday, screen),
    )


def hold_out_rounds(
    lexicon: Lexicon,
    rows: Sequence[LabelledText],
    settings: TrainSettings,
    rounds: Sequence[int] | None = None,
) -> list[RoundResult]:
    """:func:`hold_out` for each round (default: every round in ``rows``)."""
    cache = _LexiconCache(lexicon)
    return [hold_out(lexicon, rows, k, settings, cache) for k in (rounds or rounds_in(rows))]


def format_table(results: Sequence[RoundResult]) -> str:
    """A plain-text table, one line per held-out round, then the mean."""

    def cell(value: float | int | None) -> str:
        return "n/a" if value is None else f"{value:.3f}"

    keys = (
        ("blind", "flagged_recall"),
        ("blind", "immediate_recall"),
        ("blind", "immediate_as_flagged"),
        ("blind", "concern_recall"),
        ("blind", "false_alarm_high"),
        ("everyday", "false_alarm_any"),
        ("everyday", "false_alarm_high"),
    )
    head = "round  high  conc  every    imm  flagged  immed  imm>=hi  concern  blindFPhi  everyAny  everyHigh"
    lines = [head]
    for r in results:
        high, concern, everyday, immediate, _ = r.thresholds
        values = [getattr(r, part)[key] for part, key in keys]
        lines.append(
            f"{r.round:>5}  {high:.2f}  {concern:.2f}  {cell(everyday):>5}  {cell(immediate):>5}  "
            + "  ".join(f"{cell(v):>7}" for v in values)
        )
    if results:
        means = []
        for part, key in keys:
            found = [v for r in results if isinstance(v := getattr(r, part)[key], int | float)]
            means.append(sum(found) / len(found) if found else None)
        lines.append(" mean" + " " * 27 + "  ".join(f"{cell(v):>7}" for v in means))
    return "\n".join(lines)
