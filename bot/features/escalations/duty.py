"""The duty rota from config.yml (the seed of the stored rota, ``rota_store.py``), acknowledgement times,
and checking the rota in force against the users table."""

from __future__ import annotations

import datetime as dt

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.config import AppConfig, RotaSlotConfig
from bot.features.practitioners.service import all_practitioners
from bot.storage.models import Contact
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


async def rota_problems(session: AsyncSession, config: AppConfig) -> list[str]:
    """Names in the rota with no active practitioner, alert contacts that have opted out, and gaps."""
    from bot.features.escalations.rota_store import load_rota

    rota = await load_rota(session, config)
    people = {p.username: p for p in await all_practitioners(session)}
    problems: list[str] = []
    for name in sorted(rota.usernames()):
        person = people.get(name)
        if person is None:
            problems.append(f"the rota names {name!r}, who is not a practitioner (waymark users create)")
        elif not person.active:
            problems.append(f"the rota names {name!r}, whose account is not active")
        else:
            contact = await session.get(Contact, person.contact_id) if person.contact_id else None
            if contact is None or contact.opted_out:
                problems.append(
                    f"{name!r} cannot get alerts: their alert address has no contact or opted out"
                )
    if not rota.shifts and not rota.on_call and not rota.overrides:
        problems.append("the rota has no shifts: every escalation goes straight to the manager")
    if rota.manager is None:
        problems.append("the rota has no manager: unacknowledged alerts stop after the backup")
    return problems


async def rota_refusal(session: AsyncSession, config: AppConfig) -> str | None:
    """Why `waymark serve` must not start with this rota (outside ``--demo``), or None.

    A rota that names someone who is not an active practitioner would tell a young person "we have told
    our team" while the alert fails; a rota with no slot and no manager alerts nobody at all."""
    from bot.features.escalations.rota_store import load_rota

    rota = await load_rota(session, config)
    people = {p.username: p for p in await all_practitioners(session)}
    missing = sorted(n for n in rota.usernames() if n not in people or not people[n].active)
    if missing:
        names = ", ".join(missing)
        return (
            f"the duty rota (seeded from config.yml's safeguarding.rota) names {names}: not active "
            "practitioners here, so their alerts would fail. Create them (waymark users create NAME --role "
            "duty_clinician --phone ...), change the rota on /rota, or put your team's usernames in "
            "safeguarding.rota. `serve --demo` adds the demo practitioners."
        )
    if not rota.shifts and not rota.on_call and not rota.overrides and rota.manager is None:
        return "the duty rota has no shifts and no manager: nobody would be alerted about a risk message"
    return None
