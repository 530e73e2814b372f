"""The duty rota kept in the database: the one reader every part of the app uses, seeding from config.yml,
and the admin's edits (add a slot, remove a slot, set the manager), each audited once.

``load_rota`` is the only way the rota is read (alerts, the alert timer, crisis replies, who is on duty,
`waymark escalations rota`, the dashboard). Until the rota is seeded (``rota_setting`` has no row) it is the
rota in config.yml; ``seed_rota`` copies that into the tables (at start-up, and before the first edit).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.app.config import WEEKDAYS, AppConfig
from bot.features.escalations.duty import closed_days, rota_from_config
from bot.features.escalations.rota_tables import ON_CALL, OVERRIDE, SHIFT, SLOT_KINDS, RotaSetting, RotaSlot
from bot.features.practitioners.service import by_username
from safeguarding.rota import Override, Rota, Shift

log = logging.getLogger(__name__)
SETTING_ID = 1
SEEDER = "system:config"


class RotaError(ValueError):
    """A rota change that cannot be made as asked; the message is ready for people."""


async def _setting(session: AsyncSession) -> RotaSetting | None:
    return await session.get(RotaSetting, SETTING_ID)


async def _slots(session: AsyncSession) -> list[RotaSlot]:
    rows = await session.exec(
        select(RotaSlot).order_by(col(RotaSlot.kind), col(RotaSlot.on_date), col(RotaSlot.id))
    )
    return list(rows.all())


def _days(text: str) -> tuple[str, ...]:
    return tuple(d for d in text.split(",") if d)


def rota_from_rows(
    config: AppConfig, setting: RotaSetting, slots: Sequence[RotaSlot], now: dt.datetime | None = None
) -> Rota:
    """A :class:`Rota` from stored rows, in the service's time zone, closed dates from config.yml."""
    return Rota(
        timezone=config.service.timezone,
        shifts=tuple(
            Shift(_days(s.days), s.start, s.end, s.primary, s.backup) for s in slots if s.kind == SHIFT
        ),
        overrides=tuple(
            Override(s.on_date, s.start, s.end, s.primary, s.backup)
            for s in slots
            if s.kind == OVERRIDE and s.on_date is not None
        ),
        on_call=tuple(
            Shift(_days(s.days), s.start, s.end, s.primary, s.backup) for s in slots if s.kind == ON_CALL
        ),
        manager=setting.manager,
        closed_dates=closed_days(config, now),
    )


async def load_rota(session: AsyncSession, config: AppConfig, now: dt.datetime | None = None) -> Rota:
    """The duty rota now in force: the stored one, or config.yml's until it is seeded.

    Read in a savepoint: if the tables cannot be read, config.yml's rota is used (and the error logged), so
    an alert or a crisis reply is never lost to a rota read."""
    try:
        async with session.begin_nested():
            setting = await _setting(session)
            slots = await _slots(session) if setting is not None else []
    except Exception:
        log.exception("duty rota: could not read the stored rota; using config.yml's")
        return rota_from_config(config, now)
    if setting is None:
        return rota_from_config(config, now)
    return rota_from_rows(config, setting, slots, now)


async def is_seeded(session: AsyncSession) -> bool:
    return await _setting(session) is not None


async def seed_rota(session: AsyncSession, config: AppConfig, now: dt.datetime) -> bool:
    """Copy config.yml's ``safeguarding.rota`` into the tables if they hold no rota yet (flushes; the caller
    commits). True when it seeded."""
    if await _setting(session) is not None:
        return False
    cfg = config.safeguarding.rota
    for kind, entries in ((SHIFT, cfg.shifts), (ON_CALL, cfg.on_call)):
        for s in entries:
            session.add(
                RotaSlot(
                    kind=kind, days=",".join(s.days), start=s.start, end=s.end, primary=s.primary,
                    backup=s.backup, created_at=now, created_by=SEEDER,
                )
            )  # fmt: skip
    for o in cfg.overrides:
        session.add(
            RotaSlot(
                kind=OVERRIDE, on_date=o.date, start=o.start, end=o.end, primary=o.primary, backup=o.backup,
                created_at=now, created_by=SEEDER,
            )
        )  # fmt: skip
    session.add(
        RotaSetting(id=SETTING_ID, manager=cfg.manager, seeded_at=now, updated_at=now, updated_by=SEEDER)
    )
    await session.flush()
    await record(
        session,
        at=now,
        actor=SEEDER,
        action="rota.seeded",
        subject_type="rota",
        subject_id="rota",
        details={"slots": len(cfg.shifts) + len(cfg.on_call) + len(cfg.overrides), "manager": cfg.manager},
    )
    return True


async def stored_rota(
    session: AsyncSession, config: AppConfig, now: dt.datetime
) -> tuple[RotaSetting, list[RotaSlot]]:
    """The stored rows (seeded first if needed), for the page that edits them."""
    await seed_rota(session, config, now)
    setting = await _setting(session)
    assert setting is not None
    return setting, await _slots(session)


