"""Demo practitioners for `--demo`: fictional people on Ofcom drama numbers (07700 900xxx), named in the
sample rota in config.yml (`safeguarding.rota`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.practitioners.service import by_username, create_practitioner

if TYPE_CHECKING:
    from bot.app.context import AppContext

DEMO_PRACTITIONERS = (
    ("demo.duty", "Sam Duty (demo)", "duty_clinician", "07700 900501"),
    ("demo.backup", "Alex Backup (demo)", "practitioner", "07700 900502"),
    ("demo.manager", "Jo Manager (demo)", "manager", "07700 900503"),
)


async def load_demo_practitioners(app: AppContext, session: object) -> None:
    """Add the demo practitioners (no passwords; set one with `waymark users create` on a real system)."""
    assert isinstance(session, AsyncSession)
    for username, name, role, phone in DEMO_PRACTITIONERS:
        if await by_username(session, username) is None:
            await create_practitioner(
                session,
                username=username,
                display_name=name,
                role=role,
                channel="sms",
                address=phone,
                now=app.now(),
            )
