"""A pupil who moves school counts for the school they were with when each thing happened."""

from __future__ import annotations

import datetime as dt

from bot.app.context import AppContext
from bot.features.reports.data import load
from bot.features.reports.periods import month
from bot.features.reports.school_history import SchoolHistory
from bot.storage.models import AuditEvent, Contact, School
from safeguarding.models import Escalation


def day(n: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, n, hour, tzinfo=dt.UTC)


def test_the_school_at_each_moment_follows_the_joins() -> None:
    history = SchoolHistory.build(
        [(1, 20), (2, 7), (3, None), (4, 30)],
        [
            (1, day(10), {"school_id": 10, "previous_school_id": None}),
            (1, day(20), {"school_id": 20, "previous_school_id": 10}),
            (4, day(5), {"school_id": 30, "previous_school_id": 9}),
            (4, day(1), {"school_id": "9"}),  # out of order, and an id written as text: still read
        ],
    )
    assert history.at(1, day(9)) == 10  # before the first join, which left no school: the school joined
    assert history.at(1, day(10)) == 10 and history.at(1, day(19)) == 10
    assert history.at(1, day(20)) == 20 and history.at(1, day(31)) == 20
    assert history.at(2, day(1)) == 7  # no join recorded: the school now
    assert history.at(3, day(1)) is None and history.at(None, day(1)) is None
    assert history.at(4, day(3)) == 9 and history.at(4, day(6)) == 30
    assert history.at(1, dt.datetime(2026, 3, 15, 12)) == 10  # naive is UTC


def test_a_bad_school_id_in_an_event_is_no_school_not_a_crash() -> None:
    history = SchoolHistory.build([(1, 5)], [(1, day(10), {"school_id": True}), (1, day(12), {})])
    assert history.at(1, day(11)) is None and history.at(1, day(13)) is None


async def test_a_case_before_a_move_stays_with_the_old_school_in_the_report(app: AppContext) -> None:
    async with app.db.session() as s:
        ash, elm = (
            School(name="Ash", local_authority="T", created_at=day(1)),
            School(name="Elm", local_authority="T", created_at=day(1)),
        )
        s.add_all([ash, elm])
        await s.flush()
        assert ash.id is not None and elm.id is not None
        pupil = Contact(
            channel="sms", address="+447700900555", school_id=elm.id, first_seen=day(1), last_seen=day(1)
        )
        s.add(pupil)
        await s.flush()
        assert pupil.id is not None
        for when, school, left in ((day(2), ash.id, None), (day(20), elm.id, ash.id)):
            s.add(
                AuditEvent(
                    at=when,
                    actor=f"contact:{pupil.id}",
                    action="school.joined",
                    subject_type="contact",
                    subject_id=str(pupil.id),
                    details={"school_id": school, "previous_school_id": left},
                )
            )
        for ref, when in (("E1", day(10)), ("E2", day(25))):
            s.add(Escalation(ref=ref, contact_id=pupil.id, severity="high", created_at=when))
        await s.commit()
    async with app.db.session() as s:
        data = await load(s, month("2026-03", "Europe/London"))
    assert sorted((c.school, c.created.day) for c in data.cases) == [(ash.id, 10), (elm.id, 25)]
