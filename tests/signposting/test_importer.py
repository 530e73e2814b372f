import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.importer import import_file
from signposting.models import (
    phone_table,
    schedule_table,
    service_area_table,
    service_need_table,
    service_table,
    taxonomy_term_table,
)
from signposting.shipped import NATIONAL_JSON, load_national
from tests.signposting.conftest import FIXTURES

OPENREFERRAL = FIXTURES / "openreferral"


async def count(session: AsyncSession, table: object) -> int:
    return int((await execute(session, select(func.count()).select_from(table))).scalar_one())  # type: ignore[arg-type]


async def test_hsds_csv_example_folder(session: AsyncSession) -> None:
    await load_national(session)  # areas table for classification
    report = await import_file(session, OPENREFERRAL / "csv", progress=False)
    assert report.ok, [str(p) for p in report.errors]
    assert report.committed and report.created == 1
    messages = [str(w) for w in report.warnings]
    assert any(m.startswith("schedules.csv:2: service_id") for m in messages)  # orphan row reported
    assert any(m.startswith("attributes.csv:2: link_id") for m in messages)
    assert any("not a known local authority" in m for m in messages)
    row = (await execute(session, select(service_table).where(service_table.c.id.like("ac148810%")))).one()
    assert row.min_age == 12 and row.is_free is False and row.verified_at.isoformat() == "2005-01-01"
    phone = (
        (
            await execute(
                session, select(phone_table.c.number).where(phone_table.c.service_id.like("ac148810%"))
            )
        )
        .scalars()
        .all()
    )
    assert phone == ["020 7946 0123"]  # literal quotes stripped, national format


async def test_hsds_json_example_and_unknown_terms(session: AsyncSession) -> None:
    await load_national(session)
    report = await import_file(session, OPENREFERRAL / "service_full.json", progress=False)
    assert report.ok, [str(p) for p in report.errors]
    assert report.unknown_terms == ["taxonomy:code:name"]
    assert any(
        "unknown taxonomy term" in str(w) and str(w).startswith("service_full.json:item 1:")
        for w in report.warnings
    )
    needs = (
        (
            await execute(
                session,
                select(service_need_table.c.need).where(service_need_table.c.service_id.like("ac148810%")),
            )
        )
        .scalars()
        .all()
    )
    assert needs == ["anxiety"]
    terms = await count(session, taxonomy_term_table)
    assert terms >= 2  # the unknown term is stored, not dropped
    area = (
        await execute(
            session,
            select(service_area_table.c.kind, service_area_table.c.area_key).where(
                service_area_table.c.service_id.like("ac148810%")
            ),
        )
    ).one()
    assert tuple(area) == ("local_authority", "southwark")
    national_phones = sum(len(s["phones"]) for s in json.loads(NATIONAL_JSON.read_text()))
    # contacts' copy of the same phone is de-duplicated
    assert await count(session, phone_table) == 1 + national_phones


async def test_service_list_page_and_oruk_v1(session: AsyncSession) -> None:
    await load_national(session)
    listed = await import_file(session, OPENREFERRAL / "service_list.json", progress=False)
    assert listed.ok and listed.services == 1
    v1 = await import_file(session, OPENREFERRAL / "oruk_v1_page.json", progress=False)
    assert v1.ok, [str(p) for p in v1.errors]
    row = (
        await execute(session, select(service_table).where(service_table.c.id == "oruk1-youth-club"))
    ).one()
    assert (row.min_age, row.max_age) == (11, 19)
    days = (
        (
            await execute(
                session,
                select(schedule_table.c.byday).where(schedule_table.c.service_id == "oruk1-youth-club"),
            )
        )
        .scalars()
        .all()
    )
    assert sorted(days) == ["TH", "TU"]
    assert "esdServiceTypes:-:Leisure and culture" in v1.unknown_terms


async def test_reimport_is_idempotent(session: AsyncSession) -> None:
    first = await import_file(session, OPENREFERRAL / "service_full.json", progress=False)
    before = [
        await count(session, t) for t in (service_table, phone_table, schedule_table, service_need_table)
    ]
    second = await import_file(session, OPENREFERRAL / "service_full.json", progress=False)
    after = [
        await count(session, t) for t in (service_table, phone_table, schedule_table, service_need_table)
    ]
    assert (first.created, first.updated) == (1, 0)
    assert (second.created, second.updated) == (0, 1)
    assert before == after


async def test_dry_run_writes_nothing(session: AsyncSession) -> None:
    report = await import_file(session, OPENREFERRAL / "service_full.json", dry_run=True, progress=False)
    assert report.ok and not report.committed and report.created == 1
    assert await count(session, service_table) == 0


def write_json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, indent=2))
    return path


