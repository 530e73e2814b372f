"""Reports in a real browser against a real server with the demo data: an admin picks a school and the
commissioners' view, the charts load, the CSV downloads; a school lead sees only their school; axe-core
finds no serious problem on /reports (desktop and phone). Screenshots: tests/artifacts/reports_*.png."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from bot.features.practitioners.demo import DEMO_PASSWORD
from tests.bot.web.dashboard.browser_support import (
    ARTIFACTS,
    LiveServer,
    browser,
    live_server,
)

pytestmark = pytest.mark.browser
__all__ = ["browser", "live_server"]


def open_as(browser: Browser, server: LiveServer, username: str, width: int = 1280) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True).new_page()
    page.goto(f"{server.url}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert "/login" not in page.url
    return page


def serious(page: Page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v.get("impact") in ("serious", "critical")]


def charts_loaded(page: Page) -> None:
    page.wait_for_function(
        "() => [...document.querySelectorAll('.report-charts img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )


def test_an_admin_picks_a_school_and_the_commissioners_view_and_downloads(
    browser: Browser, live_server: LiveServer
) -> None:
    page = open_as(browser, live_server, "demo.admin")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    expect(page.locator("#report-title")).to_contain_text("All schools")
    expect(page.locator(".notice")).to_contain_text("Exact figures")
    page.get_by_label("School", exact=True).select_option(label="Demo Academy")
    page.get_by_label("Show as commissioners see it").check()
    page.get_by_role("button", name="Show report").click()
    expect(page.locator("#report-title")).to_contain_text("Demo Academy")
    expect(page.locator(".notice")).to_contain_text('show as "<5"')
    assert "suppress=1" in page.url and "school=" in page.url
    for img in page.locator(".report-charts img").all():
        img.scroll_into_view_if_needed()
    charts_loaded(page)
    assert serious(page) == []
    page.screenshot(path=str(ARTIFACTS / "reports_admin.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("link", name="figures (CSV)").click()
    name = download.value.suggested_filename
    assert name.startswith("waymark-report-") and name.endswith(".csv")
    chart = page.request.get(f"{live_server.url}/reports/chart/schools.png")
    (ARTIFACTS / "reports_chart_schools.png").write_bytes(chart.body())
    chart = page.request.get(f"{live_server.url}/reports/chart/escalations.png")
    (ARTIFACTS / "reports_chart_escalations.png").write_bytes(chart.body())
    actions = live_server.query("select action from audit_event where action like 'report.%' order by id")
    assert [a for (a,) in actions] == ["report.viewed", "report.viewed", "report.exported"]
    page.context.close()


def test_a_school_lead_on_a_phone_sees_only_their_school(browser: Browser, live_server: LiveServer) -> None:
    page = open_as(browser, live_server, "demo.lead", width=390)
    page.goto(f"{live_server.url}/reports")
    expect(page.locator("#report-title")).to_contain_text("Your schools")
    options = page.get_by_label("School", exact=True).locator("option").all_inner_texts()
    assert options == ["All your schools", "Demo Academy"]
    assert page.get_by_label("Show as commissioners see it").count() == 0
    assert "Riverside" not in page.content() and "+44" not in page.content()
    assert serious(page) == []
    for img in page.locator(".report-charts img").all():
        img.scroll_into_view_if_needed()
    charts_loaded(page)
    page.screenshot(path=str(ARTIFACTS / "reports_lead_phone.png"), full_page=True)
    page.context.close()
