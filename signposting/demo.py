"""The fictional Demo Borough: a dozen local services for demos and tests.

Every number is an Ofcom drama number (020 7946 0000-0999, 07700 900000-900999), so no
real line can be rung by mistake. ``make run`` loads this and links the demo school
(join code ``DEMO1``) to ``DEMO_LOCAL_AUTHORITY``.
"""

from __future__ import annotations

from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import AREAS_CSV, load_areas
from signposting.shipped import DEMO_JSON, load_shipped

DEMO_LOCAL_AUTHORITY = "Demo Borough"
DEMO_SCHOOL_CODE = "DEMO1"
DEMO_SCHOOL_NAME = "Demo Academy"
DRAMA_RANGES: tuple[tuple[int, int], ...] = ((2079460000, 2079460999), (7700900000, 7700900999))
"""Ofcom drama number ranges as national significant numbers (no leading 0)."""


def is_drama_number(number: str) -> bool:
    """True when ``number`` (any spacing, leading 0 or +44) is an Ofcom drama number."""
    digits = "".join(c for c in number if c.isdigit())
    if digits.startswith("44"):
        digits = digits[2:]
    digits = digits.lstrip("0")
    return digits.isdigit() and any(low <= int(digits) <= high for low, high in DRAMA_RANGES)


async def load_demo(session: AsyncSession) -> None:
    """Load (or refresh) the area table and the Demo Borough services. Idempotent; commits."""
    await load_areas(session, AREAS_CSV)
    await load_shipped(session, DEMO_JSON)
