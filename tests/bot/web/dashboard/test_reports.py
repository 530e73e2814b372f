"""`/reports`, its charts, CSV and PDF, and `/api/v1/reports`: every role, suppression for school leads and
in every download, what a school lead never sees, bad periods, and the audit events."""

from __future__ import annotations

import csv
import re

import pytest
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.practitioners.accounts import new_api_token
from bot.storage.models import AuditEvent
from bot.storage.models.users import Practitioner
from tests.bot.features.reports.support import WEEK, seed
from tests.bot.web.dashboard.support import add_staff, client, sign_in

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
async def schools(app: AppContext) -> tuple[int, int]:
    """Staff, the hand-built week, and the school lead working with Ash Academy only."""
    await add_staff(app)
    ash, elm = await seed(app)
    async with app.db.session() as session:
        lead = (await session.exec(select(Practitioner).where(Practitioner.username == "lead"))).one()
        lead.schools = [ash]
        session.add(lead)
        await session.commit()
    return ash, elm


async def events(app: AppContext) -> list[tuple[str, str, str, dict[str, object]]]:
    async with app.db.session() as session:
        rows = await session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.action).startswith("report."))
            .order_by(col(AuditEvent.id))
        )
        return [(e.actor, e.action, e.subject_id, e.details) for e in rows.all()]


def cell(html: str, label: str) -> str:
    found = re.search(rf"<th scope=\"row\">{re.escape(label)}</th><td>([^<]*)</td>", html)
    assert found, label
    return found.group(1)


@pytest.mark.parametrize("username", ["duty", "prac", "lead", "admin"])
async def test_every_role_may_open_reports(app: AppContext, schools: tuple[int, int], username: str) -> None:
    async with client(app) as c:
        await sign_in(c, username)
        page = await c.get(f"/reports?week={WEEK}")
    assert page.status_code == 200
    assert 'href="/reports" aria-current="page"' in page.text
    suppressed = username != "admin"
    assert (cell(page.text, "Texts received") == "&lt;5") == suppressed


async def test_signed_out_people_are_sent_to_sign_in(app: AppContext, schools: tuple[int, int]) -> None:
    async with client(app) as c:
        for path in ("/reports", "/reports.csv", "/reports.pdf", "/reports/chart/joined.png"):
            response = await c.get(path)
            assert response.status_code == 303 and response.headers["location"] == "/login", path
        assert (await c.get("/api/v1/reports")).status_code == 401


async def test_an_admin_sees_exact_figures_and_can_see_what_commissioners_see(
    app: AppContext, schools: tuple[int, int]
) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        exact = (await c.get(f"/reports?week={WEEK}")).text
        assert (
            cell(exact, "Texts received") == "4" and cell(exact, "Time to acknowledge (median)") == "25 min"
        )
        assert "Ash Academy" in exact and "Elm School" in exact and "By school" in exact
        shown = (await c.get(f"/reports?week={WEEK}&suppress=1")).text
        assert cell(shown, "Texts received") == "&lt;5"
        assert cell(shown, "Time to acknowledge (median)") == "suppressed"
        one = (await c.get(f"/reports?week={WEEK}&school={schools[1]}")).text
        assert "Elm School: Week 46" in one and cell(one, "Texts received") == "1"


async def test_a_school_lead_sees_only_their_schools_suppressed_and_nothing_personal(
    app: AppContext, schools: tuple[int, int]
) -> None:
    elm = schools[1]
    async with client(app) as c:
        await sign_in(c, "lead")
        page = (await c.get(f"/reports?week={WEEK}")).text
        assert "Your schools: Week 46" in page and "Ash Academy" in page
        assert "Elm School" not in page and "Oak Academy" not in page
        assert cell(page, "People who texted us") == "&lt;5"
        # a postcode as a word: the page's random CSRF token can hold the letters "E1" ("gsE1QNCW...")
        assert "+44" not in page and "07700" not in page and not re.search(r"\bE1\b", page)
        assert (await c.get(f"/reports?week={WEEK}&school={elm}")).status_code == 404
        assert (await c.get(f"/reports.csv?week={WEEK}&school={elm}")).status_code == 404
        api = (await c.get(f"/api/v1/reports?week={WEEK}")).json()
        assert (await c.get(f"/api/v1/reports?week={WEEK}&suppress=false")).json()["suppressed"] is True
    assert api["suppressed"] is True and [s["name"] for s in api["schools"]] == ["Ash Academy"]
    figures = {f["key"]: f for s in api["overall"]["sections"] for f in s["figures"]}
    assert figures["contacts.people"] == {
        "key": "contacts.people",
        "label": "People who texted us",
        "kind": "count",
        "value": None,
        "shown": "<5",
        "suppressed": True,
    }
    assert figures["joined.telegram_direct"]["value"] == 0.0  # a zero identifies nobody


async def test_bad_periods_and_schools_get_a_clear_400(app: AppContext, schools: tuple[int, int]) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        for query, message in (
            ("month=2026-13", "a month looks like 2026-11"),
            ("week=2026-W46&month=2026-11", "give one of"),
            ("from=2026-11-10", "give both a from date and a to date"),
            ("from=2026-11-10&to=2026-11-01", "the end date is before the start date"),
            ("school=oak", "Pick a school from the list."),
        ):
            response = await c.get(f"/reports?{query}")
            assert response.status_code == 400 and message in response.text, query
            api = await c.get(f"/api/v1/reports?{query}")  # a bad query value, as the schema says
            assert (api.status_code == 422 and message in str(api.json()["detail"])) or "school" in query, (
                query
            )
            assert api.status_code == 422, query
        assert (await c.get("/reports?from=2026-11-09&to=2026-11-15")).status_code == 200


