"""`/directory/import`: admins and managers upload an Open Referral UK JSON file (or a .zip of one, or of a
folder of HSDS CSV files); it is checked first (a dry run, every problem as file:row), then imported with one
more click. The same importer and audit as `waymark directory import`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import UploadFile

from bot.features.signposting.directory import run_import
from bot.features.signposting.uploads import (
    MAX_UPLOAD_BYTES,
    UploadError,
    load_report,
    save_report,
    stage,
    staged,
)
from bot.storage.models.users import Practitioner
from bot.web.dashboard.auth import actor, checked_form, context, require
from bot.web.dashboard.directory import EDITORS
from bot.web.dashboard.render import page
from signposting.importer import ImportReport

router = APIRouter(include_in_schema=False)
Editor = Depends(require(*EDITORS))


def _summary(report: ImportReport) -> dict[str, object]:
    return {
        "dry_run": report.dry_run,
        "committed": report.committed,
        "ok": report.ok,
        "summary": report.summary(),
        "services": report.services,
        "created": report.created,
        "updated": report.updated,
        "errors": [str(p) for p in report.errors],
        "warnings": [str(p) for p in report.warnings],
        "unknown_terms": list(report.unknown_terms),
    }


@router.get("/directory/import")
async def import_page(request: Request, person: Practitioner = Editor) -> Response:
    return page(request, "directory_import.html", person, title="Import services", report=None, error=None)


async def _staged_upload(request: Request) -> tuple[str, Path] | str:
    """Keep the posted file (after the CSRF check); its token and import path, or an error for people.
    The upload's temporary file is closed whatever happens."""
    form = await request.form()
    try:
        await checked_form(request)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return "Choose a file to upload."
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        try:
            return stage(upload.filename, data)
        except UploadError as exc:
            return str(exc)[:1].upper() + str(exc)[1:] + "."
    finally:
        await form.close()


@router.post("/directory/import")
async def import_check(request: Request, person: Practitioner = Editor) -> Response:
    kept = await _staged_upload(request)
    if isinstance(kept, str):
        return page(
            request, "directory_import.html", person, title="Import services", report=None, error=kept,
            status_code=400,
        )  # fmt: skip
    token, path = kept
    ctx = context(request)
    async with ctx.db.session() as session:
        report = await run_import(session, path, dry_run=True, actor=actor(person), now=ctx.now())
    save_report(token, _summary(report))
    return RedirectResponse(f"/directory/import/{token}", status_code=303)


@router.get("/directory/import/{token}")
async def import_result(token: str, request: Request, person: Practitioner = Editor) -> Response:
    kept, report = staged(token), load_report(token)
    if kept is None or report is None:
        raise HTTPException(status_code=404, detail="That upload has expired: upload the file again.")
    return page(
        request, "directory_import.html", person, title="Import services", report=report, upload_name=kept[0],
        token=token, error=None,
    )  # fmt: skip


@router.post("/directory/import/{token}")
async def import_apply(token: str, request: Request, person: Practitioner = Editor) -> Response:
    await checked_form(request)
    kept, before = staged(token), load_report(token)
    if kept is None or before is None:
        raise HTTPException(status_code=404, detail="That upload has expired: upload the file again.")
    if before.get("committed"):
        return RedirectResponse(f"/directory/import/{token}", status_code=303)
    ctx = context(request)
    async with ctx.db.session() as session:
        report = await run_import(session, kept[1], dry_run=False, actor=actor(person), now=ctx.now())
    save_report(token, _summary(report))
    return RedirectResponse(f"/directory/import/{token}", status_code=303)
