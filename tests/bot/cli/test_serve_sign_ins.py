"""`waymark serve --demo` (and so `make run`) prints the dashboard address and a demo sign-in per role."""

from __future__ import annotations

import pytest

from bot.cli.serve import _print_sign_ins
from bot.storage.models.users import ROLES


def test_the_dashboard_address_and_one_demo_sign_in_per_role(capsys: pytest.CaptureFixture[str]) -> None:
    _print_sign_ins("127.0.0.1", 8000)
    out = capsys.readouterr().out
    assert "Dashboard: http://127.0.0.1:8000/" in out and "demo data only" in out
    for role in ROLES:
        assert any(line.split()[:1] == [role] and "password: " in line for line in out.splitlines()), role
