"""`/appointments/import`: book many appointments from a CSV file, through the same importer as
`waymark appointments import` (every row checked first; problems shown as ``file:row: column: what``;
one transaction, all or nothing).

Uploading checks the file and books it inside a transaction that is rolled back (the CLI's
``--dry-run``), then shows what would be booked. "Book these" sends the same file back (in the form's
body, never a URL) and runs the importer again, this time committing. The file never touches the disk
beyond a private temporary folder that is removed at once."""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from bot.app.context import AppContext
from bot.features.appointments.importer import CsvImportError, Row, book_rows, read_rows
from bot.storage.models.users import Practitioner
from bot.web.dashboard.appointments import field
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.care_scope import CARE_ROLES, masked
from bot.web.dashboard.render import page

router = APIRouter(include_in_schema=False)
Worker = Depends(require(*CARE_ROLES))
MAX_BYTES = 512 * 1024


@dataclass(frozen=True)
class Outcome:
    rows: list[Row]
    booked: int
    errors: list[str]


def safe_name(name: str | None) -> str:
    """The uploaded file's own name (no folders), for the ``file:row`` messages."""
    base = Path((name or "").replace("\\", "/")).name
    cleaned = re.sub(r"[^A-Za-z0-9._ -]", "_", base).strip(" .")[:80]
    return cleaned or "upload.csv"


async def run_import(ctx: AppContext, name: str, data: bytes, who: str, *, commit: bool) -> Outcome:
    """The CLI's import on `data` as file `name`: rolled back unless `commit`."""
    with tempfile.TemporaryDirectory(prefix="waymark-import-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        async with ctx.db.session() as session:
            try:
                rows = read_rows(path, ctx)
                booked = await book_rows(ctx, session, rows, name, f"{who} import:{name}")
            except CsvImportError as exc:
                await session.rollback()
                return Outcome([], 0, exc.errors)
            if commit:
                await session.commit()
            else:
                await session.rollback()
    return Outcome(rows, booked, [])


def _show(request: Request, person: Practitioner, **values: object) -> Response:
    error = bool(values.get("errors")) or bool(values.get("problem"))
    ctx = context(request)
    return page(
        request,
        "appointment_import.html",
        person,
        title="Import appointments",
        masked=masked,
        tz=ctx.service.tz,
        status_code=400 if error else 200,
        **values,
    )


@router.get("/appointments/import")
async def import_page(request: Request, person: Practitioner = Worker) -> Response:
    return _show(request, person)


@router.post("/appointments/import")
async def import_check(request: Request, person: Practitioner = Worker) -> Response:
    """Check the uploaded file and show what it would book (nothing is written)."""
    try:
        return await _check(request, person)
    finally:
        await request.close()  # the uploaded file's spooled copy


async def _check(request: Request, person: Practitioner) -> Response:
    form = await checked_form(request)
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _show(request, person, problem="Choose a CSV file to check.")
    data = await upload.read(MAX_BYTES + 1)
    name = safe_name(upload.filename)
    if len(data) > MAX_BYTES:
        return _show(request, person, problem=f"{name} is larger than 512 KB: split it into smaller files.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return _show(request, person, problem=f"{name}: cannot read the file: save it as CSV (UTF-8).")
    outcome = await run_import(context(request), name, data, actor(person), commit=False)
    return _show(request, person, file_name=name, content=text, outcome=outcome, errors=outcome.errors)


@router.post("/appointments/import/confirm")
async def import_confirm(request: Request, person: Practitioner = Worker) -> Response:
    """Book the checked file for real (checked again: all rows or none)."""
    form = await checked_form(request)
    name = safe_name(field(form, "name"))
    content = form.get("content", "")
    if not isinstance(content, str) or not content.strip() or len(content) > MAX_BYTES:
        return _show(request, person, problem="The checked file was not sent back: upload it again.")
    ctx = context(request)
    outcome = await run_import(ctx, name, content.encode("utf-8"), actor(person), commit=True)
    if outcome.errors:
        return _show(request, person, file_name=name, content=content, outcome=outcome, errors=outcome.errors)
    first = min(r.start for r in outcome.rows).astimezone(ctx.service.tz).date()
    return RedirectResponse(
        f"/appointments?view=week&date={first.isoformat()}&done=imported", status_code=303
    )
