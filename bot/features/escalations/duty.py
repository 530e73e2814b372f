"""The duty rota from config.yml (the seed of the stored rota, ``rota_store.py``) and acknowledgement times.
Checking the rota in force against the users table: ``rota_check.py``."""

from __future__ import annotations

import datetime as dt

from bot.app.config import AppConfig, RotaSlotConfig
from flows.calendar import bank_holidays_between
from safeguarding.rota import Override, Rota, Shift

YEARS_AROUND = 2
"""Bank holidays are looked up this many years either side of `now` (the rota searches three weeks)."""


def _shift(slot: RotaSlotConfig) -> Shift:
    return Shift(tuple(slot.days), slot.start, slot.end, slot.primary, slot.backup)


def closed_days(config: AppConfig, now: dt.datetime | None) -> tuple[dt.date, ...]:
    """``office_hours.closed_dates`` and the bank holidays of ``office_hours.bank_holidays`` around `now`
    (2020 to 2040 when no time is given, for checks that are not about one moment)."""
    first, last = (2020, 2040) if now is None else (now.year - YEARS_AROUND, now.year + YEARS_AROUND)
    bank = bank_holidays_between(
        dt.date(first, 1, 1), dt.date(last, 12, 31), config.office_hours.bank_holidays
    )
    return tuple(sorted({*config.office_hours.closed_dates, *bank}))


def rota_from_config(config: AppConfig, now: dt.datetime | None = None) -> Rota:
    """The rota in `config` (``safeguarding.rota``), in the service's time zone. Weekly shifts do not run
    on closed dates or bank holidays."""
    cfg = config.safeguarding.rota
    return Rota(
        timezone=config.service.timezone,
        shifts=tuple(_shift(s) for s in cfg.shifts),
        overrides=tuple(Override(o.date, o.start, o.end, o.primary, o.backup) for o in cfg.overrides),
        on_call=tuple(_shift(s) for s in cfg.on_call),
        manager=cfg.manager,
        closed_dates=closed_days(config, now),
    )


def ack_time(config: AppConfig, severity: str) -> dt.timedelta:
    """How long the duty clinician has to acknowledge an escalation of `severity`."""
    minutes = config.safeguarding.ack_minutes
    return dt.timedelta(minutes=minutes["immediate"] if severity == "immediate" else minutes["high"])
