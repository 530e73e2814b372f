"""`waymark report`: the PDF pack and CSV for commissioners, on a migrated SQLite file."""

from __future__ import annotations

import asyncio
import csv
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.cli.main import app as cli
from bot.storage.migrate import upgrade
from tests.bot.features.reports.support import WEEK, seed
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, make_context

runner = CliRunner()


def pdf_pages(data: bytes) -> int:
    """Pages in a PDF, from its page objects (matplotlib writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", data))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)

    async def fill() -> None:
        ctx = make_context(url, FixedClock(OFFICE_TIME))
        try:
            await seed(ctx)
        finally:
            await ctx.close()

    asyncio.run(fill())
    return {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }


def test_the_monthly_pack_and_csv_are_written_suppressed_and_audited(
    env: dict[str, str], tmp_path: Path
) -> None:
    pdf, table = tmp_path / "pack.pdf", tmp_path / "figures.csv"
    done = runner.invoke(
        cli, ["report", "--month", "2026-11", "--pdf", str(pdf), "--csv", str(table)], env=env
    )
    assert done.exit_code == 0, done.output
    assert "November 2026" in done.output
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    # the cover, three pages of tables each for all schools, Ash and Elm (78 rows, 32 a page), 8 charts
    stated = int(re.search(r"\((\d+) pages\)", done.output)[1])  # type: ignore[index]
    assert stated == pdf_pages(data) == 1 + 3 + 3 + 3 + 8
    rows = list(csv.DictReader(table.read_text(encoding="utf-8").splitlines()))
    overall = {r["figure"]: r for r in rows if r["scope"] == "All schools"}
    assert overall["contacts.texts_in"]["value"] == "6"
    assert overall["cases.alerts"]["value"] == "<5" and overall["cases.alerts"]["suppressed"] == "True"
    assert overall["cases.ack_median"]["value"] == "suppressed"
    assert overall["joined.telegram_code"]["value"] == "0"
    assert {r["scope"] for r in rows} == {"All schools", "Ash Academy", "Elm School"}
    with sqlite3.connect(env["WAYMARK_DATABASE_URL"].removeprefix("sqlite:///")) as conn:
        events = conn.execute(
            "select actor, action, subject_id, details from audit_event where action like 'report.%'"
        )
        found = [(a, b, c) for a, b, c, _ in events]
    assert found == [("cli", "report.exported", "2026-11")] * 2


def test_the_figures_print_for_a_week_and_bad_periods_are_refused(env: dict[str, str]) -> None:
    shown = runner.invoke(cli, ["report", "--week", WEEK], env=env)
    assert shown.exit_code == 0, shown.output
    assert "Texts received: <5" in shown.output and "Schools in view: 2" in shown.output
    for bad in (
        ["--month", "2026-13"],
        ["--week", "2026-W46", "--month", "2026-11"],
        ["--from", "2026-11-02"],
    ):
        refused = runner.invoke(cli, ["report", *bad], env=env)
        assert refused.exit_code == 2, (bad, refused.output)
    assert runner.invoke(cli, ["report", "--week", WEEK, "--school", "99"], env=env).exit_code == 2
