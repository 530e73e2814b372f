"""The call-back and referral pages in a real browser (Playwright driving Debian's chromium, headless)
against a real server with the demo data.

A duty clinician claims a demo call-back, records a no-answer attempt then a reached outcome that completes
it, and sees it leave the open list; opens a referral and triages it; an admin sees each step in the audit
log; axe-core finds no serious or critical problem on the pages (desktop and phone). Screenshots go to
tests/artifacts/callbacks_*.png and referrals_*.png.
"""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.bot.web.dashboard.browser_support import (
    ARTIFACTS,
    LiveServer,
    browser,
    live_server,
    serious,
    sign_in,
)

pytestmark = pytest.mark.browser
__all__ = ["browser", "live_server"]
NOT_SAFE = "+447700900201"  # the demo parent who said we may not say who we are, nor leave a voicemail


def _page(browser: Browser, width: int = 1280) -> Page:
    return browser.new_context(viewport={"width": width, "height": 900}).new_page()


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _ref(server: LiveServer, sql: str, *args: object) -> str:
    return str(server.query(sql, *args)[0][0])


def test_a_call_back_is_claimed_tried_and_completed_and_a_referral_triaged(
    browser: Browser, live_server: LiveServer
) -> None:
    server = live_server
    cb = _ref(server, "select ref from callback where phone = ?", NOT_SAFE)
    page = _page(browser)
    sign_in(page, server, "demo.duty")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Call-backs").click()
    row = page.locator(f'tr[data-ref="{cb}"]')
    expect(row).to_contain_text("do not say who we are")
    assert NOT_SAFE not in page.content()  # the list never shows the number
    shot(page, "callbacks_queue")

    row.get_by_role("link", name=cb).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(cb)
    warning = page.locator(".say-no")
    expect(warning).to_contain_text("Do NOT say who we are")
    expect(warning).to_contain_text("Do NOT leave a voicemail")
    expect(page.locator(".phone")).to_contain_text(NOT_SAFE)
    shot(page, "callbacks_detail")

    page.get_by_role("button", name="Claim").click()
    expect(page.get_by_role("status")).to_contain_text("You claimed this call-back")
    page.get_by_role("radio", name=re.compile("^No answer")).check()
    page.get_by_label("Note on this call").fill("Rang at 3.40, no answer.")
    page.get_by_role("button", name="Save call").click()
    expect(page.get_by_role("status")).to_contain_text("no answer")
    expect(page.locator(".attempts")).to_contain_text("Rang at 3.40, no answer.")
    texted = server.query("select count(*) from message where kind = 'callback_no_answer'")
    assert texted == [(1,)]
    page.get_by_role("radio", name=re.compile("all done")).check()
    page.get_by_role("button", name="Save call").click()
    expect(page.get_by_role("status")).to_contain_text("has left the open list")
    shot(page, "callbacks_done")
    page.get_by_role("link", name="Back to the call-backs").click()
    expect(page.locator("table")).to_be_visible()
    expect(page.locator(f'tr[data-ref="{cb}"]')).to_have_count(0)
    page.get_by_role("link", name="Closed").click()
    expect(page.locator(f'tr[data-ref="{cb}"]')).to_contain_text("Done")

    rf = _ref(server, "select ref from referral where status = 'new' and contact_by = 'text' order by id")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Referrals").click()
    shot(page, "referrals_queue")
    page.locator(f'tr[data-ref="{rf}"]').get_by_role("link", name=rf).click()
    expect(page.locator(".story")).to_contain_text("worried before school")
    shot(page, "referrals_detail")
    page.get_by_role("radio", name=re.compile("^Decline")).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("alert")).to_contain_text("needs a reason")
    page.get_by_role("radio", name=re.compile("^Accept")).check()
    page.get_by_role("button", name="Save decision").click()
    expect(page.get_by_role("status")).to_contain_text("triaged")
    expect(page.locator("main")).to_contain_text("They were sent a text.")
    shot(page, "referrals_triaged")
    page.context.close()

    page = _page(browser)
    sign_in(page, server, "demo.admin")
    page.goto(f"{server.url}/audit?case={cb}")
    log = page.locator("table")
    for step in ("callback.viewed", "callback.claimed", "callback.outcome"):
        expect(log).to_contain_text(step)
    expect(log).to_contain_text("practitioner:demo.duty")
    shot(page, "callbacks_audit")
    page.goto(f"{server.url}/audit?case={rf}")
    expect(page.locator("table")).to_contain_text("referral.triaged")
    page.context.close()


def test_axe_finds_no_serious_problem_on_the_queue_pages(browser: Browser, live_server: LiveServer) -> None:
    server = live_server
    cb = _ref(server, "select ref from callback where closed_at is null order by id")
    rf = _ref(server, "select ref from referral order by id")
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for width, suffix in ((1280, ""), (390, "-phone")):
        page = _page(browser, width)
        sign_in(page, server, "demo.duty")
        for path, name in (
            ("/callbacks", "callbacks_list"),
            (f"/callbacks/{cb}", "callbacks_page"),
            ("/callbacks?show=done", "callbacks_closed"),
            ("/referrals", "referrals_list"),
            (f"/referrals/{rf}", "referrals_page"),
        ):
            response = page.goto(f"{server.url}{path}")
            assert response is not None and response.status == 200, path
            found = serious(axe.run(page))
            if found:
                problems[f"{path}{suffix}"] = found
            shot(page, f"{name}{suffix}")
        page.context.close()
    assert problems == {}
