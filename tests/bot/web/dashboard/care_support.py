"""Helpers for the appointments and check-ins page tests: a young person who joined Oak Academy, and a
signed-in client's CSRF token."""

from __future__ import annotations

import httpx

from bot.app.context import AppContext
from bot.storage.models import Contact
from tests.bot.web.dashboard.support import csrf_of

PUPIL = "+447700900001"
PUPIL_TYPED = "07700 900001"


async def pupil(app: AppContext, school_id: int | None, address: str = PUPIL) -> int:
    """A contact on `address` who joined school `school_id` (None: no school); its id."""
    async with app.db.session() as session:
        contact = Contact(
            channel="sms",
            address=address,
            school_id=school_id,
            joined_school_at=app.now() if school_id else None,
            first_seen=app.now(),
            last_seen=app.now(),
        )
        session.add(contact)
        await session.commit()
        assert contact.id is not None
        return contact.id


async def token(c: httpx.AsyncClient, path: str) -> str:
    """The CSRF token from page `path`."""
    return csrf_of((await c.get(path)).text)
