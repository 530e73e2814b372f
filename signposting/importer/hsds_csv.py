"""Read the HSDS tabular layout (the ``examples/csv`` folder of the Open Referral specification).

``services.csv`` is required; ``organizations.csv``, ``phones.csv``, ``schedules.csv``,
``service_areas.csv``, ``attributes.csv`` + ``taxonomy_terms.csv``, ``languages.csv`` and
``cost_options.csv`` are used when present (singular file names are accepted too).
Rows are CSV line numbers. A child row whose ``service_id`` is not in ``services.csv``
is reported and skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

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
    parse_date,
    parse_time,
    parse_timezone,
    phone_kind,
    text,
)
from signposting.importer.report import ImportReport

Row = dict[str, str]


def _find(folder: Path, plural: str) -> Path | None:
    for name in (f"{plural}.csv", f"{plural.rstrip('s')}.csv"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    return None


def _rows(path: Path, report: ImportReport, required: tuple[str, ...]) -> Iterator[tuple[int, Row]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            # strict: a quote left open is an error at its row, not a row that swallows the rest of the file
            reader = csv.DictReader(handle, strict=True)
            try:
                missing = [c for c in required if c not in (reader.fieldnames or [])]
                if missing:
                    report.error(path.name, 1, f"missing columns: {', '.join(missing)}")
                    return
                for row in reader:
                    yield reader.line_num, {k: text(v) for k, v in row.items() if k is not None}
            except csv.Error as exc:
                # line_num still counts the last good row: the broken one starts on the next line
                report.error(
                    path.name, reader.line_num + 1, f"cannot read this row ({exc}): is a quote left open?"
                )
    except (OSError, UnicodeDecodeError) as exc:
        report.error(path.name, 0, f"cannot read file: {exc}")


def read_csv_folder(path: Path, report: ImportReport) -> list[ServiceRecord]:
    """Parse an HSDS CSV folder (or any CSV file inside one) into service records."""
    folder = path if path.is_dir() else path.parent
    services_path = _find(folder, "services")
    if services_path is None:
        report.error(path.name, 0, "no services.csv next to this file")
        return []
    orgs = _organisations(folder, report)
    services: dict[str, ServiceRecord] = {}
    for line, row in _rows(services_path, report, ("id", "name", "organization_id")):
        where = Where(services_path.name, line)
        record = _service(row, where, orgs, report)
        if record is None:
            continue
        if record.id in services:
            report.error(where.file, line, f"service {record.id} appears twice")
            continue
        services[record.id] = record
    _children(folder, services, report)
    return list(services.values())


def _organisations(folder: Path, report: ImportReport) -> dict[str, OrgRecord]:
    orgs: dict[str, OrgRecord] = {}
    org_path = _find(folder, "organizations")
    if org_path is None:
        return orgs
    for line, row in _rows(org_path, report, ("id", "name")):
        if not row.get("id") or not row.get("name"):
            report.error(org_path.name, line, "organization needs an id and a name")
            continue
        orgs[row["id"]] = OrgRecord(
            row["id"],
            row["name"],
            row.get("description", ""),
            optional_text(row.get("website")),
            optional_text(row.get("email")),
        )
    return orgs


def _service(
    row: Row, where: Where, orgs: dict[str, OrgRecord], report: ImportReport
) -> ServiceRecord | None:
    service_id, name, org_id = row.get("id", ""), row.get("name", ""), row.get("organization_id", "")
    if not service_id or not name:
        report.error(where.file, where.row, "service needs an id and a name")
        return None
    org = orgs.get(org_id)
    if org is None:
        report.error(where.file, where.row, f"organization_id {org_id!r} is not in organizations.csv")
        return None
    try:
        min_age, max_age = parse_age(row.get("minimum_age")), parse_age(row.get("maximum_age"))
        verified = parse_date(row.get("verified_at") or row.get("assured_date") or row.get("last_modified"))
    except ValueError as exc:
        report.error(where.file, where.row, str(exc))
        return None
    free = row.get("is_free", "").casefold()
    return ServiceRecord(
        id=service_id,
        organisation=org,
        name=name,
        where=where,
        description=row.get("description", ""),
        sms_description=row.get("sms_description", ""),
        eligibility_description=row.get("eligibility_description", ""),
        min_age=min_age,
        max_age=max_age,
        website=optional_text(row.get("url")),
        email=optional_text(row.get("email")),
        status=row.get("status") or "active",
        is_free=True if free in ("true", "yes", "1") else False if free in ("false", "no", "0") else None,
        cost_description=row.get("fees_description") or row.get("fees", ""),
        source=row.get("source", ""),
        verified_at=verified,
    )


def _owner(
    file: str,
    line: int,
    row: Row,
    services: dict[str, ServiceRecord],
    report: ImportReport,
    key: str = "service_id",
) -> ServiceRecord | None:
    service_id = row.get(key, "")
    record = services.get(service_id)
    if record is None:
        label = f"{key} {service_id!r}" if service_id else f"no {key}"
        report.warn(file, line, f"{label} is not in services.csv; row skipped")
    return record


def _children(folder: Path, services: dict[str, ServiceRecord], report: ImportReport) -> None:
    if (path := _find(folder, "phones")) is not None:
        for line, row in _rows(path, report, ("number",)):
            if (owner := _owner(path.name, line, row, services, report)) is None:
                continue
            try:
                owner.phones.append(
                    PhoneRecord(
                        clean_number(row.get("number")),
                        phone_kind(row.get("type")),
                        optional_text(row.get("text_keyword")),
                        row.get("description", ""),
                    )
                )
            except ValueError as exc:
                report.error(path.name, line, str(exc))
    if (path := _find(folder, "schedules")) is not None:
        for line, row in _rows(path, report, ("service_id",)):
            if (owner := _owner(path.name, line, row, services, report)) is None:
                continue
            if row.get("freq", "").upper() not in ("", "WEEKLY"):
                report.warn(path.name, line, f"freq {row['freq']} is not supported; row skipped")
                continue
            try:
                owner.schedules.append(
                    ScheduleRecord(
                        parse_byday_text(row.get("byday")),
                        parse_time(row.get("opens_at")),
                        parse_time(row.get("closes_at")),
                        parse_timezone(row.get("timezone")),
                        parse_date(row.get("valid_from")),
                        parse_date(row.get("valid_to")),
                        row.get("description", ""),
                    )
                )
            except ValueError as exc:
                report.error(path.name, line, str(exc))
    if (path := _find(folder, "service_areas")) is not None:
        for line, row in _rows(path, report, ("service_id", "name")):
            if (owner := _owner(path.name, line, row, services, report)) is None:
                continue
            kind = row.get("extent_type", "").casefold()
            known = kind if kind in ("national", "local_authority", "postcode_district") else None
            owner.areas.append(AreaRecord(row.get("name", ""), known, Where(path.name, line)))
    _taxonomy(folder, services, report)
    if (path := _find(folder, "languages")) is not None:
        for line, row in _rows(path, report, ("service_id",)):
            if (owner := _owner(path.name, line, row, services, report)) is not None:
                owner.languages.append((row.get("code", ""), row.get("name", "")))
    if (path := _find(folder, "cost_options")) is not None:
        for line, row in _rows(path, report, ("service_id",)):
            if (owner := _owner(path.name, line, row, services, report)) is None:
                continue
            try:
                if float(row.get("amount") or 0) > 0:
                    owner.is_free = False
            except ValueError:
                report.error(path.name, line, f"amount {row.get('amount')!r} is not a number")


def _taxonomy(folder: Path, services: dict[str, ServiceRecord], report: ImportReport) -> None:
    terms: dict[str, TermRecord] = {}
    if (path := _find(folder, "taxonomy_terms")) is not None:
        for _line, row in _rows(path, report, ("id",)):
            terms[row["id"]] = TermRecord(
                row["id"], row.get("taxonomy", ""), row.get("code", ""), row.get("name", "")
            )
    if (path := _find(folder, "attributes")) is not None:
        for line, row in _rows(path, report, ("link_id", "taxonomy_term_id")):
            if (owner := _owner(path.name, line, row, services, report, key="link_id")) is None:
                continue
            term = terms.get(row["taxonomy_term_id"])
            if term is None:
                report.warn(
                    path.name,
                    line,
                    f"taxonomy_term_id {row['taxonomy_term_id']!r} is not in taxonomy_terms.csv",
                )
                continue
            owner.terms.append(term)
