"""Managing schools and join codes (used by the CLI and demo data)."""

from __future__ import annotations

import datetime as dt
import re

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.storage.models import School, SchoolCode

CODE_RULE = re.compile(r"^[A-Z0-9]{3,10}$")


class SchoolError(ValueError):
    """A school or code request that cannot be done (bad code, duplicate, unknown school)."""


def clean_code(code: str) -> str:
    """Upper-case and check a join code: 3 to 10 letters or digits."""
    value = code.strip().upper()
    if not CODE_RULE.match(value):
        raise SchoolError(f"code {code!r} must be 3 to 10 letters or digits, no spaces")
    return value


async def add_school(
    session: AsyncSession, *, name: str, local_authority: str, team_contact: str | None, now: dt.datetime
) -> School:
    if not name.strip() or not local_authority.strip():
        raise SchoolError("a school needs a name and a local authority")
    school = School(
        name=name.strip(), local_authority=local_authority.strip(), team_contact=team_contact, created_at=now
    )
    session.add(school)
    await session.flush()
    return school


async def add_code(session: AsyncSession, school_id: int, code: str, now: dt.datetime) -> SchoolCode:
    value = clean_code(code)
    if await session.get(School, school_id) is None:
        raise SchoolError(f"no school with id {school_id}")
    taken = await session.exec(select(SchoolCode).where(SchoolCode.code == value))
    if taken.first() is not None:
        raise SchoolError(f"code {value} is already in use (codes are never reused, even when retired)")
    row = SchoolCode(school_id=school_id, code=value, created_at=now)
    session.add(row)
    await session.flush()
    return row


async def retire_code(session: AsyncSession, code: str, now: dt.datetime) -> SchoolCode:
    rows = await session.exec(select(SchoolCode).where(SchoolCode.code == clean_code(code)))
    row = rows.first()
    if row is None:
        raise SchoolError(f"no code {code.upper()}")
    row.retired_at = row.retired_at or now
    session.add(row)
    return row


async def list_schools(session: AsyncSession) -> list[tuple[School, list[SchoolCode]]]:
    schools = (await session.exec(select(School).order_by(col(School.name)))).all()
    codes = (await session.exec(select(SchoolCode).order_by(col(SchoolCode.code)))).all()
    return [(s, [c for c in codes if c.school_id == s.id]) for s in schools]


async def find_school_by_code(session: AsyncSession, code: str) -> School | None:
    rows = await session.exec(
        select(School)
        .join(SchoolCode, col(SchoolCode.school_id) == col(School.id))
        .where(SchoolCode.code == code.upper())
    )
    return rows.first()
