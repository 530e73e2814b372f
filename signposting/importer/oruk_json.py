"""Read Open Referral UK / HSDS JSON: the ``/services`` API shape with nested organisation,
phones, schedules, service areas, attributes (taxonomy terms) and languages.

Accepts one service object, a list of them, or a page object (``contents`` in HSDS 3,
``content`` in ORUK 1, or ``services``). ORUK 1 fields (``regular_schedules``,
``service_taxonomys``, ``eligibilitys``, phones under ``contacts``) are read too.
A problem with one record is located by its 1-based number in the list (``file.json:item 2:``),
which also holds for a record with no id or a repeated id; problems with the whole file give a line.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

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
from signposting.schedules import DAY_CODES

_WEEKDAYS = {
    name: code
    for code, name in zip(
        DAY_CODES, ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"), strict=True
    )
}


def _items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        for key in ("contents", "content", "services", "items"):
            if isinstance(data.get(key), list):
                return list(data[key])
        if "id" in data and "name" in data:
            return [data]
    return None


def _list(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def read_json(path: Path, report: ImportReport) -> list[ServiceRecord]:
    """Parse an ORUK/HSDS JSON file into service records, reporting problems on ``report``."""
    name = path.name
    try:
        raw = path.read_text(encoding="utf-8-sig")
        data = json.loads(raw)
    except (OSError, UnicodeDecodeError) as exc:
        report.error(name, 0, f"cannot read file: {exc}")
        return []
    except json.JSONDecodeError as exc:
        report.error(name, exc.lineno, f"invalid JSON: {exc.msg}")
        return []
    except RecursionError:
        report.error(name, 1, "invalid JSON: nested too deeply")
        return []
    items = _items(data)
    if items is None:
        report.error(name, 1, "expected a service, a list of services or a page with 'contents'")
        return []
    records: list[ServiceRecord] = []
    for index, item in enumerate(items, start=1):
        where = Where(name, f"item {index}")
        if not isinstance(item, dict):
            report.error(name, where.row, f"record {index} is not an object")
            continue
        record = _service(item, where, index, report)
        if record is not None:
            records.append(record)
    return records


def _guard(report: ImportReport, where: Where, parse: Callable[[], Any], default: Any = None) -> Any:
    try:
        return parse()
    except ValueError as exc:
        report.error(where.file, where.row, str(exc))
        return default


def _service(item: dict[str, Any], where: Where, index: int, report: ImportReport) -> ServiceRecord | None:
    service_id, name = text(item.get("id")), text(item.get("name"))
    if not service_id:
        report.error(where.file, where.row, f"record {index} has no id")
        return None
    if not name:
        report.error(where.file, where.row, f"service {service_id} has no name")
        return None
    org = item.get("organization") or item.get("organisation")
    if not isinstance(org, dict) or not text(org.get("id")) or not text(org.get("name")):
        report.error(where.file, where.row, f"service {service_id} has no organization with id and name")
        return None
    eligibility = _list(item.get("eligibilitys"))
    min_age = item.get("minimum_age", eligibility[0].get("minimum_age") if eligibility else None)
    max_age = item.get("maximum_age", eligibility[0].get("maximum_age") if eligibility else None)
    record = ServiceRecord(
        id=service_id,
        organisation=OrgRecord(
            text(org.get("id")),
            text(org.get("name")),
            text(org.get("description")),
            optional_text(org.get("website") or org.get("url")),
            optional_text(org.get("email")),
        ),
        name=name,
        where=where,
        description=text(item.get("description")),
        sms_description=text(item.get("sms_description")),
        eligibility_description=text(item.get("eligibility_description"))
        or (text(eligibility[0].get("eligibility")) if eligibility else ""),
        min_age=_guard(report, where, lambda: parse_age(min_age)),
        max_age=_guard(report, where, lambda: parse_age(max_age)),
        website=optional_text(item.get("url")),
        email=optional_text(item.get("email")),
        status=text(item.get("status")) or "active",
        is_free=item.get("is_free") if isinstance(item.get("is_free"), bool) else _is_free(item),
        cost_description=text(item.get("fees_description") or item.get("fees")),
        source=text(item.get("source")),
        verified_at=_guard(
            report,
            where,
            lambda: parse_date(
                item.get("verified_at") or item.get("assured_date") or item.get("last_modified")
            ),
        ),
    )
    _phones(item, record, report)
    _schedules(item, record, report)
    for area in _list(item.get("service_areas")):
        label = text(area.get("name") or area.get("service_area"))
        if label:
            kind = text(area.get("extent_type")).casefold()
            known = kind if kind in ("national", "local_authority", "postcode_district") else None
            record.areas.append(AreaRecord(label, known, where))
    for attribute in _list(item.get("attributes")):
        term = attribute.get("taxonomy_term")
        if isinstance(term, dict):
            record.terms.append(_term(term))
    for link in _list(item.get("service_taxonomys")):
        term = link.get("taxonomy")
        if isinstance(term, dict):
            record.terms.append(_term(term))
    for language in _list(item.get("languages")):
        if text(language.get("code")) or text(language.get("name")):
            record.languages.append((text(language.get("code")), text(language.get("name"))))
    return record


def _is_free(item: dict[str, Any]) -> bool | None:
    amounts = [c.get("amount") for c in _list(item.get("cost_options"))]
    if any(isinstance(a, int | float) and a > 0 for a in amounts):
        return False
    return None


def _term(term: dict[str, Any]) -> TermRecord:
    taxonomy = text(term.get("taxonomy") or term.get("vocabulary"))
    code, label = text(term.get("code")), text(term.get("name"))
    term_id = text(term.get("id")) or f"{taxonomy}:{code or label}"
    return TermRecord(term_id, taxonomy, code, label)


def _phones(item: dict[str, Any], record: ServiceRecord, report: ImportReport) -> None:
    phones = _list(item.get("phones"))
    for contact in _list(item.get("contacts")):
        phones.extend(_list(contact.get("phones")))
    seen: set[tuple[str, str]] = set()
    for phone in phones:
        try:
            number = clean_number(phone.get("number"))
        except ValueError as exc:
            report.error(record.where.file, record.where.row, f"service {record.id}: {exc}")
            continue
        kind = phone_kind(phone.get("type"))
        if (number, kind) in seen:
            continue
        seen.add((number, kind))
        record.phones.append(
            PhoneRecord(
                number, kind, optional_text(phone.get("text_keyword")), text(phone.get("description"))
            )
        )


def _schedules(item: dict[str, Any], record: ServiceRecord, report: ImportReport) -> None:
    where = record.where
    for raw in _list(item.get("schedules")) + _list(item.get("regular_schedules")):
        freq = text(raw.get("freq")).upper()
        if freq not in ("", "WEEKLY"):
            report.warn(
                where.file,
                where.row,
                f"service {record.id}: schedule freq {freq} is not supported; rule skipped",
            )
            continue
        weekday = text(raw.get("weekday")).casefold()
        byday_raw = (
            raw.get("byday")
            or _WEEKDAYS.get(weekday)
            or (DAY_CODES[int(weekday) - 1] if weekday in ("1", "2", "3", "4", "5", "6", "7") else None)
        )
        try:
            record.schedules.append(
                ScheduleRecord(
                    byday=parse_byday_text(byday_raw),
                    opens_at=parse_time(raw.get("opens_at")),
                    closes_at=parse_time(raw.get("closes_at")),
                    timezone=parse_timezone(raw.get("timezone")),
                    valid_from=parse_date(raw.get("valid_from")),
                    valid_to=parse_date(raw.get("valid_to")),
                    description=text(raw.get("description")),
                )
            )
        except ValueError as exc:
            report.error(where.file, where.row, f"service {record.id}: {exc}")
