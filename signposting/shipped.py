"""Load the data files shipped with the package: national services, the demo borough, areas."""

from __future__ import annotations

from pathlib import Path

from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.areas import AREAS_CSV, load_areas
from signposting.importer import ImportReport, import_file

DATA_DIR = Path(__file__).parent / "data"
NATIONAL_JSON = DATA_DIR / "national.json"
DEMO_JSON = DATA_DIR / "demo.json"


class ShippedDataError(RuntimeError):
    """A shipped data file failed to import (a bug in the package, not in the user's data)."""


async def load_shipped(session: AsyncSession, path: Path) -> ImportReport:
    """Import one shipped file (idempotent); raise ``ShippedDataError`` listing any problem."""
    report = await import_file(session, path, dry_run=False, progress=False)
    if not report.ok:
        problems = "; ".join(str(p) for p in report.errors[:10])
        raise ShippedDataError(f"{path.name} did not import: {problems}")
    return report


async def load_national(session: AsyncSession) -> None:
    """Load (or refresh) the verified national services and the area table. Commits."""
    await load_areas(session, AREAS_CSV)
    await load_shipped(session, NATIONAL_JSON)
