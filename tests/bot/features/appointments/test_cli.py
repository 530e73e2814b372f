"""`waymark appointments ...` through typer's CliRunner on a migrated SQLite file (the real clock: the
times are in 2027)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.main import app as cli
from bot.storage.migrate import upgrade
from tests.support import ROOT

runner = CliRunner()
GOOD = """phone,start,kind,practitioner,practitioner_name,minutes,place,sessions
07700 900124,2027-01-13 10:00,school,sam,,45,"Oak School, Room 4",
07700 900125,2027-01-14 16:30,phone,,Alex,30,,6
"""
BAD = """phone,start,kind,practitioner,minutes
notaphone,2027-01-13 10:00,school,sam,
07700 900125,2020-01-13 10:00,lunch,sam,999
07700 900126,2027-01-14 10:00,clinic,sam,
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    env = {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    made = runner.invoke(
        cli, ["users", "create", "sam", "--name", "Sam Jones", "--phone", "07700 900501"], env=env
    )
    assert made.exit_code == 0, made.output
    return env


def _list(env: dict[str, str]) -> list[dict[str, object]]:
    listed = runner.invoke(cli, ["appointments", "list", "--all", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    rows: list[dict[str, object]] = json.loads(listed.output)
    return rows


def test_import_refuses_a_bad_file_whole_and_names_every_row(env: dict[str, str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(BAD, encoding="utf-8")
    result = runner.invoke(cli, ["appointments", "import", str(bad), "--as", "sam"], env=env)
    assert result.exit_code == 2
    assert "bad.csv:2: phone: not a phone number" in result.output
    assert "bad.csv:3: start: is in the past" in result.output
    assert "bad.csv:3: kind: must be one of school, clinic, phone, video (got 'lunch')" in result.output
    assert "bad.csv:3: minutes: a whole number from 5 to 480 (got '999')" in result.output
    assert "bad.csv:4" not in result.output
    assert _list(env) == []


def test_dry_run_writes_nothing_then_import_books_a_course(env: dict[str, str], tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    dry = runner.invoke(cli, ["appointments", "import", str(good), "--as", "sam", "--dry-run"], env=env)
    assert dry.exit_code == 0 and "would book 7 appointment(s); nothing written" in dry.output
    assert _list(env) == []
    done = runner.invoke(cli, ["appointments", "import", str(good), "--as", "sam"], env=env)
    assert done.exit_code == 0 and "7 appointment(s) booked" in done.output
    rows = _list(env)
    assert [r["start"] for r in rows][:3] == [
        "Wed 13 Jan 2027 10:00",
        "Thu 14 Jan 2027 16:30",
        "Thu 21 Jan 2027 16:30",
    ]
    assert len({r["course"] for r in rows if r["kind"] == "phone"}) == 1


def test_an_unknown_practitioner_books_nothing(env: dict[str, str], tmp_path: Path) -> None:
    csv = tmp_path / "who.csv"
    csv.write_text(GOOD + "07700 900126,2027-01-15 10:00,clinic,nobody,,,,\n", encoding="utf-8")
    result = runner.invoke(cli, ["appointments", "import", str(csv), "--as", "sam"], env=env)
    assert result.exit_code == 2 and "who.csv:4: 'nobody' is not an active practitioner" in result.output
    assert _list(env) == []


def test_add_show_cancel_and_outcomes(env: dict[str, str]) -> None:
    add = [
        "appointments",
        "add",
        "--phone",
        "07700 900124",
        "--start",
        "2027-02-01 09:30",
        "--kind",
        "clinic",
    ]
    made = runner.invoke(cli, [*add, "--with", "sam", "--place", "Riverside Clinic", "--as", "sam"], env=env)
    assert made.exit_code == 0, made.output
    shown = runner.invoke(cli, ["appointments", "show", "1", "--as", "sam"], env=env)
    assert "Mon 01 Feb 2027 09:30" in shown.output and "48h  pending" in shown.output
    assert "appointment.booked  by practitioner:sam" in shown.output
    early = runner.invoke(cli, ["appointments", "attended", "1", "--as", "sam"], env=env)
    assert early.exit_code == 2 and "has not started yet" in early.output
    cancelled = runner.invoke(cli, ["appointments", "cancel", "1", "--as", "sam"], env=env)
    assert cancelled.exit_code == 0 and "cancelled_by_team" in cancelled.output
    shown = runner.invoke(cli, ["appointments", "show", "1", "--as", "sam"], env=env)
    assert "48h  cancelled" in shown.output and "appointment.cancelled_by_team" in shown.output
    stranger = runner.invoke(cli, ["appointments", "show", "1", "--as", "nobody"], env=env)
    assert stranger.exit_code == 2