def good_service(service_id: str) -> dict[str, object]:
    return {
        "id": service_id,
        "name": f"Service {service_id}",
        "verified_at": "2026-01-01",
        "source": "test",
        "organization": {"id": "o1", "name": "Org"},
        "phones": [{"number": "020 7946 0999", "type": "voice"}],
        "service_areas": [{"name": "England", "extent_type": "national"}],
        "attributes": [{"taxonomy_term": {"taxonomy": "waymark-need", "code": "sleep"}}],
    }


async def test_one_bad_service_means_nothing_is_imported(session: AsyncSession, tmp_path: Path) -> None:
    bad = good_service("s2")
    bad["schedules"] = [{"byday": "MO", "opens_at": "25:00", "closes_at": "17:00"}]
    path = write_json(tmp_path, [good_service("s1"), bad, good_service("s3")])
    report = await import_file(session, path, progress=False)
    assert not report.ok and not report.committed
    assert [str(p) for p in report.errors] == ["broken.json:item 2: service s2: time '25:00' is out of range"]
    assert await count(session, service_table) == 0


async def test_json_problems_name_the_item_not_line_0(session: AsyncSession, tmp_path: Path) -> None:
    idless = good_service("x")
    del idless["id"]
    path = write_json(tmp_path, [good_service("s1"), idless, "not a service", good_service("s1")])
    report = await import_file(session, path, progress=False)
    assert [str(p) for p in report.errors] == [
        "broken.json:item 2: record 2 has no id",
        "broken.json:item 3: record 3 is not an object",
        "broken.json:item 4: service s1 appears twice",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('[{"id": "a",', "broken.json:1: invalid JSON"),
        ('{"hello": 1}', "broken.json:1: expected a service"),
    ],
)
async def test_broken_json_files(session: AsyncSession, tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "broken.json"
    path.write_text(content)
    report = await import_file(session, path, progress=False)
    assert str(report.errors[0]).startswith(expected)


async def test_json_validation_errors(session: AsyncSession, tmp_path: Path) -> None:
    ages = good_service("ages") | {"minimum_age": 18, "maximum_age": 11}
    unverified = good_service("unverified")
    del unverified["verified_at"]
    nameless = good_service("nameless") | {"name": ""}
    phoneless = good_service("badphone") | {"phones": [{"number": "n/a"}]}
    report = await import_file(
        session,
        write_json(tmp_path, [ages, unverified, nameless, phoneless, good_service("ages")]),
        progress=False,
    )
    messages = " | ".join(str(p) for p in report.errors)
    assert "minimum_age is above maximum_age" in messages
    assert "cannot say when it was checked" in messages
    assert "service nameless has no name" in messages
    assert "too few digits" in messages
    assert "appears twice" in messages


async def test_broken_csv_folders(session: AsyncSession, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(OPENREFERRAL / "csv", folder)
    lines = (folder / "services.csv").read_text().splitlines()
    (folder / "services.csv").write_text(
        lines[0] + "\n" + lines[1].replace(",12,100,", ",twelve,100,") + "\n"
    )
    report = await import_file(session, folder, progress=False)
    assert [str(p) for p in report.errors] == ["services.csv:2: age 'twelve' is not a number"]
    (folder / "services.csv").write_text("id,name\nx,y\n")
    report = await import_file(session, folder / "services.csv", progress=False)
    assert str(report.errors[0]) == "services.csv:1: missing columns: organization_id"
    (folder / "services.csv").unlink()
    report = await import_file(session, folder, progress=False)
    assert "no services.csv" in str(report.errors[0])
    assert await count(session, service_table) == 0


async def test_unknown_file_type(session: AsyncSession, tmp_path: Path) -> None:
    path = tmp_path / "x.xml"
    path.write_text("<x/>")
    with pytest.raises(ValueError):
        await import_file(session, path, progress=False)


async def test_an_unclosed_quote_in_a_csv_is_reported_as_such(session: AsyncSession, tmp_path: Path) -> None:
    folder = tmp_path / "csv"
    shutil.copytree(OPENREFERRAL / "csv", folder)
    lines = (folder / "services.csv").read_text().splitlines()
    (folder / "services.csv").write_text(f'{lines[0]}\n{lines[1]},"a quote opened, never closed\n')
    report = await import_file(session, folder, progress=False)
    assert not report.ok and not report.committed
    assert [str(p) for p in report.errors] == [
        "services.csv:2: cannot read this row (unexpected end of data): is a quote left open?"
    ]
    assert await count(session, service_table) == 0


async def test_a_file_with_no_services_says_so(session: AsyncSession, tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("[]")
    report = await import_file(session, path, progress=False)
    assert report.ok and report.services == 0
    assert [str(p) for p in report.warnings] == ["empty.json:0: no services in this file: nothing to import"]
