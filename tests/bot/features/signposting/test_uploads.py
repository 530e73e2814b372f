"""Uploaded directory files: a .json or a .zip unpacked flat into a private folder (no archive path is
trusted), refused when it is not what the importer reads, found again by its token."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot.features.signposting.uploads import UploadError, load_report, save_report, stage, staged


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_json_file_is_kept_under_its_token(tmp_path: Path) -> None:
    token, path = stage("My Services.json", b"[]", base=tmp_path)
    assert path.name == "My Services.json" and path.read_bytes() == b"[]"
    assert staged(token, base=tmp_path) == ("My Services.json", path)
    save_report(token, {"ok": True}, base=tmp_path)
    assert load_report(token, base=tmp_path) == {"ok": True}


def test_a_zip_of_a_csv_folder_is_unpacked_flat_and_paths_are_not_trusted(tmp_path: Path) -> None:
    data = _zip({"export/services.csv": b"id\n", "../../evil.csv": b"x", "export/readme.txt": b"hi"})
    token, path = stage("export.zip", data, base=tmp_path)
    assert path.is_dir() and sorted(p.name for p in path.iterdir()) == ["evil.csv", "services.csv"]
    assert path.parent.parent == tmp_path / "waymark-directory-uploads"
    assert not (tmp_path / "evil.csv").exists()
    assert staged(token, base=tmp_path) is not None


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("services.exe", b"MZ", "upload an Open Referral UK .json file"),
        ("empty.json", b"", "the file is empty"),
        ("broken.zip", b"PK not really", "cannot be opened"),
        ("mixed.zip", _zip({"a.json": b"[]", "services.csv": b"id\n"}), "both JSON and CSV"),
        ("two.zip", _zip({"a.json": b"[]", "b.json": b"[]"}), "more than one JSON file"),
        ("nothing.zip", _zip({"readme.txt": b"hi"}), "no .json or .csv files"),
    ],
)
def test_what_the_importer_cannot_read_is_refused(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    with pytest.raises(UploadError, match=message):
        stage(name, data, base=tmp_path)
    root = tmp_path / "waymark-directory-uploads"
    assert not root.exists() or list(root.iterdir()) == []  # nothing left behind


def test_unknown_or_odd_tokens_find_nothing(tmp_path: Path) -> None:
    assert staged("../../etc", base=tmp_path) is None
    assert staged("no-such-token", base=tmp_path) is None
    assert load_report("no-such-token", base=tmp_path) is None
