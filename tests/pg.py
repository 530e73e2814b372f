"""PostgreSQL test helpers: used only when WAYMARK_TEST_POSTGRES_URL is set (make test sets it)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.storage.db import async_url


def reset_schema(url: str) -> None:
    """Drop and recreate the public schema: every test starts from an empty database."""

    async def go() -> None:
        engine = create_async_engine(async_url(url))
        async with engine.begin() as conn:
            await conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await conn.execute(text("CREATE SCHEMA public"))
        await engine.dispose()

    asyncio.run(go())


def database_url_for(kind: str, tmp_path: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'waymark.db'}"
    url = os.environ.get("WAYMARK_TEST_POSTGRES_URL")
    if not url:
        pytest.skip("WAYMARK_TEST_POSTGRES_URL not set")
    reset_schema(url)
    return url


BOTH = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
