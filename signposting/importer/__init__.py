"""Directory import: Open Referral UK JSON and HSDS CSV, all or nothing.

``import_file`` parses and checks the whole file first; if anything is an error nothing
is written. Otherwise every service is written in one transaction and committed. A dry
run does everything except write. Problems are ``file:row: message``.
"""

from __future__ import annotations

from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.importer.hsds_csv import read_csv_folder
from signposting.importer.oruk_json import read_json
from signposting.importer.prepare import prepare
from signposting.importer.records import ServiceRecord
from signposting.importer.report import ImportReport, Problem
from signposting.importer.writer import existing_ids, write
from signposting.models import service_table

__all__ = ["ImportReport", "Problem", "detect_format", "import_file"]


def detect_format(path: Path) -> str:
    """``oruk-json`` for ``.json`` files, ``hsds-csv`` for a folder or a ``.csv`` file."""
    if path.is_dir() or path.suffix.casefold() == ".csv":
        return "hsds-csv"
    if path.suffix.casefold() == ".json":
        return "oruk-json"
    raise ValueError(f"{path.name}: expected a .json file, a .csv file or a folder of HSDS CSV files")


async def import_file(
    session: AsyncSession, path: Path, dry_run: bool = False, progress: bool = True
) -> ImportReport:
    """Import a directory file; commits on success, writes nothing if there is any error.

    Returns the report: counts, every problem as ``file:row: message``, unknown
    taxonomy terms. Raises only for a path we cannot handle at all.
    """
    fmt = detect_format(path)
    report = ImportReport(path=path, format=fmt, dry_run=dry_run)
    if not path.exists():
        report.error(path.name, 0, "file not found")
        return report
    records: list[ServiceRecord] = (
        read_json(path, report) if fmt == "oruk-json" else read_csv_folder(path, report)
    )
    if not records and not report.errors:
        report.warn(path.name, 0, "no services in this file: nothing to import")
    prepared = await prepare(session, records, report)
    report.services = len(prepared)
    have = await existing_ids(session, service_table, [p.record.id for p in prepared])
    report.updated = len(have)
    report.created = len(prepared) - len(have)
    if report.errors or dry_run:
        return report
    try:
        await write(session, prepared, progress=progress)
        await session.commit()
    except BaseException:
        await session.rollback()
        raise
    report.committed = True
    return report
