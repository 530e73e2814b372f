"""The evaluation report and its input checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding.evaluation import EvalFileError, evaluate_csv

DATA = Path(__file__).parent / "data"


def test_report_figures(tmp_path: Path) -> None:
    path = tmp_path / "cases.csv"
    path.write_text(
        "text,severity,category\n"
        "i want to kill myself,high,suicide\n"
        "i want to die tonight,immediate,suicide\n"
        "im being bullied,concern,bullying\n"
        "hello,none,\n"
        "my teacher is nice,high,abuse\n",
        encoding="utf-8",
    )
    report = evaluate_csv(path)
    assert report.flagged_recall == pytest.approx(2 / 3)
    assert report.immediate_recall == 1.0
    assert report.immediate_flagged_recall == 1.0
    assert report.concern_recall == 1.0
    assert report.false_positive_rate == 0.0
    assert report.category_recall()["abuse"]["recall"] == 0.0
    assert report.confusion()["high"]["none"] == 1
    data = report.to_dict()
    assert [m["line"] for m in data["misses"]] == [6]
    assert "Misses (1)" in report.format_text()


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ("text,severity\nhello,urgent\n", ":2:"),
        ("txt,sev\nhello,none\n", ":1:"),
        ("text,severity\nhello\n", ":2:"),
        ("text,severity\nhello,none\n,none\n", ":3:"),
    ],
)
def test_bad_rows_name_file_and_line(tmp_path: Path, body: str, where: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(EvalFileError, match=where):
        evaluate_csv(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EvalFileError, match="cannot open"):
        evaluate_csv(tmp_path / "nope.csv")


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("heldout.csv", 600),
        ("heldout_fresh.csv", 200),
        ("heldout_round2.csv", 300),
        ("heldout_round3.csv", 200),
        ("heldout_round4.csv", 250),
    ],
)
def test_held_out_set_meets_the_targets(name: str, size: int) -> None:
    report = evaluate_csv(DATA / name)
    assert len(report.outcomes) >= size
    assert report.flagged_recall is not None and report.flagged_recall >= 0.98
    assert report.immediate_recall is not None and report.immediate_recall >= 0.90
    assert report.false_positive_rate is not None and report.false_positive_rate <= 0.05
