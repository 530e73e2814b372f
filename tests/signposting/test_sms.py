from datetime import UTC, datetime, time

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting import format_sms, search
from signposting.gsm import encodes, septets, to_gsm7
from signposting.schedules import OpeningRule
from signposting.search import PhoneInfo, RankedService
from tests.signposting.conftest import MONDAY_1030, MONDAY_1630, MONDAY_2330

TIMES = [MONDAY_1030, MONDAY_1630, MONDAY_2330, datetime(2026, 7, 4, 13, 0, tzinfo=UTC)]


def ranked(**changes: object) -> RankedService:
    base: dict[str, object] = dict(
        id="x",
        name="Test Service",
        sms_description="Help with worries",
        website="https://example.org",
        phones=(PhoneInfo("020 7946 0100", "voice"),),
        schedule=(OpeningRule(frozenset(range(5)), time(9), time(17)),),
        hours="Mon-Fri 9am-5pm",
        timezone="Europe/London",
        is_local=True,
        is_24_7=False,
        open_now=True,
        open_until=datetime(2026, 11, 23, 17, tzinfo=UTC),
        opens_next=None,
        score=(0,),
        reasons=("r",),
    )
    base.update(changes)
    return RankedService(**base)  # type: ignore[arg-type]


@pytest.mark.parametrize("now", TIMES)
async def test_every_shipped_result_fits_one_sms(loaded: AsyncSession, now: datetime) -> None:
    result = await search(loaded, None, None, "Demo Borough", now, limit=100)
    assert result.total >= 20
    for item in result.results:
        message = format_sms(item, now)
        assert encodes(message), message
        assert septets(message) <= 160, message
        # every shipped service has a number but Switchboard, whose number could not be confirmed:
        # with no number the website is given instead (never both)
        assert ("http" in message) == (not item.phones), message


def test_layout_open_now() -> None:
    message = format_sms(ranked(), datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert (
        message == "Test Service: Help with worries\nCall 020 7946 0100\nOpen now till 5pm. Mon-Fri 9am-5pm"
    )


def test_closed_service_says_so_and_when_it_opens() -> None:
    message = format_sms(
        ranked(open_now=False, open_until=None, opens_next=datetime(2026, 11, 24, 9, tzinfo=UTC)),
        datetime(2026, 11, 23, 23, 30, tzinfo=UTC),
    )
    assert "Closed now, opens tomorrow 9am" in message


def test_text_keyword_and_24_7() -> None:
    message = format_sms(
        ranked(phones=(PhoneInfo("85258", "text", "SHOUT"),), is_24_7=True),
        datetime(2026, 11, 23, 10, tzinfo=UTC),
    )
    assert "Text SHOUT to 85258" in message and "Open 24/7" in message


def test_unknown_hours() -> None:
    message = format_sms(
        ranked(schedule=(), open_now=None, open_until=None), datetime(2026, 11, 23, 10, tzinfo=UTC)
    )
    assert message.endswith("Call to check opening times")


@pytest.mark.parametrize(
    ("phones", "website", "ending"),
    [
        ((PhoneInfo("07700 900100", "text"),), "https://example.org", "Text to check opening times"),
        ((), "https://example.org", "Check the website for opening times"),
        ((), None, "Opening times not known"),
    ],
)
def test_unknown_hours_never_say_call_without_a_number_to_call(
    phones: tuple[PhoneInfo, ...], website: str | None, ending: str
) -> None:
    """A web-only (or text-only) service cannot be called to ask when it is open."""
    unknown = ranked(phones=phones, website=website, schedule=(), open_now=None, open_until=None)
    message = format_sms(unknown, datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert message.endswith(ending) and "Call" not in message
    assert encodes(message) and septets(message) <= 160


def test_long_text_is_shortened_but_the_number_survives() -> None:
    long = ranked(
        name="The Extremely Long Named Borough Wide Young Peoples Emotional Wellbeing Service " * 2,
        sms_description="A very long description that goes on " * 8,
        phones=(PhoneInfo("020 7946 0100", "voice"), PhoneInfo("07700 900100", "text")),
    )
    message = format_sms(long, datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert septets(message) <= 160
    assert "020 7946 0100" in message and "07700 900100" in message


def test_curly_quotes_and_dashes_become_gsm7() -> None:
    message = format_sms(ranked(name="Mind’s “Space” – Café"), datetime(2026, 11, 23, 10, tzinfo=UTC))
    assert message.startswith('Mind\'s "Space" - Caf\u00e9')  # é is GSM-7
    assert encodes(message)


def test_url_only_when_there_is_no_number_and_telegram_adds_the_website() -> None:
    now = datetime(2026, 11, 23, 10, tzinfo=UTC)
    assert "See https://example.org" in format_sms(ranked(phones=()), now)
    assert format_sms(ranked(), now, channel="telegram").endswith("\nhttps://example.org")
    assert "https" not in format_sms(ranked(), now)
    with pytest.raises(ValueError):
        format_sms(ranked(), now, channel="fax")


def test_extension_characters_count_double() -> None:
    assert septets("[x]") == 5
    assert to_gsm7("a\u00a0b\u2026") == "a b..."
