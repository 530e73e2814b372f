"""Demo practitioners for `--demo`: fictional people on Ofcom drama numbers (07700 900xxx), named in the
sample rota in config.yml (`safeguarding.rota`; the two on its shifts are duty clinicians), and at least
one for each dashboard role.

They share the password :data:`DEMO_PASSWORD`, for demonstrations only: demo data is refused in
production (``bot/cli/demo_guard.py``), and a real system creates its accounts with `waymark users`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.practitioners.service import by_username, create_practitioner
from bot.features.schools.service import find_school_by_code

if TYPE_CHECKING:
    from bot.app.context import AppContext

DEMO_PASSWORD = "waymark-demo-only"  # demo only; never used outside `--demo`
DEMO_PRACTITIONERS = (
    ("demo.duty", "Sam Duty (demo)", "duty_clinician", "07700 900501"),
    ("demo.backup", "Alex Backup (demo)", "duty_clinician", "07700 900502"),
    ("demo.prac", "Ria Practitioner (demo)", "practitioner", "07700 900506"),
    ("demo.manager", "Jo Manager (demo)", "manager", "07700 900503"),
    ("demo.lead", "Pat Lead (demo school lead)", "school_lead", "07700 900504"),
    ("demo.admin", "Kim Admin (demo)", "admin", "07700 900505"),
)
DEMO_SCHOOL_CODE = "DEMO1"


async def load_demo_practitioners(app: AppContext, session: object) -> None:
    """Add the demo practitioners with the demo password; the practitioner and the school lead work
    with the demo school."""
    assert isinstance(session, AsyncSession)
    school = await find_school_by_code(session, DEMO_SCHOOL_CODE)
    for username, name, role, phone in DEMO_PRACTITIONERS:
        if await by_username(session, username) is None:
            person = await create_practitioner(
                session,
                username=username,
                display_name=name,
                role=role,
                channel="sms",
                address=phone,
                now=app.now(),
                password=DEMO_PASSWORD,
            )
            if school is not None and school.id is not None and role in ("practitioner", "school_lead"):
                person.schools = [school.id]
                session.add(person)


def demo_sign_ins() -> list[tuple[str, str, str]]:
    """(role, username, password) for each demo account, for `waymark serve --demo` to print."""
    return [(role, username, DEMO_PASSWORD) for username, _, role, _ in DEMO_PRACTITIONERS]
