"""config.yml `database:`: validated like every section, and every key reaches the engine."""

from __future__ import annotations

import pytest

from bot.app.clock import FixedClock
from bot.app.config import ConfigError, parse_config
from tests.bot.app.test_config import GOOD
from tests.bot.db_support import closed_port, db_context


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("pool_size: 10", "pool_size: 0", "database.pool_size"),
        ("max_overflow: 10", "max_overflow: -1", "database.max_overflow"),
        ("pool_timeout_seconds: 5", "pool_timeout_seconds: 30", "database.pool_timeout_seconds"),
    ],
)
def test_bad_database_value_names_key_and_line(old: str, new: str, key: str) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if new in row)
    with pytest.raises(ConfigError) as err:
        parse_config(text)
    assert f"config.yml:{line}: {key}" in str(err.value)


async def test_every_database_key_reaches_the_engine(clock: FixedClock) -> None:
    ctx = db_context(
        f"postgresql://postgres@127.0.0.1:{closed_port()}/x",
        clock,
        pool_size=3,
        max_overflow=4,
        pool_timeout_seconds=1.5,
    )
    try:
        pool = ctx.db.engine.sync_engine.pool
        # PostgreSQL keeps what it opens: pool_size + max_overflow, none closed at check-in (storage/db.py)
        assert (pool.size(), pool._max_overflow, pool._timeout) == (7, 0, 1.5)  # type: ignore[attr-defined]
    finally:
        await ctx.close()
