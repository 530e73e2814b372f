"""The service directory's shared actions: read one service, edit it, mark it verified, list services whose
check is over a year old, and import a file. The dashboard and `waymark directory` call these; each change is
one audit event.

An edit goes through the importer itself: the stored service is read back into an importer record, the edited
fields are parsed with the importer's own parsers, and ``prepare`` checks it and ``write`` stores it, so the
search index and the cached phones and hours stay right and an edit is refused for exactly what an import is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from signposting.db import execute
from signposting.importer import ImportReport, Problem, import_file
from signposting.importer.prepare import prepare
from signposting.importer.records import (
    AreaRecord,
    OrgRecord,
    PhoneRecord,
    ScheduleRecord,
    ServiceRecord,
    TermRecord,
    Where,
    clean_number,
    optional_text,
    parse_age,
    parse_byday_text,
    parse_time,
    phone_kind,
    text,
)
from signposting.importer.writer import write
from signposting.models import (
    language_table,
    organisation_table,
    phone_table,
    schedule_table,
    service_area_table,
    service_need_table,
    service_table,
    service_taxonomy_table,
    taxonomy_term_table,
)
from signposting.schedules import DEFAULT_TZ, OpeningRule, describe_hours, format_byday, parse_byday

STALE_AFTER = dt.timedelta(days=365)
STATUSES = ("active", "inactive", "defunct", "temporarily closed")
FORM = "form"
S = service_table.c


class DirectoryError(ValueError):
    """A directory action that cannot be done as asked; the message is ready for people."""


@dataclass(frozen=True)
class ServiceDetail:
    """One service as stored, with what the page shows and what the edit form starts from."""

    record: ServiceRecord
    organisation: str
    sms_description: str
    needs: tuple[str, ...]
    is_national: bool
    is_general: bool
    is_24_7: bool
    area_kinds: tuple[tuple[str, str], ...]  # (kind, name)
    hours: str
    verified_at: dt.date
    source: str

    def stale(self, today: dt.date) -> bool:
        return today - self.verified_at > STALE_AFTER


@dataclass(frozen=True)
class ServiceEdit:
    """The edit form's fields, as typed. Lines: phones ``number, voice|text[, keyword]``; hours
    ``MO,TU,WE 09:00-17:00``; areas one name or postcode district each."""

    name: str
    description: str = ""
    sms_description: str = ""
    eligibility_description: str = ""
    min_age: str = ""
    max_age: str = ""
    website: str = ""
    email: str = ""
    status: str = "active"
    phones: str = ""
    hours: str = ""
    areas: str = ""


@dataclass
class EditOutcome:
    """What an edit did: ``problems`` (nothing was saved) or the names of the fields that changed."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StaleService:
    id: str
    name: str
    organisation: str
    verified_at: dt.date
    days: int


async def service_detail(session: AsyncSession, service_id: str) -> ServiceDetail | None:
    """Everything stored about one service, or None."""
    row = (await execute(session, select(service_table).where(S.id == service_id))).first()
    if row is None:
        return None
    org = (
        await execute(
            session, select(organisation_table).where(organisation_table.c.id == row.organisation_id)
        )
    ).first()
    where = Where(FORM, "service")
    phones = await execute(
        session,
        select(phone_table).where(phone_table.c.service_id == service_id).order_by(phone_table.c.position),
    )
    schedules = await execute(
        session,
        select(schedule_table).where(schedule_table.c.service_id == service_id).order_by(schedule_table.c.id),
    )
    areas = await execute(
        session,
        select(service_area_table)
        .where(service_area_table.c.service_id == service_id)
        .order_by(service_area_table.c.id),
    )
    terms = await execute(
        session,
        select(taxonomy_term_table)
        .join(service_taxonomy_table, service_taxonomy_table.c.term_id == taxonomy_term_table.c.id)
        .where(service_taxonomy_table.c.service_id == service_id),
    )
    languages = await execute(
        session, select(language_table).where(language_table.c.service_id == service_id)
    )
    needs = await execute(
        session, select(service_need_table.c.need).where(service_need_table.c.service_id == service_id)
    )
    area_rows = list(areas.all())
    rec = ServiceRecord(
        id=row.id,
        organisation=OrgRecord(
            row.organisation_id,
            org.name if org else row.organisation_id,
            org.description if org else "",
            org.website if org else None,
            org.email if org else None,
        ),
        name=row.name,
        where=where,
        description=row.description,
        sms_description=row.sms_description,
        eligibility_description=row.eligibility_description,
        min_age=row.min_age,
        max_age=row.max_age,
        website=row.website,
        email=row.email,
        status=row.status,
        is_free=row.is_free,
        cost_description=row.cost_description,
        source=row.source,
        verified_at=row.verified_at,
        phones=[PhoneRecord(p.number, p.kind, p.text_keyword, p.description) for p in phones.all()],
        schedules=[
            ScheduleRecord(
                s.byday, s.opens_at, s.closes_at, s.timezone, s.valid_from, s.valid_to, s.description
            )
            for s in schedules.all()
        ],
        areas=[AreaRecord(a.name, a.kind if a.kind != "other" else None, where) for a in area_rows],
        terms=[TermRecord(t.id, t.taxonomy, t.code, t.name) for t in terms.all()],
        languages=[(lang.code, lang.name) for lang in languages.all()],
    )
    rules = [
        OpeningRule(parse_byday(s.byday), s.opens_at, s.closes_at, s.timezone, s.valid_from, s.valid_to)
        for s in rec.schedules
    ]
    return ServiceDetail(
        record=rec,
        organisation=rec.organisation.name,
        sms_description=row.sms_description,
        needs=tuple(sorted(needs.scalars().all())),
        is_national=bool(row.is_national),
        is_general=bool(row.is_general),
        is_24_7=bool(row.is_24_7),
        area_kinds=tuple((a.kind, a.name) for a in area_rows),
        hours=describe_hours(rules),
        verified_at=row.verified_at,
        source=row.source,
    )


