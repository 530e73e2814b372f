"""`waymark chat --channel telegram` reads bot commands the way the Telegram webhook does."""

from __future__ import annotations

import json
from pathlib import Path

from tests.bot.cli.in_process import waymark as _waymark


def _kinds(tmp_path: Path, stdin: str) -> list[dict[str, object]]:
    args = ["chat", "--demo", "--jsonl", "--channel", "telegram", "--from", "4242"]
    result = _waymark(args, tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]


def test_start_with_a_code_joins_and_the_other_commands_map_to_keywords(tmp_path: Path) -> None:
    rows = _kinds(tmp_path, "/start DEMO1\n/help\n/menu\n/stop\n/start\n")
    kinds = [r["kind"] for r in rows]
    assert kinds == ["welcome", "privacy", "join_ok", "help", "menu", "stopped", "restarted"]
    assert "Demo Academy" in str(rows[2]["text"])


def test_plain_start_is_the_menu_and_other_slash_text_is_left_alone(tmp_path: Path) -> None:
    kinds = [r["kind"] for r in _kinds(tmp_path, "/start\n/start DEMO1@x\n")]
    assert kinds[:3] == ["welcome", "privacy", "menu"]
    assert kinds[3:] == ["menu"]  # a payload that is not a code is the menu, as on the webhook
