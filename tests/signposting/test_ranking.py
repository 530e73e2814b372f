"""Ranking with a fixed clock: a service that closes within 30 minutes is not sold as "open now" first."""

from datetime import UTC, datetime, time

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting import format_sms, search
from signposting.gsm import encodes, septets
from signposting.ranking import availability, reasons, score
from signposting.schedules import OpeningRule

# Friday 27 November 2026 is in GMT, so UTC and Europe/London agree.
FRIDAY_1555 = datetime(2026, 11, 27, 15, 55, tzinfo=UTC)
WEEKDAYS = frozenset(range(5))
TILL_FOUR = (OpeningRule(WEEKDAYS, time(9), time(16)),)
TILL_FIVE = (OpeningRule(WEEKDAYS, time(9), time(17)),)
ALWAYS = (OpeningRule(frozenset(range(7)), time(0), time(0)),)
UNKNOWN = (OpeningRule(WEEKDAYS, None, None),)


@pytest.mark.parametrize(
    ("minute", "closing"), [(29, False), (30, True), (31, True), (59, True)], ids=lambda v: str(v)
)
def test_closing_soon_means_within_30_minutes(minute: int, closing: bool) -> None:
    avail = availability(TILL_FOUR, datetime(2026, 11, 27, 15, minute, tzinfo=UTC))
    assert avail.open_now and avail.closing_soon is closing


def test_closing_soon_ranks_after_open_longer_and_24_7_but_before_unknown_hours() -> None:
    def key(rules: tuple[OpeningRule, ...], local: bool) -> tuple[int, ...]:
        return score(availability(rules, FRIDAY_1555), local, True, 1)

    closing_local = key(TILL_FOUR, True)
    assert key(TILL_FIVE, False) < closing_local  # open for longer, even national
    assert key(ALWAYS, False) < closing_local  # a 24/7 line
    assert closing_local < key(UNKNOWN, True)  # still open now: better than unknown hours
    assert key(TILL_FOUR, True) < key(TILL_FOUR, False)  # among closing-soon ones, local first


def test_the_reason_says_it_closes_soon() -> None:
    why = reasons(
        availability(TILL_FOUR, FRIDAY_1555),
        need=None, named_need=False, is_local=True, area="Demo Borough", age=None,
        min_age=None, max_age=None, now=FRIDAY_1555, tz="Europe/London",
    )  # fmt: skip
    assert "open now but closes soon (4pm)" in why


async def test_search_at_1555_puts_the_4pm_service_after_the_longer_open_ones(loaded: AsyncSession) -> None:
    result = await search(loaded, None, 13, "Demo Borough", FRIDAY_1555, limit=100)
    ids = [r.id for r in result.results]
    closing = result.results[ids.index("demo-school-counselling")]
    assert closing.open_now and closing.closing_soon
    before = result.results[: ids.index("demo-school-counselling")]
    assert all(r.open_now is not None and not r.closing_soon for r in before)  # open, or opening soon
    longer = [r.id for r in result.results if r.open_now and not r.closing_soon]
    assert any(r.is_24_7 for r in before)
    assert set(longer) <= {r.id for r in before}  # every 24/7 line and service open for longer is first
    message = format_sms(closing, FRIDAY_1555)
    assert "Open now but closes at 4pm" in message
    for item in result.results:
        for channel in ("sms", "telegram"):
            text = format_sms(item, FRIDAY_1555, channel)
            assert encodes(text), text
        assert septets(format_sms(item, FRIDAY_1555)) <= 160
