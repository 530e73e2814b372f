"""``fetch_all``: the one-hop aiosqlite read gives the same rows as SQLAlchemy's own path."""

from __future__ import annotations

from sqlalchemy import String, bindparam, select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import _prepare, execute, fetch_all
from signposting.models import service_table

S = service_table.c


async def test_same_rows_as_sqlalchemy_with_types_converted(loaded: AsyncSession) -> None:
    statement = (
        select(S.id, S.is_national, S.min_age, S.verified_at)
        .where(S.status == bindparam("status", type_=String()))
        .order_by(S.id)
    )
    fast = await fetch_all(loaded, statement, {"status": "active"})
    slow = (await execute(loaded, statement, {"status": "active"})).all()
    assert fast and [tuple(r) for r in fast] == [tuple(r) for r in slow]
    assert isinstance(fast[0].is_national, bool)  # SQLite stores 0/1; the Boolean type converts it
    assert fast[0].verified_at == slow[0].verified_at  # dates come back as dates, not text


async def test_sees_uncommitted_writes_in_the_same_session(loaded: AsyncSession) -> None:
    await execute(
        loaded, service_table.update().where(S.id == "national-childline").values(status="inactive")
    )
    statement = select(S.status).where(S.id == bindparam("id", type_=String()))
    rows = await fetch_all(loaded, statement, {"id": "national-childline"})
    assert [r.status for r in rows] == ["inactive"]


async def test_expanding_in_uses_the_ordinary_path(loaded: AsyncSession) -> None:
    statement = select(S.id).where(S.id.in_(bindparam("ids", expanding=True))).order_by(S.id)
    connection = await loaded.connection()
    assert _prepare(statement, connection.dialect) is None
    rows = await fetch_all(loaded, statement, {"ids": ["national-childline", "national-samaritans"]})
    assert [r.id for r in rows] == ["national-childline", "national-samaritans"]


async def test_sees_objects_added_but_not_flushed(loaded: AsyncSession) -> None:
    from signposting.models import Organisation, organisation_table

    loaded.add(Organisation(id="pending-org", name="Added, not flushed"))
    org = organisation_table.c
    statement = select(org.name).where(org.id == bindparam("id", type_=String()))
    assert [r.name for r in await fetch_all(loaded, statement, {"id": "pending-org"})] == [
        "Added, not flushed"
    ]