async def test_the_csv_is_suppressed_for_everyone_and_audited(
    app: AppContext, schools: tuple[int, int]
) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        response = await c.get(f"/reports.csv?week={WEEK}")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="waymark-report-2026-W46.csv"'
    rows = list(csv.DictReader(response.text.splitlines()))
    assert {r["scope"] for r in rows} == {"All schools", "Ash Academy", "Elm School", "Oak Academy"}
    first = rows[0]
    assert (first["period"], first["from"], first["to"], first["figure"]) == (
        WEEK,
        "2026-11-09",
        "2026-11-15",
        "contacts.people",
    )
    assert first["value"] == "<5" and first["suppressed"] == "True"
    assert await events(app) == [
        (
            "practitioner:admin",
            "report.exported",
            WEEK,
            {"school_id": None, "form": "csv", "suppressed": True},
        )
    ]


async def test_charts_are_png_and_only_downloads_are_audited(
    app: AppContext, schools: tuple[int, int]
) -> None:
    from bot.features.reports.charts import CHARTS

    async with client(app) as c:
        await sign_in(c, "lead")
        page = (await c.get(f"/reports?week={WEEK}")).text
        for name in CHARTS:
            assert f'src="/reports/chart/{name}.png?week={WEEK}"' in page
            image = await c.get(f"/reports/chart/{name}.png?week={WEEK}")
            assert image.status_code == 200 and image.content.startswith(PNG), name
            assert image.headers["content-type"] == "image/png"
        download = await c.get(f"/reports/chart/escalations.png?week={WEEK}&download=1")
        assert download.content.startswith(PNG) and "attachment" in download.headers["content-disposition"]
        assert (await c.get(f"/reports/chart/nope.png?week={WEEK}")).status_code == 404
    assert [(a, e["form"]) for _, a, _, e in await events(app)] == [
        ("report.viewed", "page"),
        ("report.exported", "chart:escalations"),
    ]


async def test_the_pdf_pack_downloads(app: AppContext, schools: tuple[int, int]) -> None:
    async with client(app) as c:
        await sign_in(c, "lead")
        response = await c.get(f"/reports.pdf?week={WEEK}")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", response.content))
    assert pages == 1 + 3 + 3 + 8  # cover, "Your schools" and Ash Academy's tables, the charts
    assert (await events(app))[-1][1:] == (
        "report.exported",
        WEEK,
        {"school_id": None, "form": "pdf", "suppressed": True},
    )


async def test_the_api_with_a_token_and_in_the_schema(app: AppContext, schools: tuple[int, int]) -> None:
    async with app.db.session() as session:
        token = await new_api_token(session, "admin", actor="cli", now=app.now())
        await session.commit()
    async with client(app) as c:
        auth = {"authorization": f"Bearer {token}"}
        body = (await c.get(f"/api/v1/reports?week={WEEK}", headers=auth)).json()
        hidden = (await c.get(f"/api/v1/reports?week={WEEK}&suppress=true", headers=auth)).json()
        await sign_in(c, "admin")
        schema = (await c.get("/openapi.json")).json()
    assert body["period"] == {
        "key": WEEK,
        "label": "Week 46 of 2026 (09 Nov to 15 Nov 2026)",
        "first": "2026-11-09",
        "last": "2026-11-15",
        "timezone": "Europe/London",
    }
    figures = {f["key"]: f["value"] for s in body["overall"]["sections"] for f in s["figures"]}
    assert figures["cases.ack_median"] == 25.0 and figures["contacts.texts_in"] == 4
    assert hidden["suppressed"] is True
    assert "/api/v1/reports" in schema["paths"] and "ReportOut" in schema["components"]["schemas"]
    assert [e[1] for e in await events(app)] == ["report.viewed", "report.viewed"]


async def test_the_form_reads_only_the_kind_of_period_picked(
    app: AppContext, schools: tuple[int, int]
) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        week = await c.get(f"/reports?by=week&month=2026-10&week={WEEK}&from=&to=")
        dates = await c.get(f"/reports?by=dates&month=2026-10&week={WEEK}&from=2026-11-09&to=2026-11-15")
    assert (
        "All schools: Week 46 of 2026" in week.text
        and 'id="by-week" name="by" type="radio" value="week" checked' in week.text
    )
    assert (
        "All schools: 09 Nov 2026 to 15 Nov 2026" in dates.text and cell(dates.text, "Texts received") == "4"
    )
    assert f'href="/reports.csv?week={WEEK}"' in week.text  # links carry only the period and school


async def test_a_school_lead_with_no_schools_is_told_why_the_report_is_empty(app: AppContext) -> None:
    await add_staff(app)
    await seed(app)
    async with client(app) as c:
        await sign_in(c, "lead")
        page = (await c.get(f"/reports?week={WEEK}")).text
    # add_staff links the lead to its own Oak Academy, where nobody texted this week
    assert "Oak Academy" in page and cell(page, "People who texted us") == "0"
    async with app.db.session() as session:
        lead = (await session.exec(select(Practitioner).where(Practitioner.username == "lead"))).one()
        lead.schools = []
        session.add(lead)
        await session.commit()
    async with client(app) as c:
        await sign_in(c, "lead")
        empty = (await c.get(f"/reports?week={WEEK}")).text
    assert "No schools are linked to your account yet" in empty and "Ash Academy" not in empty
    assert cell(empty, "Texts received") == "0"
