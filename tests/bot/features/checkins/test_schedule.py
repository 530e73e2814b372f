"""When check-ins fall due: weekly and fortnightly at local time, clocks changing, quiet hours, skipped
holidays, school holidays, and ends. Pure: plans are not stored."""

from __future__ import annotations

import datetime as dt

from bot.features.checkins.schedule import allowed, due_from, ended, nominal
from bot.features.checkins.tables import CheckinPlan
from flows.calendar import Term, TermDates
from flows.context import ServiceInfo
from tests.support import at_london

SERVICE = ServiceInfo(bank_holidays="england-and-wales")
NO_TERMS = TermDates()


def _plan(**kw: object) -> CheckinPlan:
    base: dict[str, object] = {
        "contact_id": 1,
        "kind": "waiting_well",
        "weekday": "mon",
        "local_time": dt.time(16, 0),
        "starts_on": dt.date(2026, 10, 14),
        "owner": "demo.duty",
        "created_by": "t",
        "created_at": at_london(2026, 10, 1, 9),
    }
    return CheckinPlan(**{**base, **kw})


def test_weekly_at_local_time_across_the_clocks_going_back() -> None:
    plan = _plan()
    assert nominal(plan, 0, SERVICE) == at_london(2026, 10, 19, 16)  # first Monday on or after Wed 14 Oct
    assert nominal(plan, 0, SERVICE).hour == 15  # 16:00 BST is 15:00 UTC
    assert nominal(plan, 1, SERVICE) == at_london(2026, 10, 26, 16)  # after the clocks go back (25 Oct)
    assert nominal(plan, 1, SERVICE).hour == 16  # 16:00 GMT


def test_fortnightly() -> None:
    plan = _plan(frequency="fortnightly")
    assert nominal(plan, 1, SERVICE) == at_london(2026, 11, 2, 16)


def test_quiet_hours_move_to_the_morning() -> None:
    plan = _plan(local_time=dt.time(21, 30))
    assert allowed(plan, nominal(plan, 0, SERVICE), SERVICE, NO_TERMS) == at_london(2026, 10, 20, 8)


def test_holidays_carry_on_unless_the_plan_skips_them() -> None:
    carry_on = _plan(starts_on=dt.date(2026, 12, 21))
    assert due_from(carry_on, at_london(2026, 12, 22, 9), SERVICE, NO_TERMS).at == at_london(2026, 12, 28, 16)  # type: ignore[union-attr]
    skips = _plan(starts_on=dt.date(2026, 12, 21), skip_holidays=True)
    assert due_from(skips, at_london(2026, 12, 22, 9), SERVICE, NO_TERMS).at == at_london(2026, 12, 29, 16)  # type: ignore[union-attr]


def test_skipping_school_holidays_when_terms_are_known() -> None:
    terms = TermDates(
        (
            Term("autumn 1", dt.date(2026, 9, 3), dt.date(2026, 10, 23)),
            Term("autumn 2", dt.date(2026, 11, 2), dt.date(2026, 12, 18)),
        )
    )
    plan = _plan(skip_holidays=True)
    # Mon 26 Oct is half term: moved day by day to Mon 2 Nov, the first day back
    assert allowed(plan, nominal(plan, 1, SERVICE), SERVICE, terms) == at_london(2026, 11, 2, 16)


def test_ends_by_count_and_by_date() -> None:
    assert ended(_plan(end_after=2), 2, SERVICE) and not ended(_plan(end_after=2), 1, SERVICE)
    by_date = _plan(end_on=dt.date(2026, 10, 26))
    assert not ended(by_date, 1, SERVICE) and ended(by_date, 2, SERVICE)
    assert due_from(_plan(end_after=1), at_london(2026, 10, 20, 9), SERVICE, NO_TERMS) is None
