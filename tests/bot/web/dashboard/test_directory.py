"""`/directory` and `/api/v1/directory`: search like the bot, a service's page, edit (checked like the
importer), mark verified, the services to check, import (dry run first); roles, CSRF, audit."""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from sqlalchemy import select

from bot.app.context import AppContext
from bot.features.practitioners.accounts import new_api_token
from signposting.db import execute
from signposting.demo import load_demo
from signposting.models import service_table
from signposting.shipped import load_national
from tests.bot.web.dashboard.support import PASSWORD, actions, add_staff, client, csrf_of, sign_in

EDITORS = ("admin", "manager")


@pytest.fixture(autouse=True)
async def staff(app: AppContext) -> None:
    await add_staff(app)
    from bot.features.practitioners.service import create_practitioner

    async with app.db.session() as session:
        await create_practitioner(
            session, username="boss", display_name="Boss", role="manager", channel="sms",
            address="07700 900506", now=app.now(), password=PASSWORD,
        )  # fmt: skip
        await load_national(session)
        await load_demo(session)
        await session.commit()


async def _verified(app: AppContext, service_id: str) -> str:
    async with app.db.session() as session:
        row = (
            await execute(
                session, select(service_table.c.verified_at).where(service_table.c.id == service_id)
            )
        ).first()
        assert row is not None
        return str(row[0])


