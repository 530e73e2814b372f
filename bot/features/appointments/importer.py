"""`waymark appointments import FILE.csv`: book many appointments from a spreadsheet, all or nothing.

Columns (a header row; names in any order, case-insensitive; extra columns are refused):

| column | required | meaning |
| --- | --- | --- |
| phone | yes | the person's mobile (07700 900123 or +447700900123) |
| start | yes | local date and time (service.timezone): ``2026-12-08 16:00`` |
| kind | yes | school, clinic, phone or video |
| practitioner | one of these | a username (`waymark users list`): they are texted about cancellations |
| practitioner_name | two | the name the person knows (first name only in texts unless config allows) |
| minutes | no | length, default 45 |
| place | no | e.g. "Oak School, Room 4" (shown in meeting reminders) |
| sessions | no | book this many, weekly from `start` (a course), default 1 |

Every row is checked before anything is written; errors name ``file:row`` (the header is row 1). The rows
are booked in one transaction: any error and nothing is booked. ``--dry-run`` books them and rolls back.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.features.appointments import service
from bot.features.appointments.models import KINDS
from bot.features.practitioners.service import PractitionerError, alert_contact, normalise_address

if TYPE_CHECKING:
    from bot.app.context import AppContext

COLUMNS = ("phone", "start", "kind", "practitioner", "practitioner_name", "minutes", "place", "sessions")
REQUIRED = ("phone", "start", "kind")
START_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M")


class CsvImportError(ValueError):
    """The file cannot be imported; `errors` lists every problem as ``file:row: column: what``."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class Row:
    line: int
    phone: str
    start: dt.datetime
    kind: str
    practitioner: str | None
    practitioner_name: str | None
    minutes: int
    place: str | None
    sessions: int


def parse_start(value: str, tz: dt.tzinfo) -> dt.datetime:
    """A local date and time as aware UTC; raises ValueError in plain words."""
    for fmt in START_FORMATS:
        try:
            naive = dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz).astimezone(dt.UTC)
    raise ValueError(f"not a date and time like 2026-12-08 16:00 (got {value!r})")


def _number(value: str, default: int, low: int, high: int) -> int:
    if not value.strip():
        return default
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise ValueError(f"a whole number from {low} to {high} (got {value!r})")
    return int(value)


def read_rows(path: Path, app: AppContext) -> list[Row]:
    """Parse and check every row of `path`; raise :class:`CsvImportError` listing every problem."""
    name = path.name
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip().lower() for h in reader.fieldnames or []]
            raw = [[(v or "") for v in r.values()] for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise CsvImportError([f"{name}: cannot read the file: {exc}"]) from exc
    errors = [f"{name}:1: unknown column {h!r}" for h in header if h not in COLUMNS]
    errors += [f"{name}:1: missing column {c!r}" for c in REQUIRED if c not in header]
    if errors:
        raise CsvImportError(errors)
    rows: list[Row] = []
    now = app.now()
    for line, values in enumerate(raw, start=2):
        cells = {h: str(v).strip() for h, v in zip(header, values, strict=False)}
        row, problems = _row(line, cells, app, now)
        errors += [f"{name}:{line}: {p}" for p in problems]
        if row is not None:
            rows.append(row)
    if not rows and not errors:
        errors.append(f"{name}: no rows to import")
    if errors:
        raise CsvImportError(errors)
    return rows


def _row(line: int, cells: dict[str, str], app: AppContext, now: dt.datetime) -> tuple[Row | None, list[str]]:
    problems: list[str] = []
    phone = start = None
    try:
        phone = normalise_address("sms", cells.get("phone", ""))
    except PractitionerError as exc:
        problems.append(f"phone: {exc}")
    try:
        start = parse_start(cells.get("start", ""), app.service.tz)
        if start <= now:
            problems.append("start: is in the past")
    except ValueError as exc:
        problems.append(f"start: {exc}")
    kind = cells.get("kind", "").lower()
    if kind not in KINDS:
        problems.append(f"kind: must be one of {', '.join(KINDS)} (got {kind!r})")
    if not cells.get("practitioner") and not cells.get("practitioner_name"):
        problems.append("practitioner: give a username or a practitioner_name")
    minutes = sessions = 0
    try:
        minutes = _number(cells.get("minutes", ""), 45, 5, 480)
    except ValueError as exc:
        problems.append(f"minutes: {exc}")
    try:
        sessions = _number(cells.get("sessions", ""), 1, 1, service.MAX_COURSE)
    except ValueError as exc:
        problems.append(f"sessions: {exc}")
    if problems or phone is None or start is None:
        return None, problems
    practitioner, name = cells.get("practitioner") or None, cells.get("practitioner_name") or None
    return Row(
        line, phone, start, kind, practitioner, name, minutes, cells.get("place") or None, sessions
    ), []


async def book_rows(app: AppContext, session: AsyncSession, rows: list[Row], name: str, actor: str) -> int:
    """Book every row in the caller's transaction; raise :class:`CsvImportError` naming the rows that fail
    (an unknown practitioner, say). Returns how many appointments were booked."""
    errors: list[str] = []
    booked = 0
    for row in rows:
        try:
            person = await service.practitioner_named(session, row.practitioner) if row.practitioner else None
            contact = await alert_contact(session, "sms", row.phone, app.now())
            made = await service.book_course(
                app,
                session,
                contact=contact,
                first_start=row.start,
                sessions=row.sessions,
                kind=row.kind,
                actor=actor,
                practitioner=person,
                practitioner_name=row.practitioner_name,
                minutes=row.minutes,
                place=row.place,
            )
            booked += len(made)
        except service.AppointmentError as exc:
            errors.append(f"{name}:{row.line}: {exc}")
    if errors:
        raise CsvImportError(errors)
    return booked
