"""An uploaded directory file kept between its dry run and the import: a ``.json`` file, or a ``.zip`` of
one ORUK JSON file or a folder of HSDS CSV files, unpacked safely into a private folder named by a random
token (no paths from the archive are trusted). Uploads older than a day are removed."""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
import time
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_FILES = 200
KEEP_SECONDS = 24 * 3600
ROOT_NAME = "waymark-directory-uploads"


class UploadError(ValueError):
    """An upload we cannot use; the message is ready for people."""


def _root(base: Path | None = None) -> Path:
    root = (base or Path(tempfile.gettempdir())) / ROOT_NAME
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


def _tidy(root: Path) -> None:
    cutoff = time.time() - KEEP_SECONDS
    for folder in root.iterdir():
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _safe_name(name: str) -> str:
    cleaned = "".join(c for c in PurePosixPath(name.replace("\\", "/")).name if c.isalnum() or c in "._- ")
    return cleaned.strip() or "upload"


def _unzip(data: Path, into: Path) -> None:
    try:
        archive = zipfile.ZipFile(data)
    except zipfile.BadZipFile:
        raise UploadError("the .zip file cannot be opened") from None
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        if len(members) > MAX_FILES:
            raise UploadError(f"the .zip holds more than {MAX_FILES} files")
        if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
            raise UploadError("the .zip unpacks to more than 100 MB")
        for member in members:
            name = _safe_name(member.filename)
            if PurePosixPath(member.filename).name.startswith(".") or "__MACOSX" in member.filename:
                continue
            if not name.casefold().endswith((".json", ".csv")):
                continue
            target = into / name
            if target.exists():
                raise UploadError(f"the .zip holds two files called {name}")
            with archive.open(member) as source, target.open("wb") as sink:
                shutil.copyfileobj(source, sink, 1024 * 1024)


def _import_path(folder: Path) -> Path:
    jsons = sorted(folder.glob("*.json"))
    csvs = sorted(folder.glob("*.csv"))
    if csvs and jsons:
        raise UploadError("the upload holds both JSON and CSV files: send one format at a time")
    if len(jsons) > 1:
        raise UploadError("the upload holds more than one JSON file: send one at a time")
    if jsons:
        return jsons[0]
    if csvs:
        return folder
    raise UploadError("no .json or .csv files in the upload")


def stage(filename: str, data: bytes, base: Path | None = None) -> tuple[str, Path]:
    """Keep an upload; its token and the path to give the importer."""
    if not data:
        raise UploadError("the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadError("the file is larger than 20 MB")
    name = _safe_name(filename)
    lower = name.casefold()
    if not lower.endswith((".json", ".zip")):
        raise UploadError(
            "upload an Open Referral UK .json file, or a .zip of one or of a folder of HSDS CSV files"
        )
    root = _root(base)
    _tidy(root)
    token = secrets.token_urlsafe(18)
    folder = root / token
    files = folder / "files"
    files.mkdir(parents=True, mode=0o700)
    try:
        if lower.endswith(".zip"):
            raw = folder / "upload.zip"
            raw.write_bytes(data)
            _unzip(raw, files)
            raw.unlink()
        else:
            (files / name).write_bytes(data)
        path = _import_path(files)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    (folder / "meta.json").write_text(json.dumps({"name": name, "path": str(path.relative_to(folder))}))
    return token, path


def staged(token: str, base: Path | None = None) -> tuple[str, Path] | None:
    """The original name and import path of a kept upload, or None (unknown or expired token)."""
    if not token or not all(c.isalnum() or c in "-_" for c in token):
        return None
    folder = _root(base) / token
    try:
        meta = json.loads((folder / "meta.json").read_text())
    except (OSError, ValueError):
        return None
    return str(meta["name"]), folder / str(meta["path"])


def save_report(token: str, report: dict[str, Any], base: Path | None = None) -> None:
    (_root(base) / token / "report.json").write_text(json.dumps(report))


def load_report(token: str, base: Path | None = None) -> dict[str, Any] | None:
    if staged(token, base) is None:
        return None
    try:
        data = json.loads((_root(base) / token / "report.json").read_text())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None
