"""Regenerate nlu/rasa/requirements.txt: Rasa 3.6's dependencies as resolved for Python 3.10, on 3.11.

Rasa 3.6.21 says it needs Python < 3.11, but it runs on 3.11 if its dependencies are the ones it would
get on 3.10. This script reads the Requires-Dist of the rasa and rasa-sdk wheels, evaluates their
markers as Python 3.10 on Linux would, relaxes matplotlib (no < 3.6 wheels for 3.11) and pins the
packages whose 3.10 choice pip would not make on 3.11. Then it lets pip resolve the whole set (dry run,
nothing installed) and writes the exact versions. Usage (needs network access to PyPI):

    .venv/bin/python nlu/rasa/resolve_requirements.py
"""

from __future__ import annotations

import email
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from packaging.requirements import Requirement

RASA = "rasa==3.6.21"
RASA_SDK = "rasa-sdk==3.6.2"
PY310 = {
    "python_version": "3.10",
    "python_full_version": "3.10.12",
    "sys_platform": "linux",
    "platform_system": "Linux",
    "platform_machine": "x86_64",
    "implementation_name": "cpython",
    "platform_python_implementation": "CPython",
    "os_name": "posix",
    "extra": "",
}
OVERRIDES = {
    "matplotlib": ">=3.6,<3.8",
    "numpy": "==1.23.5",
    "scipy": "==1.10.1",
    "scikit-learn": "==1.1.3",
    "dask": "==2022.10.2",
    "jax": "==0.4.13",
    "jaxlib": "==0.4.13",
    "ml-dtypes": "==0.2.0",
    "websockets": ">=10,<11",
}
SKIP = {"rasa", "rasa-sdk"}  # installed last with --no-deps --ignore-requires-python
HERE = Path(__file__).parent


def declared_requirements(wheels: list[Path]) -> dict[str, str]:
    """name[extras] -> specifier, for every Requires-Dist that applies on Python 3.10 (first wins)."""
    chosen: dict[str, str] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            metadata = email.message_from_bytes(archive.read(name))
        for line in metadata.get_all("Requires-Dist") or []:
            requirement = Requirement(line)
            if requirement.marker is not None and not requirement.marker.evaluate(PY310):
                continue
            key = requirement.name.lower().replace("_", "-")
            if key in SKIP or key in chosen:
                continue
            extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
            chosen[key] = f"{requirement.name}{extras}{OVERRIDES.get(key, str(requirement.specifier))}"
    for key, spec in OVERRIDES.items():
        chosen.setdefault(key, key + spec)
    return chosen


def resolve(requirements: list[str], work: Path) -> list[tuple[str, str]]:
    """Let pip resolve `requirements` for this interpreter (dry run) and return (name, version) pairs."""
    infile, report = work / "in.txt", work / "report.json"
    infile.write_text("\n".join(requirements) + "\n")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--quiet",
            "--report",
            str(report),
            "-r",
            str(infile),
        ],
        check=True,
    )
    installs = json.loads(report.read_text())["install"]
    return sorted((item["metadata"]["name"], item["metadata"]["version"]) for item in installs)


def main() -> None:
    """Download the two wheels' metadata, resolve, and write requirements.txt next to this script."""
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--quiet",
                "--no-deps",
                "--ignore-requires-python",
                "-d",
                str(work),
                RASA,
                RASA_SDK,
            ],
            check=True,
        )
        wanted = declared_requirements(sorted(work.glob("*.whl")))
        pinned = resolve(sorted(wanted.values()), work)
    lines = [
        f"# Rasa 3.6 dependencies as resolved for Python 3.10, run on 3.11 (see {Path(__file__).name}).",
        f"# Install with --no-deps, then: pip install --no-deps --ignore-requires-python {RASA_SDK} {RASA}",
        *(f"{name}=={version}" for name, version in pinned if name.lower() not in SKIP),
    ]
    (HERE / "requirements.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {HERE / 'requirements.txt'} ({len(lines) - 2} packages)")


if __name__ == "__main__":
    main()
