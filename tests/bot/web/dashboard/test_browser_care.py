"""The appointments and check-ins pages in a real browser (Playwright, Debian's chromium, headless)
against a real server with the demo data: book an appointment, find it in the day and week views, mark
it attended; import a CSV (a broken row shown as file:row, then a clean file previewed and booked); open
the check-in review list and a trend chart; axe-core on every page at desktop and phone widths.
Screenshots: tests/artifacts/appointments_*.png and checkins_*.png (ignored by git)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.bot.web.dashboard.browser_support import (
    ARTIFACTS,
    LiveServer,
    browser,
    live_server,
    page,
    serious,
    sign_in,
)

pytestmark = pytest.mark.browser
__all__ = ["browser", "live_server", "page"]
LONDON = ZoneInfo("Europe/London")
BROKEN = (
    b"phone,start,kind,practitioner\n"
    b"07700 900141,2099-01-05 10:00,school,demo.prac\n"
    b"07700 900142,2099-01-06 10:00,pigeon,demo.prac\n"
)
GOOD = (
    b"phone,start,kind,practitioner,place\n"
    b"07700 900141,2099-01-05 10:00,school,demo.prac,Room 9\n"
    b"07700 900142,2099-01-06 11:30,video,demo.prac,\n"
)


def next_school_day() -> dt.date:
    day = dt.datetime.now(LONDON).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_book_an_appointment_see_it_by_day_and_week_and_mark_it_attended(
    page: Page, live_server: LiveServer
) -> None:
    server = live_server
    sign_in(page, server, "demo.prac")
    page.goto(f"{server.url}/appointments?view=week&date={next_school_day().isoformat()}")
    expect(page.locator("tr", has_text="Demo Academy, Room 2")).to_contain_text("confirmed")  # the demo's
    shot(page, "appointments_week_demo")

    tomorrow = (dt.datetime.now(LONDON) + dt.timedelta(days=1)).date()
    page.goto(f"{server.url}/appointments")
    page.get_by_label("The person's mobile number").fill("07700 900140")
    page.get_by_label("Appointment date").fill(tomorrow.isoformat())
    page.get_by_label("Start time").fill("15:45")
    page.get_by_label("Kind").select_option("clinic")
    page.get_by_label("Place").fill("Riverside Clinic, Room 1")
    page.get_by_role("button", name="Book appointment").click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    assert "900140" not in page.url
    row = page.locator("tr", has_text="Riverside Clinic, Room 1")
    expect(row).to_contain_text("15:45-16:30")
    expect(row).to_contain_text("booked")
    expect(row).to_contain_text("ends 140")
    shot(page, "appointments_day")

    page.get_by_role("radio", name="Week").check()
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Week of"))).to_be_visible()
    expect(page.locator(f'section:has(h3[id="day-{tomorrow.isoformat()}"])')).to_contain_text("15:45-16:30")
    shot(page, "appointments_week")

    appt = server.query(
        "select appointment.id from appointment join contact on contact.id = appointment.contact_id "
        "where contact.address = '+447700900140'"
    )[0][0]
    # The appointment's time comes: a live server's clock cannot be moved, so the row is moved instead.
    server.query("update appointment set start_at = datetime('now', '-5 minutes') where id = ?", appt)
    today = dt.datetime.now(LONDON).date()
    page.goto(f"{server.url}/appointments?view=day&date={today.isoformat()}")
    page.get_by_role("button", name=f"Attended, appointment {appt}").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded as attended")
    expect(page.locator(f'tr[data-appointment="{appt}"]')).to_contain_text("attended")
    assert server.query("select status from appointment where id = ?", appt) == [("attended",)]
    actions = server.query(
        "select actor, action from audit_event where subject_id = ? and subject_type = 'appointment'",
        str(appt),
    )
    assert ("practitioner:demo.prac", "appointment.booked") in actions
    assert ("practitioner:demo.prac", "appointment.attended") in actions
    shot(page, "appointments_attended")


def test_import_a_csv_shows_row_errors_then_previews_and_books(page: Page, live_server: LiveServer) -> None:
    server = live_server
    sign_in(page, server, "demo.duty")
    page.goto(f"{server.url}/appointments")
    page.get_by_role("link", name="Import from a CSV file").click()
    page.get_by_label("CSV file").set_input_files(
        {"name": "spring.csv", "mimeType": "text/csv", "buffer": BROKEN}
    )
    page.get_by_role("button", name="Check file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was booked")
    expect(alert).to_contain_text("spring.csv:3: kind: must be one of")
    shot(page, "appointments_import_errors")

    page.get_by_label("CSV file").set_input_files(
        {"name": "spring.csv", "mimeType": "text/csv", "buffer": GOOD}
    )
    page.get_by_role("button", name="Check file").click()
    expect(page.get_by_role("status")).to_contain_text("2 rows would book 2 appointments")
    assert server.query("select count(*) from appointment where place = 'Room 9'") == [(0,)]
    shot(page, "appointments_import_preview")
    page.get_by_role("button", name="Book these 2 appointments").click()
    expect(page.get_by_role("status")).to_contain_text("The file is imported")
    expect(page.locator("main")).to_contain_text("Room 9")
    assert server.query("select count(*) from appointment where place = 'Room 9'") == [(1,)]


def test_the_checkin_review_list_and_a_trend_chart(page: Page, live_server: LiveServer) -> None:
    server = live_server
    sign_in(page, server, "demo.prac")
    page.get_by_role("link", name="Check-ins").click()
    review = page.locator("table.checkin-review")
    expect(review).to_contain_text("Score dropped from 7 to 3 out of 10.")
    expect(review).to_contain_text("Two check-ins in a row with no reply.")
    expect(page.locator("table.checkin-plans")).to_contain_text("going to school every day")
    assert "+447700" not in page.content()
    shot(page, "checkins_list")

    review.locator("tr.review-drop").get_by_role("link", name=re.compile("Trend and answers")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check-ins: Contact")
    chart = page.get_by_role("img", name=re.compile("Check-in trend chart"))
    expect(chart).to_be_visible()
    expect(chart).to_have_js_property("naturalWidth", 960)  # the PNG loaded
    expect(page.locator("figcaption")).to_contain_text("Scores in order: 6, 7, 3")
    shot(page, "checkins_trend")


def test_axe_finds_no_serious_problem_on_the_care_pages(browser: Browser, live_server: LiveServer) -> None:
    server = live_server
    plan = server.query("select id from checkin_plan order by id")[0][0]
    pages = {
        "appointments": "/appointments",
        "appointments_week_axe": "/appointments?view=week",
        "appointments_import": "/appointments/import",
        "checkins": "/checkins",
        "checkins_plan": f"/checkins/{plan}",
    }
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for width, suffix in ((1280, ""), (390, "_phone")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, server, "demo.prac")
        for name, path in pages.items():
            response = page.goto(f"{server.url}{path}")
            assert response is not None and response.status == 200, path
            found = serious(axe.run(page))
            if found:
                problems[f"{path}{suffix}"] = found
            shot(page, f"{name}{suffix}")
        context.close()
    assert problems == {}
