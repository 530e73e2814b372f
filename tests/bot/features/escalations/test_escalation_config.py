"""safeguarding.rota and ack_minutes in config.yml: validated with the key path and line."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.app.config import ConfigError, parse_config
from bot.features.escalations.duty import ack_time, rota_from_config
from tests.support import ROOT

BASE = (ROOT / "config.yml").read_text(encoding="utf-8")


def _with_safeguarding(block: str) -> str:
    start = BASE.index("safeguarding:\n")
    end = BASE.index("\nreminders:")
    return BASE[:start] + block + BASE[end:]


def test_project_rota_loads_in_the_service_zone() -> None:
    cfg = parse_config(BASE)
    rota = rota_from_config(cfg)
    assert rota.timezone == "Europe/London" and rota.manager == "demo.manager"
    duty = rota.who_is_on(dt.datetime(2026, 11, 17, 10, tzinfo=dt.UTC))
    assert duty is not None and duty.primary == "demo.duty"
    assert ack_time(cfg, "immediate") == dt.timedelta(minutes=5)
    assert ack_time(cfg, "high") == dt.timedelta(minutes=30)


def test_bad_rota_entries_name_the_key_and_line() -> None:
    bad = _with_safeguarding(
        "safeguarding:\n"
        "  rota:\n"
        "    shifts:\n"
        "      - {days: [mon], start: '09:00', end: '09:00', primary: ana}\n"
        "      - {days: [funday], start: '09:00', end: '17:00', primary: 'Ana Smith'}\n"
    )
    with pytest.raises(ConfigError) as err:
        parse_config(bad)
    text = str(err.value)
    assert "safeguarding.rota.shifts.0" in text and "start and end must differ" in text
    assert "safeguarding.rota.shifts.1.days.0" in text and "safeguarding.rota.shifts.1.primary" in text


def test_backup_must_differ_and_minutes_must_be_sane() -> None:
    same = _with_safeguarding(
        "safeguarding:\n  rota:\n    on_call:\n"
        "      - {days: [sat], start: '10:00', end: '16:00', primary: ana, backup: ana}\n"
    )
    with pytest.raises(ConfigError, match="backup must be someone other"):
        parse_config(same)
    zero = _with_safeguarding("safeguarding:\n  ack_minutes: {immediate: 0}\n")
    with pytest.raises(ConfigError, match="between 1 and 1440"):
        parse_config(zero)
    only_high = parse_config(_with_safeguarding("safeguarding:\n  ack_minutes: {high: 20}\n"))
    assert only_high.safeguarding.ack_minutes == {"immediate": 5, "high": 20}
