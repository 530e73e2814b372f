"""The `waymark` command: chat with --demo and --jsonl, schools, a bad config.

The 'done when' chat and the bad config run as a user runs them, in a new `python -m bot.cli` process; the
rest run in this process (tests/bot/cli/in_process.py), the same command line without a new Python each time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.bot.cli.in_process import waymark

ROOT = Path(__file__).resolve().parents[3]


def _waymark(args: list[str], tmp_path: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def test_chat_demo_jsonl_done_when(tmp_path: Path) -> None:
    """The foundation's 'done when': welcome, menu, help, opt-out, welcome back; DEMO1 joins Demo Academy."""
    result = _waymark(["chat", "--demo", "--jsonl"], tmp_path, "hi\nmenu\nhelp\nSTOP\nSTART\nDEMO1\n")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    kinds = [r["kind"] for r in rows]
    assert kinds[:3] == ["welcome", "privacy", "menu"]
    assert kinds[3:] == ["menu", "help", "stopped", "restarted", "join_ok"]
    assert "Demo Academy" in rows[-1]["text"]
    for row in rows:
        assert set(row) >= {"to", "text", "segments", "encoding"}
        assert row["encoding"] == "GSM-7" and row["segments"] <= 2


def test_chat_at_2330_and_a_week_on(tmp_path: Path) -> None:
    """The signposting 'done when' at 23:30 from the command line, then the follow-up a week on."""
    script = "DEMO1\nkids at school keep picking on me\n13\n@at 2026-11-25 10:30\nyes\n@at tomorrow\n"
    result = waymark(["chat", "--demo", "--jsonl", "--at", "2026-11-17 23:30"], tmp_path, script)
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    texts = [r["text"] for r in rows]
    page = texts[texts.index(next(t for t in texts if "can help with bullying" in t)) :][:4]
    assert "open now come first" in page[0] and "Open now till" in page[1] and "Open 24/7" in page[2]
    # (the young person's texts: sends to different people overlap, so other people's texts may interleave)
    theirs = [r["kind"] for r in rows if r["to"] == rows[0]["to"]]
    assert theirs[-2:] == ["signpost_followup_ask", "signpost_followup_yes"]
    assert "[clock Wed 25 Nov 2026 10:30]" in result.stderr
    assert "'tomorrow' is not a time like 2026-11-17 23:30" in result.stderr


def test_chat_at_refuses_a_bad_time(tmp_path: Path) -> None:
    result = waymark(["chat", "--at", "half past ten"], tmp_path)
    assert result.returncode != 0 and "not a time like" in result.stderr


def test_chat_state_persists_between_runs(tmp_path: Path) -> None:
    waymark(["chat", "--demo", "--jsonl"], tmp_path, "DEMO1\n")
    result = waymark(["chat", "--jsonl"], tmp_path, "DEMO1\n")
    rows = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [r["kind"] for r in rows] == ["join_again"]


def test_schools_commands(tmp_path: Path) -> None:
    added = waymark(["schools", "add", "Oak Hill School", "--authority", "Leeds", "--code", "oak7"], tmp_path)
    assert added.returncode == 0, added.stderr
    listed = waymark(["schools", "list"], tmp_path)
    assert "Oak Hill School" in listed.stdout and "OAK7" in listed.stdout
    dup = waymark(["schools", "add", "Other", "--authority", "Leeds", "--code", "OAK7"], tmp_path)
    assert dup.returncode != 0 and "already in use" in dup.stderr
    bad = waymark(["schools", "codes", "1", "--add", "no spaces"], tmp_path)
    assert bad.returncode != 0 and "3 to 10 letters or digits" in bad.stderr
    retired = waymark(["schools", "codes", "1", "--retire", "OAK7"], tmp_path)
    assert "OAK7 (retired)" in retired.stdout


def test_bad_config_stops_with_key_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "config.yml"
    bad.write_text((ROOT / "config.yml").read_text().replace('start: "09:00"', 'start: "nine"'))
    env_result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat"],
        input="",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={
            **os.environ,
            "WAYMARK_CONFIG": str(bad),
            "WAYMARK_DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}",
        },
        timeout=60,
    )
    assert env_result.returncode != 0
    assert "office_hours.start" in env_result.stderr and "config.yml:" in env_result.stderr