def edit_form(detail: ServiceDetail) -> ServiceEdit:
    """The edit form filled in from the stored service."""
    r = detail.record
    return ServiceEdit(
        name=r.name,
        description=r.description,
        sms_description=r.sms_description,
        eligibility_description=r.eligibility_description,
        min_age="" if r.min_age is None else str(r.min_age),
        max_age="" if r.max_age is None else str(r.max_age),
        website=r.website or "",
        email=r.email or "",
        status=r.status,
        phones="\n".join(
            ", ".join([p.number, p.kind, *([p.text_keyword] if p.text_keyword else [])]) for p in r.phones
        ),
        hours="\n".join(_hours_line(s) for s in r.schedules),
        areas="\n".join(dict.fromkeys(a.name for a in r.areas)),
    )


def _hours_line(s: ScheduleRecord) -> str:
    opens = s.opens_at.strftime("%H:%M") if s.opens_at else ""
    closes = s.closes_at.strftime("%H:%M") if s.closes_at else ""
    return f"{format_byday(parse_byday(s.byday))} {opens}-{closes}".strip()


def _lines(value: str) -> list[tuple[int, str]]:
    return [(i, line.strip()) for i, line in enumerate(value.splitlines(), start=1) if line.strip()]


def _edited(detail: ServiceDetail, form: ServiceEdit, report: ImportReport) -> ServiceRecord:
    """The stored record with the form's fields, parsed as the importer parses a file."""
    base = detail.record

    def guard(row: str, parse: object) -> object:
        assert callable(parse)
        try:
            return parse()
        except ValueError as exc:
            report.error(FORM, row, str(exc))
            return None

    phones: list[PhoneRecord] = []
    for number, line in _lines(form.phones):
        parts = [p.strip() for p in line.split(",")]
        kind = phone_kind(parts[1] if len(parts) > 1 else "voice")
        if kind not in ("voice", "text"):
            report.error(FORM, f"phones line {number}", f"type {parts[1]!r} is not voice or text")
            continue
        cleaned = guard(f"phones line {number}", lambda parts=parts: clean_number(parts[0]))
        if isinstance(cleaned, str):
            phones.append(PhoneRecord(cleaned, kind, optional_text(parts[2]) if len(parts) > 2 else None))
    zone = base.schedules[0].timezone if base.schedules else DEFAULT_TZ
    schedules: list[ScheduleRecord] = []
    for number, line in _lines(form.hours):
        row = f"hours line {number}"
        days, _, span = line.rpartition(" ")
        opens, dash, closes = span.partition("-")
        if not days or not dash:
            report.error(FORM, row, f"{line!r} is not like MO,TU,WE 09:00-17:00")
            continue
        parsed = guard(
            row,
            lambda days=days, opens=opens, closes=closes: ScheduleRecord(
                parse_byday_text(days.replace(" ", "")), parse_time(opens), parse_time(closes), zone
            ),
        )
        if isinstance(parsed, ScheduleRecord):
            schedules.append(parsed)
    min_age = guard("minimum age", lambda: parse_age(form.min_age))
    max_age = guard("maximum age", lambda: parse_age(form.max_age))
    if form.status not in STATUSES:
        report.error(FORM, "status", f"status {form.status!r} is not one of {', '.join(STATUSES)}")
    if not text(form.name):
        report.error(FORM, "name", "the service needs a name")
    if len(text(form.name)) > 300:
        report.error(FORM, "name", "the name is longer than 300 characters")
    for label, value in (("website", form.website), ("email", form.email)):
        if len(text(value)) > 300:
            report.error(FORM, label, f"the {label} is longer than 300 characters")
    return replace(
        base,
        name=text(form.name),
        description=text(form.description),
        sms_description=text(form.sms_description),
        eligibility_description=text(form.eligibility_description),
        min_age=min_age if isinstance(min_age, int) else None,
        max_age=max_age if isinstance(max_age, int) else None,
        website=optional_text(form.website),
        email=optional_text(form.email),
        status=form.status,
        phones=phones,
        schedules=schedules,
        areas=[AreaRecord(name, None, Where(FORM, f"areas line {n}")) for n, name in _lines(form.areas)],
        where=Where(FORM, "service"),
    )


