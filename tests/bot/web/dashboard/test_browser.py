"""The dashboard in a real browser (Playwright driving Debian's chromium, headless) against a real server.

A risk SMS posted to the signed Twilio webhook appears in the open duty queue without a reload; the duty
clinician opens the case, texts the young person (the text is in the outbox), acknowledges and resolves
it; the audit log shows each step; a school lead gets 403 on the case and sees no message text; a form
post without the CSRF token is refused; axe-core finds no serious or critical problem on any page.
Screenshots of the pages go to tests/artifacts/ (ignored by git).
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
    page,
    serious,
    sign_in,
)

pytestmark = pytest.mark.browser
__all__ = ["browser", "live_server", "page"]
RISK = "i want to kill myself tonight"
PUPIL = "+447700900123"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{name}.png"), full_page=True)


def test_a_risk_text_reaches_the_queue_live_and_is_worked_to_the_end(
    page: Page, live_server: LiveServer
) -> None:
    server = live_server
    assert server.sms(PUPIL, "DEMO1") == 200
    sign_in(page, server, "demo.duty")
    expect(page).to_have_url(re.compile(r"/duty$"))
    page.evaluate("window.stillTheSamePage = true")
    expect(page.locator("#live-state")).to_contain_text("Live")

    assert server.sms(PUPIL, RISK) == 200
    banner = page.locator("#new-case-banner")
    expect(banner).to_be_visible(timeout=15000)
    ref = banner.inner_text().split()[-1]
    row = page.locator(f'tr[data-ref="{ref}"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("Demo Academy")
    assert page.evaluate("window.stillTheSamePage") is True  # no reload happened
    assert RISK not in page.content()
    shot(page, "duty-queue")

    row.get_by_role("link", name=ref).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ref)
    expect(page.locator(".msg.trigger")).to_contain_text(RISK)
    shot(page, "case")

    page.get_by_label("Text the young person").fill("Hi, this is Sam from the school team. Are you safe now?")
    page.get_by_role("button", name="Send text").click()
    expect(page.get_by_role("status")).to_contain_text("queued")
    expect(page.locator(".msg.out").last).to_contain_text("Are you safe now?")
    queued = server.query(
        "select priority, status from message where kind = 'practitioner_reply' and body like ?",
        "%Are you safe now?%",
    )
    assert queued == [(10, "queued")]

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("acknowledged")
    page.get_by_label("Outcome").select_option("contacted_safe")
    page.get_by_label("Real risk").check()
    page.get_by_label("What was done").fill("Phoned; safe with a parent; safety plan made.")
    page.get_by_role("button", name="Resolve case").click()
    expect(page.get_by_role("status")).to_contain_text("resolved")
    shot(page, "case-resolved")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, server, "demo.admin")
    page.goto(f"{server.url}/audit?case={ref}")
    log = page.locator("table")
    for step in ("escalation.opened", "escalation.viewed", "escalation.replied", "escalation.acknowledged"):
        expect(log).to_contain_text(step)
    expect(log).to_contain_text("escalation.resolved")
    expect(log).to_contain_text("practitioner:demo.duty")
    shot(page, "audit")


def test_a_school_lead_cannot_open_a_case_or_see_message_text(page: Page, live_server: LiveServer) -> None:
    server = live_server
    assert server.sms("+447700900124", "DEMO1") == 200
    assert server.sms("+447700900124", "i am going to end it all") == 200
    refs = [str(r[0]) for r in server.query("select ref from escalation")]
    assert refs
    sign_in(page, server, "demo.lead")
    expect(page).to_have_url(re.compile(r"/schools$"))
    expect(page.locator("main")).to_contain_text("Demo Academy")
    shot(page, "school-lead")
    for ref in refs:
        response = page.goto(f"{server.url}/cases/{ref}")
        assert response is not None and response.status == 403
        assert "end it all" not in page.content() and "kill" not in page.content()
    for path in ("/schools", "/reports", "/duty", "/audit", "/api/v1/duty"):
        page.goto(f"{server.url}{path}")
        text = page.content()
        assert "end it all" not in text and "kill" not in text and "+447700" not in text


def test_a_form_post_without_the_csrf_token_is_refused(page: Page, live_server: LiveServer) -> None:
    server = live_server
    sign_in(page, server, "demo.duty")
    ref = str(server.query("select ref from escalation order by id desc")[0][0])
    refused = page.request.post(f"{server.url}/cases/{ref}/acknowledge", form={"note": "x"})
    assert refused.status == 403
    forged = page.request.post(f"{server.url}/cases/{ref}/acknowledge", form={"csrf": "forged"})
    assert forged.status == 403
    out = page.request.post(f"{server.url}/logout", form={})
    assert out.status == 403


ROLE_PAGES = {
    "demo.duty": ["/duty", "/cases", "/case", "/schools", "/rota", "/callbacks", "/referrals"],
    "demo.prac": ["/cases", "/case", "/appointments", "/checkins", "/directory"],
    "demo.lead": ["/schools", "/reports"],
    "demo.admin": ["/duty", "/audit", "/schools", "/rota", "/reports"],
}


PHONE_PAGES = [("demo.duty", ["/duty", "/case"], 390)]


def test_axe_finds_no_serious_problem_on_any_page(browser: Browser, live_server: LiveServer) -> None:
    server = live_server
    assert server.sms("+447700900125", "DEMO1") == 200
    assert server.sms("+447700900125", "i have pills and i want to take them all") == 200
    ref = str(server.query("select ref from escalation order by id desc")[0][0])
    axe = Axe()
    problems: dict[str, list[str]] = {}
    for width, suffix in ((1280, ""), (390, "-phone")):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"{server.url}/login")
        found = serious(axe.run(page))
        if found:
            problems[f"/login{suffix}"] = found
        shot(page, f"login{suffix}")
        context.close()
    for username, paths, width in (*((u, p, 1280) for u, p in ROLE_PAGES.items()), *PHONE_PAGES):
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        sign_in(page, server, username)
        for path in paths:
            target = f"/cases/{ref}" if path == "/case" else path
            response = page.goto(f"{server.url}{target}")
            assert response is not None and response.status == 200, (username, target)
            found = serious(axe.run(page))
            if found:
                problems[f"{username} {target}"] = found
            phone = "-phone" if width < 600 else ""
            shot(page, f"{username.split('.')[1]}{path.replace('/', '-')}{phone}")
        context.close()
    assert problems == {}
