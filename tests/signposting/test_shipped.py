import json
import shutil
from datetime import date
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from signposting.db import execute
from signposting.demo import DEMO_LOCAL_AUTHORITY, is_drama_number, load_demo
from signposting.gsm import encodes
from signposting.models import DIRECTORY_TABLES, service_table
from signposting.needs import GENERAL, NEEDS
from signposting.shipped import DEMO_JSON, NATIONAL_JSON, load_national
from tests.signposting.conftest import LoadedTemplate


def test_demo_numbers_are_all_ofcom_drama_numbers() -> None:
    services = json.loads(DEMO_JSON.read_text())
    assert len(services) >= 12
    for service in services:
        assert service["phones"]
        for phone in service["phones"]:
            assert is_drama_number(phone["number"]), phone
        assert "(fictional)" in service["organization"]["name"]
        assert service["service_areas"] == [{"name": DEMO_LOCAL_AUTHORITY, "extent_type": "local_authority"}]


def test_drama_number_check() -> None:
    assert is_drama_number("020 7946 0999") and is_drama_number("+44 7700 900000")
    assert not is_drama_number("020 7946 1000") and not is_drama_number("0800 1111")


def test_national_services_have_source_and_verification_date() -> None:
    for service in json.loads(NATIONAL_JSON.read_text()):
        assert service["source"].startswith("https://"), service["id"]
        assert date.fromisoformat(service["verified_at"]) <= date(2026, 12, 6)
        assert service["verification_note"]
        assert encodes(service["sms_description"]) and encodes(service["name"])
        codes = [a["taxonomy_term"]["code"] for a in service["attributes"]]
        assert codes and all(c in NEEDS or c == GENERAL for c in codes)


async def test_loaders_are_idempotent(session: AsyncSession) -> None:
    for _ in range(2):
        await load_national(session)
        await load_demo(session)
    total = (await execute(session, select(func.count()).select_from(service_table))).scalar_one()
    assert total == len(json.loads(NATIONAL_JSON.read_text())) + len(json.loads(DEMO_JSON.read_text()))


async def test_the_loaded_fixture_is_what_the_loaders_write(
    session: AsyncSession, loaded_template: LoadedTemplate, tmp_path: Path
) -> None:
    """`loaded` is a copy of a file loaded once per session (conftest.py): every directory table holds the
    same rows as a database the loaders have just filled."""
    await load_national(session)
    await load_demo(session)
    copy = tmp_path / "copy.db"
    shutil.copyfile(loaded_template.file(), copy)
    engine = create_async_engine(f"sqlite+aiosqlite:///{copy}")
    try:
        async with AsyncSession(engine) as from_copy:
            for table in DIRECTORY_TABLES:
                fresh = (await execute(session, select(table))).all()
                copied = (await execute(from_copy, select(table))).all()
                assert sorted(map(repr, copied)) == sorted(map(repr, fresh)), table.name
                assert fresh or table.name not in ("service", "area"), table.name
    finally:
        await engine.dispose()