async def _known(session: AsyncSession, username: str, what: str) -> str:
    name = username.strip()
    person = await by_username(session, name) if name else None
    if person is None:
        raise RotaError(f"{what} {name!r} is not a practitioner here" if name else f"choose the {what}")
    if not person.active:
        raise RotaError(f"{what} {name!r} has a disabled account")
    return name


def _parse_time(value: str, what: str) -> dt.time:
    try:
        return dt.time.fromisoformat(value.strip())
    except ValueError:
        raise RotaError(f"{what} time {value.strip()!r} is not HH:MM") from None


async def add_slot(
    session: AsyncSession,
    config: AppConfig,
    *,
    kind: str,
    days: Sequence[str],
    on_date: str,
    start: str,
    end: str,
    primary: str,
    backup: str,
    actor: str,
    now: dt.datetime,
) -> RotaSlot:
    """Add a weekly shift, an on-call entry or a dated change, checked: a known, active primary (and
    backup, someone else), times as HH:MM that differ (a dated change may run all day, 00:00 to 00:00), at
    least one known day (or a date). Audited as ``rota.slot_added``."""
    if kind not in SLOT_KINDS:
        raise RotaError("choose a weekly shift, an on-call entry or a dated change")
    begins, ends = _parse_time(start, "start"), _parse_time(end, "end")
    if begins == ends and kind != OVERRIDE:
        raise RotaError("the start and end times must differ")
    day_list: list[str] = []
    when: dt.date | None = None
    if kind == OVERRIDE:
        try:
            when = dt.date.fromisoformat(on_date.strip())
        except ValueError:
            raise RotaError("give the date of the change as YYYY-MM-DD") from None
    else:
        wanted = {d.strip().casefold() for d in days if d.strip()}
        unknown = sorted(wanted - set(WEEKDAYS))
        if unknown:
            raise RotaError(f"unknown day {unknown[0]!r}: use mon, tue, wed, thu, fri, sat or sun")
        day_list = [d for d in WEEKDAYS if d in wanted]
        if not day_list:
            raise RotaError("choose at least one day")
    first = await _known(session, primary, "primary")
    second = await _known(session, backup, "backup") if backup.strip() else None
    if second == first:
        raise RotaError("the backup must be someone other than the primary")
    await seed_rota(session, config, now)
    slot = RotaSlot(
        kind=kind, days=",".join(day_list), on_date=when, start=begins, end=ends, primary=first,
        backup=second, created_at=now, created_by=actor,
    )  # fmt: skip
    session.add(slot)
    await _touch(session, actor, now)
    await session.flush()
    assert slot.id is not None
    await record(
        session,
        at=now,
        actor=actor,
        action="rota.slot_added",
        subject_type="rota",
        subject_id=str(slot.id),
        details=_describe(slot),
    )
    return slot


async def remove_slot(
    session: AsyncSession, config: AppConfig, slot_id: int, *, actor: str, now: dt.datetime
) -> None:
    """Remove one slot. Audited as ``rota.slot_removed`` with what it was."""
    await seed_rota(session, config, now)
    slot = await session.get(RotaSlot, slot_id)
    if slot is None:
        raise RotaError("that rota row is not there any more: reload the page")
    details = _describe(slot)
    await session.delete(slot)
    await _touch(session, actor, now)
    await session.flush()
    await record(
        session, at=now, actor=actor, action="rota.slot_removed", subject_type="rota",
        subject_id=str(slot_id), details=details,
    )  # fmt: skip


async def set_manager(
    session: AsyncSession, config: AppConfig, username: str, *, actor: str, now: dt.datetime
) -> None:
    """Set the manager (last in the alert ladder, told about overdue call-backs); blank for none.
    Audited as ``rota.manager_set``."""
    name = await _known(session, username, "manager") if username.strip() else None
    await seed_rota(session, config, now)
    setting = await _touch(session, actor, now)
    before, setting.manager = setting.manager, name
    await session.flush()
    await record(
        session, at=now, actor=actor, action="rota.manager_set", subject_type="rota", subject_id="manager",
        details={"from": before, "to": name},
    )  # fmt: skip


async def _touch(session: AsyncSession, actor: str, now: dt.datetime) -> RotaSetting:
    setting = await _setting(session)
    assert setting is not None
    setting.updated_at, setting.updated_by = now, actor
    session.add(setting)
    return setting


def _describe(slot: RotaSlot) -> dict[str, object]:
    return {
        "kind": slot.kind,
        "days": slot.days or None,
        "date": slot.on_date.isoformat() if slot.on_date else None,
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.strftime("%H:%M"),
        "primary": slot.primary,
        "backup": slot.backup,
    }
