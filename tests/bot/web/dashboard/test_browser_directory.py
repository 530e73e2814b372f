"""The directory and rota pages in a real browser: a practitioner searches like the bot and opens a
service; a manager marks a service from the "to check" list verified; an admin adds a rota row, sees the
rota check after each change (a warning when the manager is taken away); axe-core finds no serious problem.
Screenshots: tests/artifacts/directory_*.png and rota_*.png."""

from __future__ import annotations

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


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_practitioner_searches_like_the_bot_and_opens_a_service(
    page: Page, live_server: LiveServer
) -> None:
    sign_in(page, live_server, "demo.prac")
    page.get_by_role("link", name="Directory").click()
    page.get_by_label("Need").select_option("bullying")
    page.get_by_label("Age").fill("13")
    page.get_by_label("Area").fill("Demo Borough")
    page.get_by_role("button", name="Search").click()
    results = page.locator("ol.results > li")
    expect(results.first).to_be_visible()
    expect(page.get_by_role("link", name="Kind Words")).to_be_visible()
    page.locator("details summary").first.click()
    expect(page.locator("details ul li").first).to_be_visible()
    shot(page, "directory_search")
    page.get_by_role("link", name="Kind Words").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kind Words")
    expect(page.get_by_role("heading", name="Opening hours")).to_be_visible()
    expect(page.get_by_role("button", name="Mark verified today")).to_have_count(0)  # workers only view
    shot(page, "directory_service")


def test_a_manager_marks_a_stale_service_verified(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "demo.manager")
    page.goto(f"{live_server.url}/directory")
    page.get_by_role("link", name="Services not checked for over a year").click()
    expect(page.get_by_role("link", name="Shout")).to_be_visible()
    shot(page, "directory_stale")
    page.get_by_role("link", name="Shout").click()
    expect(page.get_by_text("over a year ago: check it")).to_be_visible()
    page.get_by_role("button", name="Mark verified today").click()
    expect(page.get_by_role("status")).to_have_text("Marked verified today.")
    expect(page.get_by_text("over a year ago: check it")).to_have_count(0)
    shot(page, "directory_verified")
    page.goto(f"{live_server.url}/directory/stale")
    expect(page.get_by_text("Every service was verified in the last year.")).to_be_visible()
    actions = live_server.query("select actor, action from audit_event where action like 'directory.%'")
    assert ("practitioner:demo.manager", "directory.service_verified") in actions


def test_an_admin_edits_the_rota_and_sees_the_rota_check(page: Page, live_server: LiveServer) -> None:
    sign_in(page, live_server, "demo.admin")
    page.goto(f"{live_server.url}/rota")
    check = page.get_by_role("region", name="Rota check")
    expect(check).to_contain_text("Rota check: every name is an active practitioner")
    form = page.locator("#rota-add")
    form.get_by_label("Kind of row").select_option("shift")
    form.get_by_label("Sat").check()
    form.get_by_label("Sun").check()
    form.get_by_label("From", exact=True).fill("10:00")
    form.locator("#r-end").fill("16:00")
    form.get_by_label("Primary").select_option("demo.prac")
    form.get_by_label("Backup").select_option("demo.duty")
    form.get_by_role("button", name="Add row").click()
    expect(page.get_by_role("status")).to_contain_text("Saved.")
    expect(page.get_by_role("cell", name="sat, sun")).to_be_visible()
    shot(page, "rota_added")
    page.get_by_label("Manager", exact=True).select_option("")
    page.get_by_role("button", name="Set manager").click()
    expect(check).to_contain_text("The rota has no manager")
    shot(page, "rota_warning")
    page.get_by_label("Manager", exact=True).select_option("demo.manager")
    page.get_by_role("button", name="Set manager").click()
    expect(check).to_contain_text("Rota check: every name is an active practitioner")
    rows = live_server.query('select "primary", backup from rota_slot where days = ?', "sat,sun")
    assert rows == [("demo.prac", "demo.duty")]


def test_axe_finds_no_serious_problem_on_the_directory_and_rota_pages(
    browser: Browser, live_server: LiveServer
) -> None:
    axe = Axe()
    problems: dict[str, list[str]] = {}
    paths = (
        "/directory?need=anxiety&age=14&area=Demo+Borough",
        "/directory/demo-calm-minds",
        "/directory/stale",
        "/directory/import",
        "/rota",
    )
    for width in (1280, 390):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, live_server, "demo.admin")
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, path
            found = serious(axe.run(page))
            if found:
                problems[f"{path} at {width}"] = found
        if width < 600:
            page.goto(f"{live_server.url}{paths[0]}")
            shot(page, "directory_search-phone")
            page.goto(f"{live_server.url}/rota")
            shot(page, "rota-phone")
        context.close()
    assert problems == {}
