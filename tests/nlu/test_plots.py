"""The confusion matrix and confidence histogram are written as PNG files."""

from __future__ import annotations

from pathlib import Path

from nlu.evaluation import score
from nlu.plots import confidence_histogram_png, confusion_matrix_png
from tests.nlu.test_evaluation import EXAMPLES, PARSES

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def test_pngs_are_written(tmp_path: Path) -> None:
    report = score(EXAMPLES, PARSES, "embedded", "t.yml")
    matrix = confusion_matrix_png(report, tmp_path / "out" / "matrix.png")
    histogram = confidence_histogram_png(report, tmp_path / "out" / "hist.png", threshold=0.25)
    for path in (matrix, histogram):
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000
