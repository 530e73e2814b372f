"""Check parsed records and work out what search needs: needs, general, national, area keys.

Runs in both dry runs and real imports (it reads the area table but writes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import area_key, postcode_district
from signposting.db import execute
from signposting.gsm import to_gsm7, truncate
from signposting.importer.records import ServiceRecord, TermRecord
from signposting.importer.report import ImportReport
from signposting.models import area_table
from signposting.needs import GENERAL, needs_for_term
from signposting.schedules import OpeningRule, is_24_7, parse_byday

NATIONAL_NAMES = {
    "national",
    "uk",
    "united kingdom",
    "england",
    "great britain",
    "gb",
    "england and wales",
    "nationwide",
    "uk wide",
    "uk-wide",
}
SMS_DESCRIPTION_MAX = 90


@dataclass
class PreparedService:
    """A checked service with everything derived that the writer stores."""

    record: ServiceRecord
    sms_description: str
    source: str
    verified_at: date
    needs: frozenset[str]
    is_general: bool
    is_national: bool
    is_24_7: bool
    areas: list[tuple[str, str, str]] = field(default_factory=list)
    terms: list[tuple[TermRecord, frozenset[str] | None]] = field(default_factory=list)


async def _authorities(session: AsyncSession) -> set[str]:
    result = await execute(
        session,
        select(area_table.c.name_key, area_table.c.code_key).where(area_table.c.kind == "local_authority"),
    )
    keys: set[str] = set()
    for row in result.all():
        keys |= {row.name_key, row.code_key}
    return keys


def _short(record: ServiceRecord, report: ImportReport) -> str:
    where = record.where
    if record.sms_description:
        short = to_gsm7(record.sms_description)
        if len(short) > SMS_DESCRIPTION_MAX:
            report.warn(
                where.file,
                where.row,
                f"service {record.id}: sms_description longer than {SMS_DESCRIPTION_MAX}; cut",
            )
        return truncate(short, SMS_DESCRIPTION_MAX)
    first = to_gsm7(record.description).split(". ")[0].strip().rstrip(".")
    return truncate(first, 60) if first else ""


def _areas(record: ServiceRecord, authorities: set[str], report: ImportReport) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    for area in record.areas:
        where = area.where or record.where
        key = area_key(area.name)
        parts = [postcode_district(p) for p in area.name.split(",")]
        if area.kind == "national" or (area.kind is None and key in NATIONAL_NAMES):
            out.append(("national", "national", area.name))
        elif area.kind in (None, "postcode_district") and all(parts):
            out.extend(("postcode_district", area_key(p), p) for p in parts if p)
        elif area.kind == "local_authority" or key in authorities:
            out.append(("local_authority", key, area.name))
        else:
            out.append(("other", key, area.name))
            report.warn(
                where.file,
                where.row,
                f"service {record.id}: service area {area.name[:60]!r} "
                "is not a known local authority or postcode district; it matches only that text",
            )
    return out


async def prepare(
    session: AsyncSession, records: list[ServiceRecord], report: ImportReport
) -> list[PreparedService]:
    """Validate records and derive search fields; problems go on ``report``."""
    authorities = await _authorities(session)
    seen: set[str] = set()
    unknown: set[str] = set(report.unknown_terms)
    prepared: list[PreparedService] = []
    for record in records:
        where = record.where
        if record.id in seen:
            report.error(where.file, where.row, f"service {record.id} appears twice")
            continue
        seen.add(record.id)
        if record.min_age is not None and record.max_age is not None and record.min_age > record.max_age:
            report.error(where.file, where.row, f"service {record.id}: minimum_age is above maximum_age")
        if record.verified_at is None:
            report.error(
                where.file,
                where.row,
                f"service {record.id}: no verified_at, assured_date or "
                "last_modified, so we cannot say when it was checked",
            )
            continue
        needs: set[str] = set()
        terms: list[tuple[TermRecord, frozenset[str] | None]] = []
        for term in record.terms:
            mapped = needs_for_term(term.taxonomy, term.code, term.name)
            terms.append((term, mapped))
            if mapped is None:
                label = f"{term.taxonomy or '-'}:{term.code or '-'}:{term.name or '-'}"
                if label not in unknown:
                    unknown.add(label)
                    report.unknown_terms.append(label)
                report.warn(
                    where.file,
                    where.row,
                    f"service {record.id}: unknown taxonomy term {label} kept but not mapped to a need",
                )
            else:
                needs |= mapped
        general = GENERAL in needs
        needs.discard(GENERAL)
        areas = _areas(record, authorities, report)
        rules = [
            OpeningRule(parse_byday(s.byday), s.opens_at, s.closes_at, s.timezone, s.valid_from, s.valid_to)
            for s in record.schedules
        ]
        if not needs and not general:
            report.warn(
                where.file,
                where.row,
                f"service {record.id}: no need matched; it shows only when no need is given",
            )
        if not areas:
            report.warn(
                where.file, where.row, f"service {record.id}: no service area; it will not show in searches"
            )
        if not any(p.kind in ("voice", "text") for p in record.phones):
            report.warn(where.file, where.row, f"service {record.id}: no number to call or text")
        prepared.append(
            PreparedService(
                record=record,
                sms_description=_short(record, report),
                source=record.source or f"import:{where.file}",
                verified_at=record.verified_at,
                needs=frozenset(needs),
                is_general=general,
                is_national=any(kind == "national" for kind, _, _ in areas),
                is_24_7=is_24_7(rules),
                areas=areas,
                terms=terms,
            )
        )
    return prepared
