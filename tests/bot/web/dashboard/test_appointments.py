"""`/appointments`: roles, the day and week views (local times, clock-change days), booking with the
CLI's checks, attended / did not attend / cancel (one audit event each), CSRF, a practitioner's scope,
and the CSV import (row errors as file:row, a dry-run preview, then booking)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlmodel import col, select

from bot.app.clock import FixedClock
from bot.app.context import AppContext
from bot.features.appointments.entry import book_entered
from bot.features.appointments.models import Appointment
from bot.storage.models import ScheduledItem
from bot.web.dashboard.appointment_data import span
from tests.bot.web.dashboard.care_support import PUPIL, PUPIL_TYPED, pupil, token
from tests.bot.web.dashboard.support import actions, add_staff, client, sign_in

LONDON = ZoneInfo("Europe/London")
PAGES = ("/appointments", "/appointments?view=week", "/appointments/import")


@pytest.fixture
async def school(app: AppContext) -> int:
    return await add_staff(app)


def booking(csrf: str, **changes: str) -> dict[str, str]:
    form = {
        "csrf": csrf, "phone": PUPIL_TYPED, "date": "2026-11-18", "time": "16:00", "kind": "school",
        "practitioner": "prac", "name": "", "minutes": "45", "place": "Oak Academy, Room 4", "weekly": "1",
    }  # fmt: skip
    return {**form, **changes}


async def book(app: AppContext, start: str = "2026-11-18 16:00", who: str = "prac") -> int:
    async with app.db.session() as session:
        made = await book_entered(
            app, session, phone=PUPIL, start=start, kind="phone", actor="practitioner:duty", practitioner=who
        )
        await session.commit()
        assert made[0].id is not None
        return made[0].id


async def appointments(app: AppContext) -> list[Appointment]:
    async with app.db.session() as session:
        return list((await session.exec(select(Appointment).order_by(col(Appointment.id)))).all())


@pytest.mark.parametrize("username", ["duty", "prac", "admin"])
async def test_workers_open_the_pages(app: AppContext, school: int, username: str) -> None:
    async with client(app) as c:
        await sign_in(c, username)
        for path in PAGES:
            response = await c.get(path)
            assert response.status_code == 200, path
        assert 'href="/appointments" aria-current="page"' in (await c.get("/appointments")).text


async def test_a_school_lead_gets_403_everywhere_and_no_one_signed_out_gets_in(
    app: AppContext, school: int
) -> None:
    await pupil(app, school)
    appt = await book(app)
    async with client(app) as c:
        for path in PAGES:
            response = await c.get(path)
            assert response.status_code == 303 and response.headers["location"] == "/login"
        await sign_in(c, "lead")
        csrf = await token(c, "/schools")
        for path in PAGES:
            assert (await c.get(path)).status_code == 403, path
        assert (await c.post("/appointments/new", data=booking(csrf))).status_code == 403
        assert (await c.post(f"/appointments/{appt}/cancel", data={"csrf": csrf})).status_code == 403
        assert (await c.post("/appointments/import", data={"csrf": csrf})).status_code == 403
        assert 'href="/appointments"' not in (await c.get("/schools")).text
    assert [a.status for a in await appointments(app)] == ["booked"]


async def test_booking_from_the_form_shows_it_in_the_day_and_week_views(app: AppContext, school: int) -> None:
    await pupil(app, school)
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = await token(c, "/appointments")
        response = await c.post("/appointments/new", data=booking(csrf))
        assert response.status_code == 303
        where = response.headers["location"]
        assert where == "/appointments?view=day&date=2026-11-18&done=booked"
        assert "900001" not in where
        day = (await c.get(where)).text
        assert "Booked. Reminders are planned." in day
        assert "16:00-16:45" in day and "Oak Academy, Room 4" in day and ">booked<" in day
        assert "ends 001" in day and PUPIL not in day and "900001" not in day
        assert "next Mon 16 Nov" not in day and "next Tue 17 Nov" in day  # 48 h before 4pm Wed is past
        week = (await c.get("/appointments?view=week&date=2026-11-20")).text
        assert "Week of Monday 16 November 2026" in week and "16:00-16:45" in week
        other_day = (await c.get("/appointments?date=2026-11-19")).text
        assert "16:00-16:45" not in other_day and "No appointments." in other_day
    assert await actions(app, "appointment.") == ["practitioner:duty appointment.booked"]
    (appt,) = await appointments(app)
    assert appt.start_at == dt.datetime(2026, 11, 18, 16, 0, tzinfo=dt.UTC)
    assert appt.created_by == "practitioner:duty"


async def test_a_course_books_weekly_sessions(app: AppContext, school: int) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        csrf = await token(c, "/appointments")
        response = await c.post("/appointments/new", data=booking(csrf, weekly="3", kind="phone"))
        assert response.status_code == 303
    booked = await appointments(app)
    assert [a.start_at.date() for a in booked] == [dt.date(2026, 11, d) for d in (18, 25)] + [
        dt.date(2026, 12, 2)
    ]
    assert len({a.course_id for a in booked}) == 1 and booked[0].course_id


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"date": "2026-11-16"}, "start is in the past"),
        ({"phone": "call me"}, "phone:"),
        ({"kind": "pigeon"}, "kind must be one of"),
        ({"practitioner": "", "name": ""}, "give the practitioner"),
        ({"practitioner": "nobody"}, "is not an active practitioner"),
        ({"minutes": "2"}, "between 5 and 480"),
        ({"weekly": "x"}, "Sessions must be a whole number"),
        ({"time": "25:00"}, "start:"),
    ],
)
async def test_a_booking_the_service_refuses_is_explained_and_nothing_is_booked(
    app: AppContext, school: int, changes: dict[str, str], message: str
) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = await token(c, "/appointments")
        response = await c.post("/appointments/new", data=booking(csrf, **changes))
        assert response.status_code == 400
        assert "Not booked:" in response.text and message in response.text
        assert 'value="Oak Academy, Room 4"' in response.text  # what was typed is kept
    assert await appointments(app) == []


async def test_a_post_without_the_csrf_token_is_refused(app: AppContext, school: int) -> None:
    await pupil(app, school)
    appt = await book(app)
    async with client(app) as c:
        await sign_in(c, "duty")
        form = booking("forged")
        assert (await c.post("/appointments/new", data=form)).status_code == 403
        assert (await c.post(f"/appointments/{appt}/cancel", data={})).status_code == 403
        assert (await c.post("/appointments/import/confirm", data={"content": "x"})).status_code == 403
    assert [a.status for a in await appointments(app)] == ["booked"]


async def test_attended_did_not_attend_and_cancel(app: AppContext, school: int, clock: FixedClock) -> None:
    await pupil(app, school)
    first = await book(app, "2026-11-18 16:00")
    second = await book(app, "2026-11-18 17:00")
    third = await book(app, "2026-11-19 09:00")
    async with client(app) as c:
        await sign_in(c, "prac")
        csrf = await token(c, "/appointments")
        early = await c.post(f"/appointments/{first}/attended", data={"csrf": csrf})
        assert early.status_code == 400 and "has not started yet" in early.text
        clock.set(dt.datetime(2026, 11, 18, 18, 0, tzinfo=dt.UTC))
        await sign_in(c, "prac")  # the session ended while the clock moved on
        csrf = await token(c, "/appointments")
        day = (await c.get("/appointments?date=2026-11-18")).text
        assert day.count(">Attended</button>") == 2
        done = await c.post(f"/appointments/{first}/attended", data={"csrf": csrf, "view": "week"})
        assert done.headers["location"] == "/appointments?view=week&date=2026-11-18&done=attended"
        await c.post(f"/appointments/{second}/dna", data={"csrf": csrf})
        cancelled = await c.post(f"/appointments/{third}/cancel", data={"csrf": csrf})
        assert cancelled.status_code == 303
        shown = (await c.get("/appointments?view=week&date=2026-11-18")).text
        assert ">attended<" in shown and ">did not attend<" in shown and ">cancelled<" in shown
        again = await c.post(f"/appointments/{third}/cancel", data={"csrf": csrf})
        assert again.status_code == 400 and "only open ones can be cancelled" in again.text
        assert (await c.post(f"/appointments/{third}/explode", data={"csrf": csrf})).status_code == 404
        assert (await c.post("/appointments/999/attended", data={"csrf": csrf})).status_code == 404
    assert [a.status for a in await appointments(app)] == ["attended", "did_not_attend", "cancelled_by_team"]
    assert (await actions(app, "appointment."))[3:] == [
        "practitioner:prac appointment.attended",
        "practitioner:prac appointment.did_not_attend",
        "practitioner:prac appointment.cancelled_by_team",
    ]
    async with app.db.session() as session:
        pending = await session.exec(
            select(ScheduledItem).where(
                col(ScheduledItem.dedupe_key).startswith(f"appt:{third}:"), ScheduledItem.status == "pending"
            )
        )
        assert pending.all() == []


async def test_a_practitioner_sees_their_schools_and_their_own_appointments_only(
    app: AppContext, school: int
) -> None:
    await pupil(app, school)
    await pupil(app, None, "+447700900002")
    at_school = await book(app, "2026-11-18 10:00", who="duty")
    async with app.db.session() as session:
        (mine,) = await book_entered(
            app, session, phone="+447700900002", start="2026-11-18 11:00", kind="video",
            actor="practitioner:duty", practitioner="other",
        )  # fmt: skip
        (theirs,) = await book_entered(
            app, session, phone="+447700900002", start="2026-11-18 12:00", kind="video",
            actor="practitioner:duty", practitioner="duty",
        )  # fmt: skip
        await session.commit()
    async with client(app) as c:
        await sign_in(c, "other")
        csrf = await token(c, "/appointments")
        day = (await c.get("/appointments?date=2026-11-18")).text
        assert f'data-appointment="{mine.id}"' in day
        assert f'data-appointment="{at_school}"' not in day and f'data-appointment="{theirs.id}"' not in day
        assert (await c.post(f"/appointments/{at_school}/cancel", data={"csrf": csrf})).status_code == 404
    async with client(app) as c:
        await sign_in(c, "prac")
        day = (await c.get("/appointments?date=2026-11-18")).text
        assert f'data-appointment="{at_school}"' in day and f'data-appointment="{theirs.id}"' not in day
    async with client(app) as c:
        await sign_in(c, "duty")
        day = (await c.get("/appointments?date=2026-11-18")).text
        assert all(f'data-appointment="{i}"' in day for i in (at_school, mine.id, theirs.id))


def test_a_day_is_local_midnight_to_midnight_also_when_the_clocks_change() -> None:
    spring = span("day", dt.date(2027, 3, 28), LONDON)
    assert (spring.end - spring.start) == dt.timedelta(hours=23)
    assert spring.start == dt.datetime(2027, 3, 28, 0, 0, tzinfo=dt.UTC)
    autumn = span("day", dt.date(2026, 10, 25), LONDON)
    assert (autumn.end - autumn.start) == dt.timedelta(hours=25)
    assert autumn.start == dt.datetime(2026, 10, 24, 23, 0, tzinfo=dt.UTC)
    week = span("week", dt.date(2026, 10, 28), LONDON)
    assert week.days[0] == dt.date(2026, 10, 26) and len(week.days) == 7
    assert (week.previous, week.next) == (dt.date(2026, 10, 19), dt.date(2026, 11, 2))


async def test_a_clock_change_day_shows_local_times_and_says_so(app: AppContext, school: int) -> None:
    await pupil(app, school)
    late = await book(app, "2027-03-27 23:30")  # Saturday, GMT
    early = await book(app, "2027-03-28 00:30")  # Sunday, still GMT (clocks go forward at 1am)
    later = await book(app, "2027-03-28 10:00")  # Sunday, BST: 09:00 UTC
    async with client(app) as c:
        await sign_in(c, "duty")
        sunday = (await c.get("/appointments?date=2027-03-28")).text
        assert "it has 23 hours" in sunday
        assert f'data-appointment="{early}"' in sunday and f'data-appointment="{later}"' in sunday
        assert f'data-appointment="{late}"' not in sunday
        assert "10:00-10:45" in sunday and "00:30-01:15" not in sunday and "00:30-02:15" in sunday
        ordinary = (await c.get("/appointments?date=2027-03-29")).text
        assert "hours." not in ordinary
        odd = await c.get("/appointments?date=tomorrow")
        assert odd.status_code == 200 and "That is not a date" in odd.text


GOOD = (
    "phone,start,kind,practitioner,place,sessions\n"
    "07700 900001,2026-11-20 10:00,school,prac,Room 4,2\n"
    "+447700900003,2026-11-21 11:30,video,duty,,1\n"
)
BROKEN = (
    "phone,start,kind,practitioner\n"
    "07700 900001,2026-11-20 10:00,school,prac\n"
    "07700 900003,2026-11-21 11:30,pigeon,duty\n"
    "not a number,yesterday,phone,prac\n"
)


async def _upload(c: httpx.AsyncClient, csrf: str, text: str, name: str = "bookings.csv") -> httpx.Response:
    return await c.post(
        "/appointments/import", data={"csrf": csrf}, files={"file": (name, text.encode(), "text/csv")}
    )


async def test_an_import_with_a_broken_row_names_each_problem_and_books_nothing(
    app: AppContext, school: int
) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = await token(c, "/appointments/import")
        response = await _upload(c, csrf, BROKEN, "../../etc/term 1.csv")
        assert response.status_code == 400
        text = response.text
        assert "Nothing was booked: 3 problems in term 1.csv." in text
        assert "term 1.csv:3: kind: must be one of" in text
        assert "term 1.csv:4: phone:" in text and "term 1.csv:4: start:" in text
        assert "Book these" not in text
        assert (await c.post("/appointments/import", data={"csrf": csrf})).status_code == 400
    assert await appointments(app) == []


async def test_an_import_is_previewed_then_booked(app: AppContext, school: int) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        csrf = await token(c, "/appointments/import")
        preview = await _upload(c, csrf, GOOD)
        assert preview.status_code == 200
        assert "2 rows would book 3 appointments. Nothing is booked yet." in preview.text
        assert "Fri 20 Nov 2026 10:00" in preview.text and "ends 001" in preview.text
        assert await appointments(app) == []
        assert await actions(app, "appointment.") == []
        confirm = await c.post(
            "/appointments/import/confirm", data={"csrf": csrf, "name": "bookings.csv", "content": GOOD}
        )
        assert confirm.status_code == 303
        assert confirm.headers["location"] == "/appointments?view=week&date=2026-11-20&done=imported"
        week = (await c.get(confirm.headers["location"])).text
        assert "The file is imported" in week and "10:00-10:45" in week
    booked = await appointments(app)
    assert len(booked) == 3
    assert {a.created_by for a in booked} == {"practitioner:prac import:bookings.csv"}


async def test_an_import_confirmed_after_the_rows_went_bad_books_nothing(
    app: AppContext, school: int, clock: FixedClock
) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        csrf = await token(c, "/appointments/import")
        assert (await _upload(c, csrf, GOOD)).status_code == 200
        clock.set(dt.datetime(2026, 11, 21, 0, 0, tzinfo=dt.UTC))
        await sign_in(c, "duty")
        csrf = await token(c, "/appointments/import")
        confirm = await c.post(
            "/appointments/import/confirm", data={"csrf": csrf, "name": "bookings.csv", "content": GOOD}
        )
        assert confirm.status_code == 400 and "bookings.csv:2: start: is in the past" in confirm.text
        empty = await c.post(
            "/appointments/import/confirm", data={"csrf": csrf, "name": "x.csv", "content": ""}
        )
        assert empty.status_code == 400 and "upload it again" in empty.text
    assert await appointments(app) == []
