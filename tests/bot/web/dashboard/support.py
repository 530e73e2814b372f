"""Helpers for the dashboard tests: staff with passwords, a signed-in client, the CSRF token, a case."""

from __future__ import annotations

import re

import httpx
from sqlmodel import col, select

from bot.app.context import AppContext
from bot.features.practitioners.service import create_practitioner
from bot.features.schools.service import add_code, add_school
from bot.storage.models import AuditEvent, Contact
from bot.web.app import create_app
from safeguarding.models import Escalation
from tests.support import Chat

PASSWORD = "a long test password"
STAFF = (
    ("duty", "duty_clinician", "07700 900501"),
    ("prac", "practitioner", "07700 900502"),
    ("lead", "school_lead", "07700 900503"),
    ("admin", "admin", "07700 900504"),
    ("other", "practitioner", "07700 900505"),
)
YOUNG_PERSON = "+447700900001"
HTML = {"accept": "text/html"}


async def add_staff(app: AppContext, *, forced: bool = False) -> int:
    """The staff above (all with PASSWORD; `forced`: each must choose a new one first) and a school
    (`prac` and `lead` work with it); its id."""
    async with app.db.session() as session:
        school = await add_school(
            session, name="Oak Academy", local_authority="Testshire", team_contact=None, now=app.now()
        )
        assert school.id is not None
        await add_code(session, school.id, "OAK7", app.now())
        for username, role, phone in STAFF:
            person = await create_practitioner(
                session,
                username=username,
                display_name=username.title(),
                role=role,
                channel="sms",
                address=phone,
                now=app.now(),
                password=PASSWORD,
                must_change_password=forced,
            )
            if username in ("prac", "lead"):
                person.schools = [school.id]
        await session.commit()
        return school.id


def client(app: AppContext, base_url: str = "http://testserver") -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(app, background=False)), base_url=base_url, headers=HTML
    )


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


async def sign_in(c: httpx.AsyncClient, username: str, password: str = PASSWORD) -> httpx.Response:
    page = await c.get("/login")
    return await c.post(
        "/login", data={"csrf": csrf_of(page.text), "username": username, "password": password}
    )


async def open_case(app: AppContext, text: str = "i want to kill myself", join: bool = True) -> str:
    """A young person (joined to Oak Academy when `join`) texts risk; the new case's reference."""
    chat = Chat(app, YOUNG_PERSON)
    if join:
        await chat.say("OAK7")
    await chat.say(text)
    async with app.db.session() as session:
        esc = (await session.exec(select(Escalation).order_by(col(Escalation.id).desc()))).first()
        assert esc is not None
        return esc.ref


async def contact_id(app: AppContext) -> int:
    async with app.db.session() as session:
        found = (await session.exec(select(Contact.id).where(Contact.address == YOUNG_PERSON))).first()
        assert found is not None
        return found


async def actions(app: AppContext, prefix: str = "") -> list[str]:
    async with app.db.session() as session:
        rows = await session.exec(
            select(AuditEvent).where(col(AuditEvent.action).startswith(prefix)).order_by(col(AuditEvent.id))
        )
        return [f"{e.actor} {e.action}" for e in rows.all()]
