"""School term dates: import from CSV (with file:row errors), read back as ``flows.calendar.TermDates``.

CSV columns: ``school`` (the school's id, join code or exact name), ``term`` (a short name such as
``autumn 1``), ``start`` and ``end`` (``YYYY-MM-DD``, first and last day of the term, inclusive). Nothing is
stored unless every row is good. Importing again replaces the terms of the schools named in the file.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.app.audit import record
from bot.features.calendar.tables import SchoolTerm
from bot.storage.models import School, SchoolCode
from flows.calendar import Term, TermDates, merge_terms

COLUMNS = ("school", "term", "start", "end")


class TermsImportError(ValueError):
    """Rows that cannot be imported, each as ``file:row: problem``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class TermRow:
    school_id: int
    name: str
    start: dt.date
    end: dt.date


async def _school_ids(session: AsyncSession) -> dict[str, int]:
    """Every way a CSV may name a school (id, code, lower-case name) to its id."""
    names: dict[str, int] = {}
    for school in (await session.exec(select(School))).all():
        assert school.id is not None
        names[str(school.id)] = school.id
        names[school.name.strip().lower()] = school.id
    for code in (await session.exec(select(SchoolCode))).all():
        names[code.code.lower()] = code.school_id
    return names


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value.strip())


async def read_terms_csv(session: AsyncSession, path: Path) -> list[TermRow]:
    """Parse and check `path`; raise TermsImportError listing every bad row."""
    schools = await _school_ids(session)
    problems: list[str] = []
    rows: list[TermRow] = []
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise TermsImportError([f"{path}:1: missing column(s): {', '.join(missing)}"])
        for number, raw in enumerate(reader, start=2):
            where = f"{path}:{number}"
            school = schools.get((raw.get("school") or "").strip().lower())
            if school is None:
                problems.append(f"{where}: unknown school {raw.get('school')!r} (id, join code or name)")
                continue
            try:
                start, end = _date(raw.get("start") or ""), _date(raw.get("end") or "")
            except ValueError:
                problems.append(f"{where}: start and end must be dates like 2026-09-03")
                continue
            name = (raw.get("term") or "").strip()
            if not name or len(name) > 40:
                problems.append(f"{where}: term needs a short name (1 to 40 characters)")
            elif end < start:
                problems.append(f"{where}: end {end} is before start {start}")
            else:
                rows.append(TermRow(school, name, start, end))
    problems.extend(_overlaps(path, rows))
    if problems:
        raise TermsImportError(problems)
    return rows


def _overlaps(path: Path, rows: Iterable[TermRow]) -> list[str]:
    out: list[str] = []
    by_school: dict[int, list[TermRow]] = {}
    for row in rows:
        by_school.setdefault(row.school_id, []).append(row)
    for school, terms in by_school.items():
        terms.sort(key=lambda r: r.start)
        for a, b in itertools.pairwise(terms):
            if b.start <= a.end:
                out.append(f"{path}: school {school}: terms {a.name!r} and {b.name!r} overlap")
    return out


async def import_terms(session: AsyncSession, path: Path, *, actor: str, now: dt.datetime) -> int:
    """Replace the terms of every school in `path` with the file's rows (audited). Returns rows stored."""
    rows = await read_terms_csv(session, path)
    schools = sorted({r.school_id for r in rows})
    if schools:
        await session.exec(delete(SchoolTerm).where(col(SchoolTerm.school_id).in_(schools)))
    for r in rows:
        session.add(SchoolTerm(school_id=r.school_id, name=r.name, start=r.start, end=r.end))
    await record(
        session,
        at=now,
        actor=actor,
        action="calendar.terms_imported",
        subject_type="school",
        subject_id=",".join(str(s) for s in schools),
        details={"rows": len(rows), "file": path.name},
    )
    return len(rows)


async def terms_for_school(session: AsyncSession, school_id: int | None) -> TermDates:
    """The school's terms (empty when none are known)."""
    if school_id is None:
        return TermDates()
    found = await session.exec(select(SchoolTerm).where(SchoolTerm.school_id == school_id))
    return merge_terms(Term(t.name, t.start, t.end) for t in found.all())
