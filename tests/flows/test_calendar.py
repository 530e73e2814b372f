"""The team's calendar: bank holidays from the holidays library, closed dates, terms, clocks changing."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.calendar import Term, TermDates, bank_holiday, bank_holidays_between
from flows.calendar_questions import TeamCalendarFlow
from flows.catalogue import load_catalogue
from flows.context import ServiceInfo
from flows.engine import IDLE, ContactView, FlowContext, Reply, StartFlow
from tests.support import at_london

ENGLAND = ServiceInfo(bank_holidays="england-and-wales")
CHRISTMAS_CLOSURE = ServiceInfo(
    bank_holidays="england-and-wales", closed_dates=(dt.date(2026, 12, 24), dt.date(2026, 12, 31))
)


def test_bank_holidays_come_from_the_library() -> None:
    assert bank_holiday(dt.date(2026, 12, 28), "england-and-wales") == "Boxing Day (observed)"
    assert bank_holiday(dt.date(2026, 8, 31), "england-and-wales") == "Late Summer Bank Holiday"
    assert bank_holiday(dt.date(2026, 8, 3), "scotland") is not None  # Scotland's summer holiday
    assert bank_holiday(dt.date(2026, 8, 31), "scotland") is None
    assert bank_holiday(dt.date(2026, 12, 28), "none") is None
    easter = bank_holidays_between(dt.date(2027, 3, 1), dt.date(2027, 4, 30), "england-and-wales")
    assert sorted(easter) == [dt.date(2027, 3, 26), dt.date(2027, 3, 29)]


@pytest.mark.parametrize(
    ("service", "when", "opens", "words"),
    [
        # Christmas week 2026: Fri 25 and Mon 28 (Boxing Day observed) are bank holidays
        (ENGLAND, at_london(2026, 12, 24, 18), at_london(2026, 12, 29, 9), "Tue 29 Dec at 9am"),
        (ENGLAND, at_london(2026, 12, 28, 11), at_london(2026, 12, 29, 9), "Tue 29 Dec at 9am"),
        # the team's own closed dates on top
        (CHRISTMAS_CLOSURE, at_london(2026, 12, 23, 17), at_london(2026, 12, 29, 9), "Tue 29 Dec at 9am"),
        (CHRISTMAS_CLOSURE, at_london(2026, 12, 30, 17), at_london(2027, 1, 4, 9), "Mon 4 Jan at 9am"),
        # Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar
        (ENGLAND, at_london(2027, 3, 25, 17, 30), at_london(2027, 3, 30, 9), "Tue 30 Mar at 9am"),
        # a bank holiday Monday in May
        (ENGLAND, at_london(2026, 5, 22, 20), at_london(2026, 5, 26, 9), "Tue 26 May at 9am"),
        (ENGLAND, at_london(2026, 5, 25, 9, 30), at_london(2026, 5, 26, 9), "Tue 26 May at 9am"),
        # an ordinary day in office hours: now
        (ENGLAND, at_london(2026, 5, 26, 9, 30), at_london(2026, 5, 26, 9, 30), "Tue 26 May at 9.30am"),
    ],
)
def test_next_time_the_team_reads_texts(
    service: ServiceInfo, when: dt.datetime, opens: dt.datetime, words: str
) -> None:
    assert service.next_office_open(when) == opens
    assert service.next_open_text(when) == words


def test_closure_names_the_reason() -> None:
    assert ENGLAND.closure(dt.date(2026, 12, 25)) == "Christmas Day"
    assert CHRISTMAS_CLOSURE.closure(dt.date(2026, 12, 31)) == "closed"
    assert ENGLAND.closure(dt.date(2026, 12, 29)) is None
    assert ENGLAND.closure(dt.date(2026, 12, 27)) is None  # a Sunday: not an office day, not a closure


def test_clocks_changing() -> None:
    """9am local on the Monday after the clocks go back (25 Oct 2026) is 09:00 UTC, after they go
    forward (29 Mar 2026) 08:00 UTC; quiet hours end at 8am local either side."""
    friday_night = at_london(2026, 10, 23, 18)
    assert ENGLAND.next_office_open(friday_night).astimezone(dt.UTC) == dt.datetime(
        2026, 10, 26, 9, tzinfo=dt.UTC
    )
    spring = at_london(2026, 3, 27, 18)
    assert ENGLAND.next_office_open(spring).astimezone(dt.UTC) == dt.datetime(2026, 3, 30, 8, tzinfo=dt.UTC)
    night = dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC)  # 00:30 GMT; at 01:00 GMT it is 02:00 BST
    assert ENGLAND.after_quiet_hours(night) == dt.datetime(2026, 3, 29, 7, tzinfo=dt.UTC)


def test_term_dates() -> None:
    terms = TermDates(
        (
            Term("autumn", dt.date(2026, 9, 3), dt.date(2026, 12, 18)),
            Term("spring", dt.date(2027, 1, 5), dt.date(2027, 3, 26)),
        )
    )
    assert terms.in_term(dt.date(2026, 10, 1))
    assert not terms.in_term(dt.date(2026, 12, 24))
    assert terms.next_term_start(dt.date(2026, 12, 24)) == dt.date(2027, 1, 5)
    assert terms.term_end(dt.date(2026, 10, 1)) == dt.date(2026, 12, 18)
    assert terms.known(dt.date(2026, 12, 24)) and not terms.known(dt.date(2026, 8, 10))


def _ask(text: str, when: dt.datetime) -> str:
    ctx = FlowContext(
        now=when, contact=ContactView(id=1, channel="sms"), service=ENGLAND, catalogue=load_catalogue()
    )
    result = TeamCalendarFlow().handle(IDLE, StartFlow(text=text), ctx)
    return " ".join(e.text for e in result.effects if isinstance(e, Reply))


def test_holiday_answers_come_from_the_calendar() -> None:
    easter = _ask("are you open over easter", at_london(2027, 3, 10, 11))
    assert "closed on Fri 26 Mar and Mon 29 Mar" in easter
    summer = _ask("is this still open in the summer hols", at_london(2026, 7, 1, 11))
    assert "all year, in school holidays too" in summer and "Mon 31 Aug (bank holiday)" in summer
    boxing = _ask("do u work at christmas", at_london(2026, 12, 28, 10))
    assert "Today is a bank holiday" in boxing and "Tue 29 Dec at 9am" in boxing
