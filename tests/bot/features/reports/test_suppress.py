"""Small-number suppression: the 0 / 4 / 5 boundary, breakdowns, and derived figures that could give a
suppressed count away."""

from __future__ import annotations

import pytest

from bot.features.reports.figures import Figure, Scope, Section
from bot.features.reports.suppress import display, suppress_figures, suppress_report


def count(key: str, value: int, group: str | None = None) -> Figure:
    return Figure(key, key, "count", value, group=group)


@pytest.mark.parametrize(("value", "shown"), [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12, "12")])
def test_counts_from_1_to_4_show_as_fewer_than_5(value: int, shown: str) -> None:
    (f,) = suppress_figures([count("n", value)])
    assert display(f) == shown


def test_one_suppressed_member_of_a_breakdown_takes_the_next_smallest_with_it() -> None:
    figures = suppress_figures(
        [count("t", 17), count("a", 10, "t"), count("b", 6, "t"), count("c", 1, "t"), count("d", 0, "t")]
    )
    assert [display(f) for f in figures] == ["17", "10", "hidden", "<5", "0"]


def test_a_lone_suppressed_member_with_no_other_takes_the_total() -> None:
    figures = suppress_figures([count("t", 3 + 0), count("a", 3, "t"), count("b", 0, "t")])
    assert [display(f) for f in figures] == ["<5", "<5", "0"]
    figures = suppress_figures([count("t", 9), count("a", 4, "t"), count("b", 5, "t")])
    assert [display(f) for f in figures] == ["9", "<5", "hidden"]


def test_two_suppressed_members_need_nothing_more() -> None:
    figures = suppress_figures([count("t", 15), count("a", 2, "t"), count("b", 3, "t"), count("c", 10, "t")])
    assert [display(f) for f in figures] == ["15", "<5", "<5", "10"]


def rate(num: int, den: int) -> list[Figure]:
    value = 100 * num / den if den else None
    return suppress_figures(
        [count("n", num), count("d", den), Figure("r", "r", "percent", value, ("n", "d"), ("n", "d"))]
    )


@pytest.mark.parametrize(
    ("num", "den", "shown"),
    [
        (5, 10, "50%"),
        (4, 10, "suppressed"),
        (5, 9, "suppressed"),
        (15, 19, "suppressed"),
        (15, 20, "75%"),
        (20, 20, "100%"),
        (0, 10, "0%"),
        (0, 0, "none"),
    ],
)
def test_a_rate_is_hidden_when_its_parts_or_their_difference_are_small(
    num: int, den: int, shown: str
) -> None:
    assert display(rate(num, den)[2]) == shown


@pytest.mark.parametrize(("n", "shown"), [(4, "suppressed"), (5, "25 min")])
def test_a_median_is_hidden_when_it_rests_on_fewer_than_5(n: int, shown: str) -> None:
    figures = suppress_figures([count("n", n), Figure("m", "m", "minutes", 25.0, ("n",))])
    assert display(figures[1]) == shown


def test_unsuppressed_figures_show_exactly() -> None:
    assert display(Figure("n", "n", "count", 3)) == "3"
    assert display(Figure("m", "m", "minutes", 125.4)) == "2 h 05 min"
    assert display(Figure("c", "c", "change", 1.25)) == "+1.2"


def test_counts_of_schools_are_not_suppressed() -> None:
    (f,) = suppress_figures([Figure("s", "s", "count", 3, about_people=False)])
    assert display(f) == "3"


def scope(name: str, school: int | None, *figures: Figure) -> Scope:
    return Scope(name, school, (Section("s", figures),))


def shown(s: Scope) -> dict[str, str]:
    return {k: display(f) for k, f in s.figures().items()}


def test_one_school_small_count_is_not_given_away_by_the_overall_and_the_other_schools() -> None:
    rate = Figure("r", "r", "percent", 50.0, ("n", "d"), ("n", "d"))
    overall = scope("all", None, count("n", 16), count("d", 40), rate)
    ash = scope("ash", 1, count("n", 10), count("d", 20), rate)
    elm = scope("elm", 2, count("n", 3), count("d", 10), rate)
    oak = scope("oak", 3, count("n", 3 + 0), count("d", 10), rate)
    top, (a, e, o) = suppress_report(overall, [ash, elm, oak])
    assert shown(top)["n"] == "16" and shown(e)["n"] == "<5" and shown(o)["n"] == "<5"
    assert shown(a)["n"] == "10"  # two small schools: neither can be worked out
    top, (a, e) = suppress_report(
        scope("all", None, count("n", 13)), [scope("ash", 1, count("n", 10)), scope("elm", 2, count("n", 3))]
    )
    assert (shown(top)["n"], shown(a)["n"], shown(e)["n"]) == ("13", "hidden", "<5")
    top, (e,) = suppress_report(scope("all", None, count("n", 13)), [scope("elm", 2, count("n", 3))])
    assert (shown(top)["n"], shown(e)["n"]) == ("hidden", "<5")  # only the overall is left to hide


def test_a_rate_resting_on_a_count_hidden_across_schools_is_hidden() -> None:
    rate = Figure("r", "r", "percent", 50.0, ("n", "d"), ("n", "d"))
    _, (a, _) = suppress_report(
        scope("all", None, count("n", 13), count("d", 30), rate),
        [
            scope("ash", 1, count("n", 10), count("d", 20), rate),
            scope("elm", 2, count("n", 3), count("d", 10), rate),
        ],
    )
    assert shown(a) == {"n": "hidden", "d": "20", "r": "suppressed"}


def test_the_people_per_school_lines_match_each_school() -> None:
    people = [
        count("contacts.people", 20),
        count("reach.school_1", 17, "contacts.people"),
        count("reach.school_2", 3, "contacts.people"),
    ]
    top, (a, e) = suppress_report(
        scope("all", None, *people),
        [scope("ash", 1, count("contacts.people", 17)), scope("elm", 2, count("contacts.people", 3))],
    )
    assert shown(top) == {"contacts.people": "20", "reach.school_1": "hidden", "reach.school_2": "<5"}
    assert shown(a)["contacts.people"] == "hidden" and shown(e)["contacts.people"] == "<5"