async def edit_service(
    session: AsyncSession, service_id: str, form: ServiceEdit, *, actor: str, now: dt.datetime
) -> EditOutcome:
    """Check and store an edit (flushes; the caller commits). Problems: nothing is stored. Audited as
    ``directory.service_edited`` with the names of the fields that changed (never their values)."""
    detail = await service_detail(session, service_id)
    if detail is None:
        raise DirectoryError("there is no such service")
    report = ImportReport(path=Path(FORM), format="edit", dry_run=False)
    edited = _edited(detail, form, report)
    prepared = await prepare(session, [edited], report)
    outcome = EditOutcome(list(report.errors), list(report.warnings))
    if report.errors:
        return outcome
    before = edit_form(detail)
    outcome.changed = [
        name for name in ServiceEdit.__dataclass_fields__ if getattr(before, name) != getattr(form, name)
    ]
    if not outcome.changed:
        return outcome
    await write(session, prepared, progress=False)
    await record(
        session,
        at=now,
        actor=actor,
        action="directory.service_edited",
        subject_type="service",
        subject_id=service_id,
        details={"fields": outcome.changed, "warnings": len(report.warnings)},
    )
    return outcome


async def mark_verified(
    session: AsyncSession, service_id: str, *, actor: str, today: dt.date, now: dt.datetime
) -> dt.date:
    """Set the service's verification date to `today` (someone checked it). Audited as
    ``directory.service_verified`` with the date it had before. Returns the old date."""
    row = (await execute(session, select(S.verified_at).where(S.id == service_id))).first()
    if row is None:
        raise DirectoryError("there is no such service")
    await execute(session, service_table.update().where(S.id == service_id).values(verified_at=today))
    await record(
        session,
        at=now,
        actor=actor,
        action="directory.service_verified",
        subject_type="service",
        subject_id=service_id,
        details={"before": row.verified_at.isoformat(), "after": today.isoformat()},
    )
    return row.verified_at  # type: ignore[no-any-return]


async def stale_services(session: AsyncSession, today: dt.date) -> list[StaleService]:
    """Services (any status but defunct) last verified more than a year before `today`, oldest first."""
    org = organisation_table.c
    rows = await execute(
        session,
        select(S.id, S.name, S.verified_at, org.name.label("org"))
        .join(organisation_table, org.id == S.organisation_id)
        .where(S.verified_at < today - STALE_AFTER, S.status != "defunct")
        .order_by(S.verified_at, S.name),
    )
    return [
        StaleService(r.id, r.name, r.org, r.verified_at, (today - r.verified_at).days) for r in rows.all()
    ]


async def run_import(
    session: AsyncSession, path: Path, *, dry_run: bool, actor: str, now: dt.datetime, progress: bool = False
) -> ImportReport:
    """The directory import (``signposting.importer.import_file``: all or nothing, problems as file:row),
    audited once as ``directory.imported`` or, for a dry run, ``directory.import_checked``."""
    report = await import_file(session, path, dry_run=dry_run, progress=progress)
    await record(
        session,
        at=now,
        actor=actor,
        action="directory.import_checked" if dry_run else "directory.imported",
        subject_type="directory",
        subject_id=path.name[:100],
        details={
            "format": report.format,
            "services": report.services,
            "created": report.created,
            "updated": report.updated,
            "errors": len(report.errors),
            "warnings": len(report.warnings),
            "committed": report.committed,
        },
    )
    await session.commit()
    return report
