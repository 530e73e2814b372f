"""Properties of `waymark directory import` (issue 17): any Open Referral JSON file and any HSDS CSV folder,
however broken, is either imported or refused with problems located by `file:row`; reading it never
raises. Files are the recorded examples with fields replaced by hostile values (numbers too big for an
int, digits int() refuses, time zone names that are folders, very long names, NUL, broken quoting),
any JSON, or raw bytes. Reading is linear in the number of services (tests/work.py)."""

from __future__ import annotations

import copy
import csv
import io
import itertools
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel import SQLModel
from sqlmodel.ext.asyncio.session import AsyncSession

import signposting.models
from signposting.importer import ImportReport, import_file
from signposting.importer.oruk_json import read_json
from tests.signposting.conftest import FIXTURES
from tests.strategies import messy_texts
from tests.work import assert_linear, measure

OPENREFERRAL = FIXTURES / "openreferral"
SERVICE: dict[str, Any] = json.loads((OPENREFERRAL / "service_full.json").read_text())
_names = itertools.count(1)

HOSTILE = st.sampled_from(
    ["inf", "-inf", "1e400", "nan", "NaN", "²", "①", "٣", "Europe", "America/", "Etc", "a" * 300,
     "../../etc/passwd", "\x00", "Etc/GMT+25", "+99", "-13", "1.5", "24:00", "99:99", "2024-02-30",
     "9999-12-31T23:59:59Z", "0000-00-00", "", " ", "MO,XX", "1MO", ",,,", "WEEKLY", "DAILY", "7", "0", "8"]
)  # fmt: skip
VALUES = st.one_of(
    HOSTILE,
    messy_texts(60),
    st.floats(),
    st.integers(),
    st.integers(min_value=10**300, max_value=10**400),
    st.booleans(),
    st.none(),
    st.lists(HOSTILE, max_size=2),
    st.dictionaries(st.sampled_from(["id", "name", "number", "status", "code"]), HOSTILE, max_size=3),
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found.extend(_paths(inner, (*prefix, key)))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found.extend(_paths(inner, (*prefix, index)))
    return found


@st.composite
def services(draw: st.DrawFn) -> dict[str, Any]:
    """The recorded service with up to five fields (anywhere in it) replaced or removed."""
    service = copy.deepcopy(SERVICE)
    service["id"] = f"svc-{next(_names)}"
    for path in draw(st.lists(st.sampled_from(_paths(service)), max_size=5)):
        parent: Any = service
        for key in path[:-1]:
            try:
                parent = parent[key]
            except (KeyError, IndexError, TypeError):
                parent = None
                break
        key = path[-1]
        in_list = isinstance(parent, list) and isinstance(key, int) and key < len(parent)
        if isinstance(parent, dict) or in_list:
            if draw(st.booleans()) or isinstance(parent, list):
                parent[key] = draw(VALUES)
            else:
                parent.pop(key, None)
    # the weekday spellings of ORUK 1 (regular_schedules) as well as HSDS 3's byday
    if draw(st.booleans()):
        service["regular_schedules"] = [{"weekday": draw(HOSTILE), "opens_at": "09:00", "closes_at": "17:00"}]
    return service


ODD_JSON = [b"[" * 50_000, b'{"contents": ' * 5_000, b"\xef\xbb\xbf[]", b"\xff\xfe"]


@st.composite
def json_files(draw: st.DrawFn) -> bytes:
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return draw(st.binary(max_size=200))
    if kind == 1:
        return draw(st.sampled_from(ODD_JSON))
    listed = draw(st.lists(services(), min_size=1, max_size=3))
    wrap = draw(st.sampled_from(["one", "list", "contents", "content", "services", "items"]))
    data: Any = listed[0] if wrap == "one" else listed if wrap == "list" else {wrap: listed}
    return json.dumps(data, allow_nan=True).encode("utf-8")


def well_formed(report: ImportReport) -> None:
    for problem in (*report.errors, *report.warnings):
        assert problem.file and problem.message, problem
        assert isinstance(problem.row, int | str)
        assert str(problem).startswith(f"{problem.file}:{problem.row}: ")
    assert report.services == report.created + report.updated
    assert not report.committed


@given(content=json_files())
async def test_any_json_file_is_read_or_refused_with_located_problems(
    session: AsyncSession, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / f"directory-{next(_names)}.json"
    path.write_bytes(content)
    well_formed(await import_file(session, path, dry_run=True, progress=False))


CSV_FILES = {
    name: list(csv.reader(io.StringIO((OPENREFERRAL / "csv" / name).read_text(encoding="utf-8-sig"))))
    for name in ("services.csv", "organizations.csv", "phones.csv", "schedules.csv", "service_areas.csv",
                 "attributes.csv", "taxonomy_terms.csv", "languages.csv", "cost_options.csv")
}  # fmt: skip
CELLS = st.one_of(HOSTILE, messy_texts(40), st.just('"'), st.just("\r\n"))


@st.composite
def csv_folders(draw: st.DrawFn) -> dict[str, bytes]:
    """The recorded HSDS folder, the schedules pointed at its service, with cells replaced and files
    dropped; now and then a file of raw bytes or a row cut short."""
    files: dict[str, bytes] = {}
    service_id = CSV_FILES["services.csv"][1][0]
    for name, rows in CSV_FILES.items():
        if name != "services.csv" and draw(st.integers(0, 5)) == 0:
            continue
        rows = [list(row) for row in rows]
        if name == "schedules.csv":
            rows[1][1] = service_id
        for _ in range(draw(st.integers(0, 3))):
            row = draw(st.integers(0, len(rows) - 1))
            column = draw(st.integers(0, len(rows[row]) - 1))
            rows[row][column] = draw(CELLS)
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        data = out.getvalue().encode("utf-8", "surrogatepass")  # a lone surrogate: bytes that are not UTF-8
        if draw(st.integers(0, 12)) == 0:
            broken = [data[: len(data) // 2], b'id,name\n"open', draw(st.binary(max_size=80))]
            data = draw(st.sampled_from(broken))
        files[name] = data
    return files


@given(files=csv_folders())
async def test_any_csv_folder_is_read_or_refused_with_located_problems(
    session: AsyncSession, tmp_path: Path, files: dict[str, bytes]
) -> None:
    folder = tmp_path / f"hsds-{next(_names)}"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    well_formed(await import_file(session, folder, dry_run=True, progress=False))


@asynccontextmanager
async def _empty_directory(tmp_path: Path) -> AsyncIterator[AsyncSession]:
    """A session on a new, empty directory database: hypothesis runs every example with the same
    fixtures, so a shared database would hold an earlier example's services (a hostile id such as "inf"
    drawn twice would then be updated, not created)."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / f'example-{next(_names)}.db'}")
    async with engine.begin() as conn:
        await conn.run_sync(SQLModel.metadata.create_all, tables=list(signposting.models.DIRECTORY_TABLES))
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            yield session
    finally:
        await engine.dispose()


@settings(max_examples=15)
@given(listed=st.lists(services(), min_size=1, max_size=3))
async def test_a_file_without_errors_imports_and_imports_again_unchanged(
    tmp_path: Path, listed: list[dict[str, Any]]
) -> None:
    path = tmp_path / f"directory-{next(_names)}.json"
    path.write_text(json.dumps(listed, allow_nan=True))
    async with _empty_directory(tmp_path) as session:
        first = await import_file(session, path, progress=False)
        if not first.ok:
            assert not first.committed
            return
        assert first.committed and first.services == len(listed) and first.created == len(listed)
        again = await import_file(session, path, progress=False)
        assert again.ok and again.committed and (again.created, again.updated) == (0, len(listed))


def _read_work(tmp_path: Path, count: int) -> object:
    items = [{**copy.deepcopy(SERVICE), "id": f"svc-{i}"} for i in range(count)]
    path = tmp_path / f"many-{count}.json"
    path.write_text(json.dumps(items))
    return measure(lambda: read_json(path, ImportReport(path, "oruk-json", dry_run=True)))


def test_reading_is_linear_in_the_number_of_services(tmp_path: Path) -> None:
    assert_linear(_read_work(tmp_path, 50), _read_work(tmp_path, 400), 8, label="services")  # type: ignore[arg-type]


# Regressions the properties found: each raised out of the reader (a traceback instead of a report).
async def test_found_by_the_properties_json(session: AsyncSession, tmp_path: Path) -> None:
    weekday = tmp_path / "weekday.json"  # int("²") raised ValueError; now a weekday it does not know
    schedule = {"weekday": "²", "opens_at": "09:00", "closes_at": "17:00"}
    weekday.write_text(json.dumps({**SERVICE, "regular_schedules": [schedule]}))
    well_formed(await import_file(session, weekday, dry_run=True, progress=False))
    cases = {
        "age": {"minimum_age": "inf"},  # OverflowError
        "huge-age": {"maximum_age": "1e400"},
        # IsADirectoryError
        "zone-folder": {"schedules": [{**SERVICE["schedules"][0], "timezone": "Europe"}]},
        "zone-long": {"schedules": [{**SERVICE["schedules"][0], "timezone": "a" * 300}]},  # name too long
    }
    for name, change in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({**SERVICE, **change}))
        report = await import_file(session, path, dry_run=True, progress=False)
        assert not report.ok, name
        assert report.errors[0].row == "item 1", (name, [str(p) for p in report.errors])
    deep = tmp_path / "deep.json"
    deep.write_bytes(b"[" * 100_000)  # RecursionError
    report = await import_file(session, deep, dry_run=True, progress=False)
    assert [str(p) for p in report.errors] == ["deep.json:1: invalid JSON: nested too deeply"]


async def test_found_by_the_properties_csv(session: AsyncSession, tmp_path: Path) -> None:
    for column, value in (("minimum_age", "inf"), ("maximum_age", "-1e999")):
        folder = tmp_path / column
        folder.mkdir()
        rows = [list(row) for row in CSV_FILES["services.csv"]]
        rows[1][rows[0].index(column)] = value
        with (folder / "services.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows(rows)
        (folder / "organizations.csv").write_text((OPENREFERRAL / "csv" / "organizations.csv").read_text())
        report = await import_file(session, folder, dry_run=True, progress=False)
        assert [p.message for p in report.errors] == [f"age {value!r} must be a whole number from 0 to 120"]
