"""Join codes that cannot be typed by accident: refused with the reason and a safer code suggested."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.features.schools.code_safety import candidates, suggest_code, why_unsafe
from tests.bot.cli.in_process import waymark as _waymark


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("HELLO", "already answers to"), ("STOP", "already answers to"), ("CALL", "already answers to"),
        ("MENU", "already answers to"), ("YES", "already answers to"), ("SKIP", "already answers to"),
        ("SAD", "everyday word"), ("OAK", "everyday word"), ("LOL", "everyday word"),
        ("TMRW", "everyday word"),
        ("HIYA", "everyday word"), ("SCHOOL", "everyday word"), ("123", "all digits"), ("SE15", "postcode"),
        ("M1A", "postcode"), ("LS6", "postcode"),
    ],
)  # fmt: skip
def test_refused(code: str, why: str) -> None:
    problem = why_unsafe(code)
    assert problem is not None and why in problem


@pytest.mark.parametrize("code", ["OAK7", "DEMO1", "OLD1", "XQZT", "HEL3", "STM4", "ABC9D"])
def test_accepted(code: str) -> None:
    assert why_unsafe(code) is None


def test_suggestions_are_safe_and_free() -> None:
    assert suggest_code("Hello School", set()) == "HEL3"
    assert suggest_code("Hello School", {"HEL3", "HEL4"}) == "HEL7"
    for name in ("The Oak Academy", "St Mary's C of E Primary", "Ysgol Gymraeg", "X", "School"):
        code = suggest_code(name, set())
        assert why_unsafe(code) is None and 3 <= len(code) <= 10, (name, code)
    assert all(c[-1] in "3479" for c in candidates("Hello School"))


def test_the_word_list_is_let_go_after_a_check() -> None:
    """A server process that checked one code (the demo's) must not keep wordfreq's list (about 30 MB)."""
    import wordfreq

    assert why_unsafe("HELLO") is not None and why_unsafe("OAK7") is None
    assert suggest_code("Oak Hill Academy", {"OAK3"})
    assert wordfreq.get_frequency_dict.cache_info().currsize == 0
    assert wordfreq.get_frequency_list.cache_info().currsize == 0


def test_schools_refuse_codes_typed_by_accident(tmp_path: Path) -> None:
    refused = (
        ("HELLO", "already answers to"), ("sad", "everyday word"), ("CALL", "already answers to"),
        ("SE15", "postcode"), ("1234", "all digits"),
    )  # fmt: skip
    for code, why in refused:
        result = _waymark(
            ["schools", "add", "Hello School", "--authority", "Leeds", "--code", code], tmp_path
        )
        assert result.returncode != 0 and why in result.stderr, result.stderr
        assert "such as HEL3" in result.stderr
    ok = _waymark(["schools", "add", "Hello School", "--authority", "Leeds", "--code", "HEL3"], tmp_path)
    assert ok.returncode == 0, ok.stderr
    listed = _waymark(["schools", "list"], tmp_path)
    assert listed.stdout.count("Hello School") == 1  # the refused tries added nothing
