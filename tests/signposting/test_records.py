from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.records import get_signposting, record_followup_answer, record_signposting

NOW = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)


async def test_record_and_read_back(session: AsyncSession) -> None:
    record_id = await record_signposting(
        session, 42, "bullying", ["demo-kind-words", "national-childline"], NOW
    )
    await session.commit()
    view = await get_signposting(session, record_id)
    assert view is not None
    assert (view.contact_id, view.need, view.service_ids) == (
        42,
        "bullying",
        ("demo-kind-words", "national-childline"),
    )
    assert view.created_at == NOW and view.followup_answer is None


async def test_followup_answer(session: AsyncSession) -> None:
    record_id = await record_signposting(session, 7, None, ["x"], NOW)
    later = datetime(2026, 11, 30, 18, 0, tzinfo=timezone(timedelta(hours=1)))
    await record_followup_answer(session, record_id, " NO ", later)
    view = await get_signposting(session, record_id)
    assert view is not None and view.followup_answer == "no" and view.followup_answered_at == later
    with pytest.raises(ValueError):
        await record_followup_answer(session, record_id, "maybe", later)
    with pytest.raises(LookupError):
        await record_followup_answer(session, 9999, "yes", later)


async def test_naive_time_refused(session: AsyncSession) -> None:
    with pytest.raises(ValueError):
        await record_signposting(session, 1, None, [], datetime(2026, 11, 23, 10))
