"""Pictures of an evaluation: the intent confusion matrix and the confidence histogram (PNG).

Uses matplotlib's object API with the Agg canvas (no pyplot, no display, no global state), so it is safe
in servers and tests.
"""

from __future__ import annotations

from pathlib import Path

from nlu.evaluation import EvalReport


def confusion_matrix_png(report: EvalReport, path: Path) -> Path:
    """Draw the confusion matrix: rows are the true intent, columns the predicted one; counts in cells.

    Each row is shaded by the share of that intent's texts, so a dark diagonal means "mostly right" and
    any dark cell off it is a confusion worth reading about in the errors.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    labels = report.labels
    counts = report.confusion
    shares = [[cell / (sum(row) or 1) for cell in row] for row in counts]
    size = max(6.0, 0.55 * len(labels) + 3)
    figure = Figure(figsize=(size + 1.5, size))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    image = axes.imshow(shares, cmap="Blues", vmin=0.0, vmax=1.0)
    axes.set_xticks(range(len(labels)), labels, rotation=60, ha="right", fontsize=9)
    axes.set_yticks(range(len(labels)), labels, fontsize=9)
    axes.set_xlabel("predicted intent")
    axes.set_ylabel("true intent")
    axes.set_title(
        f"{report.engine}: accuracy {report.accuracy:.3f}, macro F1 {report.macro_f1:.3f} (n={report.count})"
    )
    for i, row in enumerate(counts):
        for j, cell in enumerate(row):
            if cell:
                colour = "white" if shares[i][j] > 0.5 else "black"
                axes.text(j, i, str(cell), ha="center", va="center", fontsize=8, color=colour)
    figure.colorbar(image, ax=axes, fraction=0.046, pad=0.04, label="share of the true intent's texts")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    return path


def confidence_histogram_png(report: EvalReport, path: Path, threshold: float | None = None) -> Path:
    """Histogram of the top-intent confidence, right and wrong answers side by side (like Rasa's)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    right = [p.confidence for p in report.predictions if p.correct]
    wrong = [p.confidence for p in report.predictions if not p.correct]
    figure = Figure(figsize=(8, 5))
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    bins = [i / 20 for i in range(21)]
    axes.hist(
        [right, wrong],
        bins=bins,
        label=[f"correct ({len(right)})", f"wrong ({len(wrong)})"],
        color=["#2b8cbe", "#e34a33"],
    )
    if threshold is not None:
        axes.axvline(
            threshold, color="black", linestyle="--", label=f"out_of_scope threshold {threshold:.2f}"
        )
    axes.set_xlabel("confidence of the top intent")
    axes.set_ylabel("texts")
    axes.set_title(f"{report.engine}: intent confidence on {Path(report.source).name}")
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    return path
