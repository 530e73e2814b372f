"""requirements/lock.txt pins every dependency in pyproject.toml, with hashes, at a version its range allows.

When this fails you changed a dependency without re-locking: run `make lock` and commit the lock file.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s\\;]+)")


def locked(text: str) -> dict[str, str]:
    """{canonical name: version} for each `name==version` line; every pin must carry a hash."""
    pins: dict[str, str] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = PIN.match(block)
        if match:
            assert "--hash=sha256:" in block, f"{match.group(1)} is pinned without a hash"
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


def declared(pyproject: dict[str, object]) -> list[Requirement]:
    project = pyproject["project"]
    assert isinstance(project, dict)
    extras = project.get("optional-dependencies", {})
    assert isinstance(extras, dict)
    names = [*project["dependencies"], *extras.get("dev", [])]
    build = pyproject["build-system"]
    assert isinstance(build, dict)
    return [Requirement(r) for r in [*names, *build["requires"]]]


def missing_from_lock(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    """Requirements the lock does not pin, or pins at a version outside their range."""
    problems = []
    for req in requirements:
        version = pins.get(canonicalize_name(req.name))
        if version is None:
            problems.append(f"{req} is not in the lock")
        elif not req.specifier.contains(version, prereleases=True):
            problems.append(f"{req} but the lock has {version}")
    return problems


def test_every_dependency_is_pinned_with_a_hash_in_the_lock() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    pins = locked((ROOT / "requirements" / "lock.txt").read_text())
    assert missing_from_lock(declared(pyproject), pins) == [], (
        "run `make lock` and commit requirements/lock.txt"
    )


def test_the_check_catches_a_new_or_changed_dependency() -> None:
    pins = locked("fastapi==0.115.0 \\\n    --hash=sha256:ab\nuvicorn==0.30.0 \\\n    --hash=sha256:cd\n")
    assert missing_from_lock([Requirement("fastapi>=0.115,<1")], pins) == []
    assert missing_from_lock([Requirement("left-pad>=1")], pins) == ["left-pad>=1 is not in the lock"]
    assert missing_from_lock([Requirement("uvicorn[standard]>=0.31")], pins) == [
        "uvicorn[standard]>=0.31 but the lock has 0.30.0"
    ]
