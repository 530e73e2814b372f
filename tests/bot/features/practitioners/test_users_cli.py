"""`waymark users disable|enable|set-password|set-role|set-schools|token` on a migrated SQLite file."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.app.clock import FixedClock
from bot.cli.main import app as cli
from bot.features.practitioners.accounts import by_api_token, sign_in
from bot.storage.migrate import upgrade
from tests.conftest import OFFICE_TIME
from tests.support import ROOT, make_context

runner = CliRunner()


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    upgrade(url)
    env = {
        "WAYMARK_DATABASE_URL": url,
        "WAYMARK_CONFIG": str(ROOT / "config.yml"),
        "WAYMARK_ENV": "development",
    }
    made = runner.invoke(cli, ["users", "create", "sam", "--phone", "07700 900501"], env=env)
    assert made.exit_code == 0, made.output
    return env


def _db(env: dict[str, str]) -> sqlite3.Connection:
    return sqlite3.connect(env["WAYMARK_DATABASE_URL"].removeprefix("sqlite:///"))


def _row(env: dict[str, str]) -> tuple[object, ...]:
    with _db(env) as conn:
        row = conn.execute(
            "select role, active, must_change_password, schools, api_token_hash from practitioner"
        ).fetchone()
    assert row is not None
    return tuple(row)


def _actions(env: dict[str, str]) -> list[str]:
    with _db(env) as conn:
        return [r[0] for r in conn.execute("select actor || ' ' || action from audit_event order by id")]


def _check(env: dict[str, str], password: str, token: str | None = None) -> tuple[bool, bool]:
    """(the password signs in, the token is accepted), checked with the service functions."""

    async def go() -> tuple[bool, bool]:
        ctx = make_context(env["WAYMARK_DATABASE_URL"], FixedClock(OFFICE_TIME))
        try:
            async with ctx.db.session() as session:
                ok = (await sign_in(session, "sam", password, now=ctx.now())).ok
                held = token is not None and await by_api_token(session, token) is not None
                await session.rollback()
                return ok, held
        finally:
            await ctx.close()

    return asyncio.run(go())


def test_set_password_forces_a_change_and_checks_length(env: dict[str, str]) -> None:
    short = runner.invoke(cli, ["users", "set-password", "sam", "--password-stdin"], input="short\n", env=env)
    assert short.exit_code == 2 and "12 characters" in short.output
    done = runner.invoke(
        cli, ["users", "set-password", "sam", "--password-stdin"], input="a good long password\n", env=env
    )
    assert done.exit_code == 0 and "must choose their own" in done.output
    assert _row(env)[2] == 1
    assert _check(env, "a good long password")[0]
    assert "cli practitioner.password_set" in _actions(env)
    prompted = runner.invoke(
        cli, ["users", "set-password", "sam"], input="another long password\nanother long password\n", env=env
    )
    assert prompted.exit_code == 0, prompted.output
    assert _check(env, "another long password")[0]


def test_disable_enable_role_and_schools(env: dict[str, str]) -> None:
    runner.invoke(
        cli, ["users", "set-password", "sam", "--password-stdin"], input="a good long password\n", env=env
    )
    assert runner.invoke(cli, ["users", "disable", "sam"], env=env).exit_code == 0
    assert _row(env)[1] == 0 and not _check(env, "a good long password")[0]
    assert "inactive" in runner.invoke(cli, ["users", "list"], env=env).output
    assert runner.invoke(cli, ["users", "enable", "sam"], env=env).exit_code == 0
    assert _check(env, "a good long password")[0]
    role = runner.invoke(cli, ["users", "set-role", "sam", "school_lead"], env=env)
    assert role.exit_code == 0 and _row(env)[0] == "school_lead"
    assert runner.invoke(cli, ["users", "set-role", "sam", "boss"], env=env).exit_code == 2
    missing = runner.invoke(cli, ["users", "set-schools", "sam", "42"], env=env)
    assert missing.exit_code == 2 and "no school" in missing.output
    added = runner.invoke(
        cli, ["schools", "add", "Oak Academy", "--authority", "Testshire", "--code", "OAK7"], env=env
    )
    assert added.exit_code == 0, added.output
    linked = runner.invoke(cli, ["users", "set-schools", "sam", "1"], env=env)
    assert linked.exit_code == 0 and _row(env)[3] == "[1]"
    assert runner.invoke(cli, ["users", "disable", "nobody"], env=env).exit_code == 2
    trail = _actions(env)
    for action in ("disabled", "enabled", "role_set", "schools_set"):
        assert f"cli practitioner.{action}" in trail


def test_a_token_is_shown_once_and_stored_as_a_hash(env: dict[str, str]) -> None:
    first = runner.invoke(cli, ["users", "token", "sam"], env=env)
    token = first.output.strip()
    assert first.exit_code == 0 and token.startswith("wmk_")
    stored = _row(env)[4]
    assert isinstance(stored, str) and token not in stored and len(stored) == 64
    assert _check(env, "-", token)[1]
    second = runner.invoke(cli, ["users", "token", "sam"], env=env).output.strip()
    assert second != token and not _check(env, "-", token)[1] and _check(env, "-", second)[1]
    assert "cli practitioner.token_issued" in _actions(env)
