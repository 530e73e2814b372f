"""Short references people can read out on the phone: ``CB-7K2Q`` (call-back), ``RF-4MXA`` (referral).

Letters and digits that cannot be mistaken for one another (no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B, U/V), four
of them after the prefix: 21^4 = 194,481 per prefix. Uniqueness is checked against the table's column.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

ALPHABET = "ACDEFHJKMNPQRTWXY3479"
LENGTH = 4
_SHAPE = re.compile(rf"^[A-Z]{{2}}-[{ALPHABET}]{{{LENGTH}}}$")


class RefError(RuntimeError):
    """No unused reference could be found (the table is close to full for this prefix)."""


def new_ref(prefix: str) -> str:
    """A random reference such as ``CB-7K2Q``."""
    return f"{prefix}-" + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def clean_ref(text: str) -> str:
    """A reference as typed ('cb 7k2q', 'CB7K2Q', ' cb-7k2q ') in its stored form ('CB-7K2Q')."""
    squashed = re.sub(r"[\s_-]+", "", text.strip().upper())
    return f"{squashed[:2]}-{squashed[2:]}" if len(squashed) > 2 else squashed


def is_ref(text: str) -> bool:
    return bool(_SHAPE.match(clean_ref(text)))


async def unique_ref(
    session: AsyncSession, column: Any, prefix: str, make: Callable[[str], str] = new_ref
) -> str:
    """A reference not yet in `column` (a table's ``ref`` column)."""
    for _ in range(50):
        ref = make(prefix)
        if (await session.exec(select(column).where(column == ref))).first() is None:
            return ref
    raise RefError(f"could not make an unused {prefix} reference")
