"""Run SQLAlchemy statements on a SQLModel ``AsyncSession``.

SQLModel deprecates ``AsyncSession.execute`` in favour of ``exec``, but ``exec`` does not
cover Core statements with many parameter sets (bulk insert and update), which the
importer needs. This calls SQLAlchemy's own ``execute`` without the warning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Executable, Result
from sqlalchemy.ext.asyncio import AsyncSession as SAAsyncSession
from sqlmodel.ext.asyncio.session import AsyncSession


async def execute(
    session: AsyncSession,
    statement: Executable,
    params: Sequence[Mapping[str, Any]] | Mapping[str, Any] | None = None,
) -> Result[Any]:
    """Execute ``statement`` (with optional parameters, or a list of them for executemany)."""
    return await SAAsyncSession.execute(session, statement, params)
