"""Time windows from how people text them: numbered choices, parts of the day, clock times and days."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.callback_window import AFTER_SCHOOL, AFTERNOON, ANY_TIME, MORNING, TimeWindow, parse_window

MONDAY = dt.date(2026, 12, 7)
T = dt.time


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("after 3pm", T(15), None),
        ("after 3", T(15), None),
        ("After 3 PM", T(15), None),
        ("im free after 3pm", T(15), None),
        ("any time after 2", T(14), None),
        ("after half 3", T(15, 30), None),
        ("after 4.30", T(16, 30), None),
        ("from 4:30", T(16, 30), None),
        ("after 10am", T(10), None),
        ("after 9", T(9), None),
        ("not before 11", T(11), None),
        ("before 11", None, T(11)),
        ("before 11am please", None, T(11)),
        ("by 2pm", None, T(14)),
        ("between 2 and 4", T(14), T(16)),
        ("2-4pm", T(14), T(16)),
        ("from 10 till 12", T(10), T(12)),
        ("between 9am and 11am", T(9), T(11)),
        ("at 3", T(14, 30), T(15, 30)),
        ("around 4.30", T(16), T(17)),
        ("3pm", T(14, 30), T(15, 30)),
        ("3 pm", T(14, 30), T(15, 30)),
        ("10am", T(9, 30), T(10, 30)),
        ("4ish", T(15, 30), T(16, 30)),
        ("quarter past 4", T(15, 45), T(16, 45)),
        ("quarter to 3", T(14, 15), T(15, 15)),
    ],
)
def test_clock_times(text: str, start: dt.time | None, end: dt.time | None) -> None:
    window = parse_window(text, MONDAY)
    assert window is not None, text
    assert (window.start, window.end, window.day) == (start, end, None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", MORNING), ("2", AFTERNOON), ("3", AFTER_SCHOOL), ("3.", AFTER_SCHOOL), ("two", AFTERNOON),
        ("option 1", MORNING), ("mornings", MORNING), ("morning pls", MORNING), ("in the am", MORNING),
        ("before lunch", MORNING), ("first thing", MORNING), ("afternoons", AFTERNOON),
        ("after lunch", AFTERNOON), ("after school", AFTER_SCHOOL), ("after skool", AFTER_SCHOOL),
        ("when school finishes", AFTER_SCHOOL), ("any time", ANY_TIME), ("anytime", ANY_TIME),
        ("whenever", ANY_TIME), ("asap", ANY_TIME), ("as soon as you can", ANY_TIME),
        ("i dont mind", ANY_TIME), ("no preference", ANY_TIME), ("whenever suits", ANY_TIME),
    ],
)  # fmt: skip
def test_named_parts_of_the_day(text: str, expected: TimeWindow) -> None:
    assert parse_window(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "day", "start", "label"),
    [
        ("tmrw after 4", dt.date(2026, 12, 8), T(16), "tomorrow after 4pm"),
        ("tomorrow morning", dt.date(2026, 12, 8), T(9), "tomorrow in the morning"),
        ("2moro", dt.date(2026, 12, 8), None, "any time tomorrow"),
        ("tmr after school", dt.date(2026, 12, 8), T(15, 30), "tomorrow after school"),
        ("weds after 2", dt.date(2026, 12, 9), T(14), "on Wednesday after 2pm"),
        ("thursday afternoon", dt.date(2026, 12, 10), T(12), "on Thursday in the afternoon"),
        ("friday", dt.date(2026, 12, 11), None, "any time on Friday"),
        ("next tues", dt.date(2026, 12, 8), None, "any time on Tuesday"),
        ("next monday", dt.date(2026, 12, 14), None, "any time on Monday"),
        ("monday", MONDAY, None, "any time today"),
        ("today after 1", MONDAY, T(13), "today after 1pm"),
        ("this afternoon", MONDAY, T(12), "today in the afternoon"),
        ("tonight", MONDAY, T(17), "today in the evening"),
    ],
)
def test_days(text: str, day: dt.date, start: dt.time | None, label: str) -> None:
    window = parse_window(text, MONDAY)
    assert window is not None, text
    assert (window.day, window.start, window.label) == (day, start, label)


@pytest.mark.parametrize(
    "text",
    [
        "call me back please",
        "my daughter is 13",
        "yes",
        "",
        "about my son",
        "i am free",
        "hello",
        "07700 900241",
    ],
)
def test_no_time_given(text: str) -> None:
    assert parse_window(text, MONDAY) is None


def test_a_number_in_a_sentence_is_not_read_as_a_time() -> None:
    window = parse_window("Can someone call me back please? I am free after 3pm", MONDAY)
    assert window is not None and window.start == T(15)


@pytest.mark.parametrize("text", ["after 3pm", "tmrw after 4", "between 2 and 4", "any time", "1"])
def test_slot_round_trip(text: str) -> None:
    window = parse_window(text, MONDAY)
    assert window is not None
    assert TimeWindow.from_slot(window.to_slot()) == window


def test_from_slot_rejects_junk() -> None:
    assert TimeWindow.from_slot(None) is None
    assert TimeWindow.from_slot({"start": "15:00"}) is None


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("i work till 6", T(18), None),
        ("i work til 6 so cant do them", T(18), None),
        ("im at work until 5", T(17), None),
        ("i work 9-5", T(17), None),
        ("at work from 8 till 4", T(16), None),
        ("in lessons until 3.30", T(15, 30), None),
        ("i finish work at 5", T(17), None),
        ("im home by 6", T(18), None),
        ("get home about half 5", T(17, 30), None),
        ("busy after 4", None, T(16)),
        ("not after 6", None, T(18)),
        ("cant talk till after 4", T(16), None),
        ("not mornings", T(12), None),
        ("no mornings please", T(12), None),
        ("cant do mornings", T(12), None),
        ("im busy in the morning", T(12), None),
        ("i work mornings", T(12), None),
        ("I work nights so mornings are no good", T(12), None),
        ("evenings dont work", None, T(17)),
        ("anytime but after school", None, T(15, 30)),
        ("busy till lunch", T(12), T(15, 30)),
    ],
)
def test_when_they_are_busy_the_other_time_is_read(
    text: str, start: dt.time | None, end: dt.time | None
) -> None:
    """Never the time they said they cannot do: a parent at work till 6 is not called before 6."""
    window = parse_window(text, MONDAY)
    assert window is not None and (window.start, window.end) == (start, end), (text, window)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mornings are best, not evenings", MORNING),
        ("morning no good, after school ok", AFTER_SCHOOL),
        ("it would work in the morning", MORNING),
        ("mornings work best", MORNING),
        ("afternoon is fine", AFTERNOON),
    ],
)
def test_a_part_of_the_day_said_plainly_wins(text: str, expected: TimeWindow) -> None:
    assert parse_window(text, MONDAY) == expected


@pytest.mark.parametrize("text", ["not afternoons", "cant do lunchtimes"])
def test_a_ruled_out_part_with_two_stretches_either_side_is_not_read(text: str) -> None:
    """The rest of the day is two stretches: the question is asked again rather than a guess."""
    assert parse_window(text, MONDAY) is None
