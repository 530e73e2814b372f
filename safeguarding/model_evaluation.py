"""Per-layer evaluation (lexicon alone, model alone, lexicon + model, + second look) and calibration.

``waymark safeguarding eval FILE.csv`` prints the usual report for the screen as shipped (with the second
look when it is given), then one line of figures per layer; ``--calibration PNG`` draws a reliability plot
of the model's probabilities.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safeguarding.assessment import SEVERITY_ORDER
from safeguarding.classifier import Classifier, Probabilities
from safeguarding.evaluation import Case, EvalReport, Outcome
from safeguarding.lexicon import Lexicon
from safeguarding.screening import MODEL_CATEGORY, Screener
from safeguarding.second_look import SecondLook, cue_finder

LAYERS = (("lexicon", "lexicon alone"), ("model", "model alone"), ("combined", "lexicon + model"))
SECOND_LAYER = ("second_look", "+ second look")


@dataclass
class LayeredReport:
    """The combined report plus each layer's own figures and the model's probabilities."""

    combined: EvalReport
    lexicon: EvalReport
    model: EvalReport
    classifier: Classifier
    probabilities: list[Probabilities] = field(default_factory=list)
    #: Lexicon + model + the second look (None: evaluated without it).
    second: EvalReport | None = None
    #: How many cases the second look read (the first look left them in its band).
    in_band: int = 0

    @property
    def layers(self) -> tuple[tuple[str, str], ...]:
        return LAYERS if self.second is None else (*LAYERS, SECOND_LAYER)

    @property
    def shipped(self) -> EvalReport:
        """The screen as shipped: with the second look when it was evaluated."""
        return self.combined if self.second is None else self.second

    def layer(self, name: str) -> EvalReport:
        """The report for ``lexicon``, ``model``, ``combined`` or ``second_look``."""
        reports = {"lexicon": self.lexicon, "model": self.model, "combined": self.combined}
        if self.second is not None:
            reports["second_look"] = self.second
        return reports[name]

    def layer_figures(self) -> dict[str, dict[str, float | int | None]]:
        """Headline figures per layer."""
        out: dict[str, dict[str, float | int | None]] = {}
        for name, _ in self.layers:
            report = self.layer(name)
            out[name] = {
                "cases": len(report.outcomes),
                "flagged_recall": report.flagged_recall,
                "immediate_recall": report.immediate_recall,
                "immediate_flagged_recall": report.immediate_flagged_recall,
                "concern_recall": report.concern_recall,
                "false_positive_rate": report.false_positive_rate,
                "flagged_false_positive_rate": report.flagged_false_positive_rate,
            }
        return out

    def calibration(self, bins: int = 10) -> dict[str, list[dict[str, float | int]]]:
        """Reliability tables: P(flagged) against high/immediate labels, P(any risk) against any risk."""
        cases = [o.case for o in self.combined.outcomes]
        flagged = [SEVERITY_ORDER[c.severity] >= SEVERITY_ORDER["high"] for c in cases]
        risk = [c.severity != "none" for c in cases]
        return {
            "flagged": calibration_bins([p.flagged for p in self.probabilities], flagged, bins),
            "any_risk": calibration_bins([p.any_risk for p in self.probabilities], risk, bins),
        }

    def to_dict(self) -> dict[str, Any]:
        """The combined report's keys, plus ``layers``, ``model`` and ``calibration``."""
        data = self.shipped.to_dict()
        data["layers"] = self.layer_figures()
        if self.second is not None:
            data["second_look_in_band"] = self.in_band
        data["model"] = {
            "version": self.classifier.version,
            "high_threshold": self.classifier.high_threshold,
            "concern_threshold": self.classifier.concern_threshold,
            "everyday_threshold": self.classifier.everyday_threshold,
            "immediate_threshold": self.classifier.immediate_threshold,
            "lexicon_concern_threshold": self.classifier.model.lexicon_concern_threshold,
            "training_lexicon_version": self.classifier.model.training.get("lexicon_version"),
        }
        data["calibration"] = self.calibration()
        return data

    def format_text(self) -> str:
        """The combined report, then a table of figures per layer."""

        def pct(value: float | int | None) -> str:
            return "n/a" if value is None else f"{value:.3f}"

        c = self.classifier
        lines = [
            self.shipped.format_text(),
            "",
            f"Per layer (model {c.version}, thresholds high {c.high_threshold:.2f}, "
            f"concern {c.concern_threshold:.2f}, everyday {c.everyday_threshold}, "
            f"immediate {c.immediate_threshold}, on a lexicon concern {c.model.lexicon_concern_threshold}):",
            f"  {'layer':<18}{'flagged':>9}{'immediate':>11}{'concern':>9}{'fp any':>9}{'fp high':>9}",
        ]
        figures = self.layer_figures()
        for name, label in self.layers:
            f = figures[name]
            lines.append(
                f"  {label:<18}{pct(f['flagged_recall']):>9}{pct(f['immediate_recall']):>11}"
                f"{pct(f['concern_recall']):>9}{pct(f['false_positive_rate']):>9}"
                f"{pct(f['flagged_false_positive_rate']):>9}"
            )
        if self.second is not None:
            lines.append(
                f"  second look read {self.in_band} of {len(self.combined.outcomes)} cases (its band)"
            )
        return "\n".join(lines)