async def test_search_finds_what_the_bot_finds_with_reasons(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        page = await c.get("/directory", params={"need": "bullying", "age": "13", "area": "Demo Borough"})
        assert page.status_code == 200
        assert "Kind Words" in page.text and "Why it is here" in page.text
        assert "names the need" in page.text or "bullying" in page.text
        assert 'href="/directory/demo-kind-words"' in page.text
        too_old = await c.get("/directory", params={"need": "bullying", "age": "40", "area": "Demo Borough"})
        assert "Kind Words" not in too_old.text  # ages 8-18, as the bot's search says


async def test_open_now_keeps_only_open_services(app: AppContext, clock: object) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        every = await c.get("/directory", params={"area": "Demo Borough"})
        now_open = await c.get("/directory", params={"area": "Demo Borough", "open_now": "1"})
        shown = lambda html: set(re.findall(r'href="/directory/([a-z0-9-]+)"', html)) - {"stale", "import"}  # noqa: E731
        assert shown(now_open.text) < shown(every.text)
        assert "Closed: opens" not in now_open.text


async def test_a_bad_age_is_a_clear_error(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "duty")
        page = await c.get("/directory", params={"age": "ten"})
        assert page.status_code == 200 and "whole number of years" in page.text


@pytest.mark.parametrize("username", ["duty", "prac", "admin", "boss"])
async def test_workers_search_and_view(app: AppContext, username: str) -> None:
    async with client(app) as c:
        await sign_in(c, username)
        for path in ("/directory", "/directory/stale", "/directory/demo-kind-words"):
            assert (await c.get(path)).status_code == 200, path
        service = (await c.get("/directory/demo-kind-words")).text
        assert ('action="/directory/demo-kind-words/verify"' in service) == (username in ("admin", "boss"))
        assert ((await c.get("/directory/import")).status_code == 200) == (username in ("admin", "boss"))


async def test_a_school_lead_cannot_open_the_directory(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "lead")
        for path in ("/directory", "/directory/stale", "/directory/demo-kind-words", "/directory/import"):
            assert (await c.get(path)).status_code == 403, path


async def test_workers_cannot_verify_edit_or_import(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        token = csrf_of((await c.get("/directory")).text)
        for path in (
            "/directory/demo-kind-words/verify",
            "/directory/demo-kind-words/edit",
            "/directory/import",
        ):
            assert (await c.post(path, data={"csrf": token})).status_code == 403, path
    assert await actions(app, "directory.") == []


async def test_mark_verified_sets_the_date_and_is_audited(app: AppContext) -> None:
    assert await _verified(app, "national-shout") == "2024-11-04"
    async with client(app) as c:
        await sign_in(c, "boss")
        stale = (await c.get("/directory/stale")).text
        assert "Shout" in stale
        page = (await c.get("/directory/national-shout")).text
        assert "over a year ago" in page
        refused = await c.post("/directory/national-shout/verify", data={"csrf": "wrong"})
        assert refused.status_code == 403
        done = await c.post("/directory/national-shout/verify", data={"csrf": csrf_of(page)})
        assert (
            done.status_code == 303 and done.headers["location"] == "/directory/national-shout?done=verified"
        )
        assert "Shout" not in (await c.get("/directory/stale")).text
    assert await _verified(app, "national-shout") == app.service.local(app.now()).date().isoformat()
    assert await actions(app, "directory.") == ["practitioner:boss directory.service_verified"]


def _form(page: str) -> dict[str, str]:
    """The edit form's fields as the page filled them in."""
    form = page[page.index('id="service-edit"') :]
    values = dict(re.findall(r'<input id="e-[a-z]+" name="([a-z_]+)"[^>]*value="([^"]*)"', form))
    values.update(re.findall(r'<textarea id="e-[a-z]+" name="([a-z_]+)"[^>]*>([^<]*)</textarea>', form))
    values["status"] = "active"
    values["csrf"] = csrf_of(page)
    return values


async def test_an_edit_is_checked_like_an_import_and_saved(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        page = (await c.get("/directory/demo-kind-words")).text
        form = _form(page)
        bad = {
            **form,
            "min_age": "200",
            "hours": "MO,TU 25:00-17:00\nfunday 09:00-10:00",
            "phones": "12, voice",
        }
        refused = await c.post("/directory/demo-kind-words/edit", data=bad)
        assert refused.status_code == 400 and "Not saved" in refused.text
        assert "minimum age: age &#39;200&#39; must be a whole number from 0 to 120" in refused.text
        assert "hours line 1: time &#39;25:00&#39; is out of range" in refused.text
        assert "hours line 2" in refused.text and "phones line 1" in refused.text
        good = {
            **form,
            "name": "Kind Words Anti-Bullying",
            "max_age": "19",
            "hours": "MO,TU,WE,TH,FR 10:00-18:00",
        }
        saved = await c.post("/directory/demo-kind-words/edit", data=good)
        assert saved.status_code == 303
        again = (await c.get(saved.headers["location"])).text
        assert "Kind Words Anti-Bullying" in again and "Ages 8 to 19" in again and "Saved." in again
        found = await c.get("/directory", params={"need": "bullying", "age": "19", "area": "Demo Borough"})
        assert "Kind Words Anti-Bullying" in found.text  # the search index follows the edit
    events = await actions(app, "directory.")
    assert events == ["practitioner:admin directory.service_edited"]


async def test_unknown_service_is_404(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "prac")
        assert (await c.get("/directory/no-such-service")).status_code == 404


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


SERVICE = {
    "id": "upload-1",
    "name": "Upload Test Line",
    "organization": {"id": "org-up", "name": "Upload Org"},
    "phones": [{"number": "020 7946 0777", "type": "voice"}],
    "service_areas": [{"name": "Demo Borough", "extent_type": "local_authority"}],
    "attributes": [{"taxonomy_term": {"taxonomy": "waymark-need", "code": "anxiety", "name": "anxiety"}}],
    "verified_at": "2026-11-01",
}


async def test_import_is_checked_first_then_imported(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        token = csrf_of((await c.get("/directory/import")).text)
        body = json.dumps([SERVICE]).encode()
        no_csrf = await c.post(
            "/directory/import", files={"file": ("services.json", body, "application/json")}
        )
        assert no_csrf.status_code == 403
        checked = await c.post(
            "/directory/import",
            data={"csrf": token},
            files={"file": ("services.json", body, "application/json")},
        )
        assert checked.status_code == 303
        report = (await c.get(checked.headers["location"])).text
        assert "checked, ready to import" in report and "1 services (1 new, 0 updated)" in report
        assert (await c.get("/directory/upload-1")).status_code == 404  # a dry run writes nothing
        done = await c.post(checked.headers["location"], data={"csrf": csrf_of(report)})
        assert done.status_code == 303
        assert "imported" in (await c.get(done.headers["location"])).text
        assert "Upload Test Line" in (await c.get("/directory/upload-1")).text
    assert await actions(app, "directory.") == [
        "practitioner:admin directory.import_checked",
        "practitioner:admin directory.imported",
    ]


async def test_a_csv_folder_zip_shows_problems_as_file_row_and_cannot_be_imported(app: AppContext) -> None:
    files = {
        "hsds/organizations.csv": "id,name\norg-z,Zip Org\n",
        "hsds/services.csv": "id,name,organization_id,verified_at,minimum_age\n"
        "zip-1,Zip Line,org-z,2026-11-01,11\nzip-2,Zip Two,org-z,2026-11-01,eleven\n",
    }
    async with client(app) as c:
        await sign_in(c, "boss")
        token = csrf_of((await c.get("/directory/import")).text)
        checked = await c.post(
            "/directory/import",
            data={"csrf": token},
            files={"file": ("dir.zip", _zip(files), "application/zip")},
        )
        report = (await c.get(checked.headers["location"])).text
        assert "services.csv:3: age &#39;eleven&#39; is not a number" in report
        assert "checked: not ready" in report and 'id="import-now"' not in report


async def test_an_upload_that_is_not_json_or_zip_is_refused(app: AppContext) -> None:
    async with client(app) as c:
        await sign_in(c, "admin")
        token = csrf_of((await c.get("/directory/import")).text)
        bad = await c.post("/directory/import", data={"csrf": token}, files={"file": ("x.exe", b"MZ", "x")})
        assert bad.status_code == 400 and "Upload an Open Referral UK .json file" in bad.text
        broken = await c.post(
            "/directory/import", data={"csrf": token}, files={"file": ("x.zip", b"PK", "x")}
        )
        assert broken.status_code == 400 and "cannot be opened" in broken.text
        assert (await c.get("/directory/import/not-a-token")).status_code == 404


async def test_api_search_for_workers_with_a_token_and_in_openapi(app: AppContext) -> None:
    async with app.db.session() as session:
        token = await new_api_token(session, "prac", actor="test", now=app.now())
        lead_token = await new_api_token(session, "lead", actor="test", now=app.now())
        await session.commit()
    async with client(app) as c:
        found = await c.get(
            "/api/v1/directory",
            params={"need": "bullying", "age": "13", "area": "Demo Borough"},
            headers={"authorization": f"Bearer {token}"},
        )
        assert found.status_code == 200
        data = found.json()
        assert data["area"] == "Demo Borough" and data["need"] == "bullying"
        assert "demo-kind-words" in [r["id"] for r in data["results"]]
        assert all(r["reasons"] for r in data["results"])
        bad = await c.get(
            "/api/v1/directory", params={"need": "dragons"}, headers={"authorization": f"Bearer {token}"}
        )
        assert bad.status_code == 422
        assert (
            await c.get("/api/v1/directory", headers={"authorization": f"Bearer {lead_token}"})
        ).status_code == 403
        assert (await c.get("/api/v1/directory")).status_code == 401
    async with client(app) as c:
        await sign_in(c, "admin")
        paths = (await c.get("/openapi.json")).json()["paths"]
        assert "/api/v1/directory" in paths and "/directory" not in paths
