"""Pure pieces of the flow layer: choices, keywords, office hours and quiet hours."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.choices import match_choice, render_choices
from flows.context import ServiceInfo
from flows.keywords import detect_keyword, is_code_shaped, looks_like_code
from tests.support import at_london

CHOICES = ("Find support", "Join my school", "Help")


@pytest.mark.parametrize(
    ("text", "index"),
    [("1", 0), ("2.", 1), (" 3) ", 2), ("option 2", 1), ("two", 1), ("join my school", 1),
     ("2 Join my school", 1), ("4", None), ("0", None), ("banana", None), ("HELP!", 2)],
)  # fmt: skip
def test_match_choice(text: str, index: int | None) -> None:
    assert match_choice(text, CHOICES) == index


def test_render_choices() -> None:
    assert render_choices("Pick:", ("A", "B")) == "Pick:\n1 A\n2 B"


@pytest.mark.parametrize(
    ("text", "kind", "arg"),
    [("STOP", "opt_out", "STOP"), ("stop.", "opt_out", "STOP"), ("  Unsubscribe ", "opt_out", "UNSUBSCRIBE"),
     ("start", "opt_in", "START"), ("yes", "opt_in", "YES"), ("help", "help", None), ("info", "help", None),
     ("Menu", "menu", None), ("lang", "lang", None), ("LANG cy", "lang", "cy"), ("join oak7", "join", "OAK7"),
     ("code: oak7", "join", "OAK7"), ("join \u201coak7\u201d", "join", "OAK7"),
     ("\u2018Stop\u2019", "opt_out", "STOP")],
)  # fmt: skip
def test_detect_keyword(text: str, kind: str, arg: str | None) -> None:
    found = detect_keyword(text)
    assert found is not None and found.kind == kind and found.arg == arg


@pytest.mark.parametrize("text", ["stop it", "please stop texting me", "help me", "hi", "stopping"])
def test_not_keywords(text: str) -> None:
    assert detect_keyword(text) is None


def test_code_shapes() -> None:
    assert looks_like_code(" oak7 ") == "OAK7"
    # Phones put curly quotes round a code copied from a letter or a post.
    assert looks_like_code("\u201cDEMO1\u201d") == "DEMO1" and looks_like_code("'oak7'") == "OAK7"
    assert looks_like_code("hello there") is None
    assert is_code_shaped("OAK7") and not is_code_shaped("HELLO") and not is_code_shaped("12345")


SERVICE = ServiceInfo(closed_dates=(dt.date(2026, 12, 25),))


@pytest.mark.parametrize(
    ("when", "open_", "words"),
    [(at_london(2026, 11, 17, 10), True, "today at 10am"),
     (at_london(2026, 11, 17, 8, 30), False, "today at 9am"),
     (at_london(2026, 11, 17, 17), False, "tomorrow at 9am"),
     (at_london(2026, 11, 20, 23, 30), False, "on Monday at 9am")],
)  # fmt: skip
def test_office_hours(when: dt.datetime, open_: bool, words: str) -> None:
    service = ServiceInfo()
    assert service.in_office_hours(when) is open_
    assert service.describe_next_open(when) == words


def test_closed_dates_skip_christmas() -> None:
    assert not SERVICE.in_office_hours(at_london(2026, 12, 25, 10))
    assert SERVICE.next_office_open(at_london(2026, 12, 24, 18)) == at_london(2026, 12, 28, 9)


def test_quiet_hours_across_midnight() -> None:
    s = ServiceInfo()
    assert s.in_quiet_hours(at_london(2026, 11, 17, 21))
    assert s.in_quiet_hours(at_london(2026, 11, 18, 7, 59))
    assert not s.in_quiet_hours(at_london(2026, 11, 18, 8))
    assert s.after_quiet_hours(at_london(2026, 11, 17, 23)) == at_london(2026, 11, 18, 8)
    assert s.after_quiet_hours(at_london(2026, 11, 18, 2)) == at_london(2026, 11, 18, 8)


def test_office_hours_in_summer_time() -> None:
    """9am London in June is 08:00 UTC."""
    s = ServiceInfo()
    assert s.in_office_hours(dt.datetime(2026, 6, 16, 8, 0, tzinfo=dt.UTC))
    assert not s.in_office_hours(dt.datetime(2026, 6, 16, 7, 59, tzinfo=dt.UTC))