def calibration_bins(
    probs: Sequence[float], truth: Sequence[bool], bins: int = 10
) -> list[dict[str, float | int]]:
    """Equal-width bins of ``probs``: count, mean probability and observed share of ``truth`` per bin."""
    table: list[dict[str, float | int]] = []
    for index in range(bins):
        low, high = index / bins, (index + 1) / bins
        members = [
            (p, t)
            for p, t in zip(probs, truth, strict=True)
            if low <= p < high or (index == bins - 1 and p == 1.0)
        ]
        if not members:
            continue
        table.append(
            {
                "low": low,
                "high": high,
                "n": len(members),
                "mean_probability": sum(p for p, _ in members) / len(members),
                "observed": sum(t for _, t in members) / len(members),
            }
        )
    return table


def evaluate_layers(
    cases: Sequence[Case],
    lexicon: Lexicon,
    classifier: Classifier,
    source: str = "",
    second_look: SecondLook | None = None,
) -> LayeredReport:
    """Screen every case with the lexicon alone, the model alone, both together and, given
    ``second_look``, both together followed by the second look on the texts in its band."""
    both = Screener(lexicon, classifier)
    alone = Screener(lexicon)
    report = LayeredReport(EvalReport(source), EvalReport(source), EvalReport(source), classifier)
    if second_look is not None:
        report.second = EvalReport(source)

    def normalise(raw: str) -> str:
        return lexicon.normaliser.normalise(raw).text

    cue = cue_finder(lexicon, both.matcher)

    for case in cases:
        combined = both.screen(case.text)
        report.combined.outcomes.append(Outcome(case, combined.severity, tuple(combined.categories)))
        if second_look is not None and report.second is not None:
            report.in_band += second_look.in_band(combined)
            final = second_look.judge(case.text, combined, normalise, cue)
            report.second.outcomes.append(Outcome(case, final.severity, tuple(final.categories)))
        found = alone.screen(case.text)
        report.lexicon.outcomes.append(Outcome(case, found.severity, tuple(found.categories)))
        verdict = classifier.judge(lexicon.normaliser.normalise(case.text).text)
        categories = (MODEL_CATEGORY,) if verdict.severity != "none" else ()
        report.model.outcomes.append(Outcome(case, verdict.severity, categories))
        report.probabilities.append(verdict.probabilities)
    return report


def write_calibration_plot(report: LayeredReport, path: Path) -> None:
    """Draw a reliability plot (and how many texts fall in each bin) as a PNG at ``path``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    tables = report.calibration()
    figure, (top, bottom) = plt.subplots(
        2, 1, figsize=(6.4, 7.2), gridspec_kw={"height_ratios": [3, 1]}, sharex=True
    )
    top.plot([0, 1], [0, 1], linestyle=":", color="grey", label="perfectly calibrated")
    for name, label, colour in (
        ("flagged", "P(flagged) vs labelled high/immediate", "tab:red"),
        ("any_risk", "P(any risk) vs labelled concern or above", "tab:blue"),
    ):
        rows = tables[name]
        top.plot(
            [r["mean_probability"] for r in rows],
            [r["observed"] for r in rows],
            marker="o",
            color=colour,
            label=label,
        )
        centres = [
            (float(r["low"]) + float(r["high"])) / 2 + (0.012 if name == "any_risk" else -0.012) for r in rows
        ]
        bottom.bar(centres, [r["n"] for r in rows], width=0.024, color=colour)
    c = report.classifier
    for axis in (top, bottom):
        axis.axvline(c.high_threshold, color="tab:red", linestyle="--", linewidth=0.8)
        axis.axvline(c.concern_threshold, color="tab:blue", linestyle="--", linewidth=0.8)
    top.set_ylabel("observed share")
    top.set_xlim(0, 1)
    top.set_ylim(0, 1)
    top.legend(loc="upper left", fontsize=8)
    top.set_title(
        f"Safeguarding model {c.version} calibration: {Path(report.combined.source).name} "
        f"({len(report.combined.outcomes)} texts)",
        fontsize=9,
    )
    bottom.set_xlabel("model probability (dashed: high and concern thresholds)")
    bottom.set_ylabel("texts")
    bottom.set_yscale("log")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
