"""What an import found: problems as ``file:row: message``, counts, unknown taxonomy terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem, located by file and row: a CSV line, or ``"item 2"`` (a JSON record's 1-based number)."""

    file: str
    row: int | str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.row}: {self.message}"


@dataclass
class ImportReport:
    """The outcome of ``import_file``. Nothing was written unless ``committed`` is true."""

    path: Path
    format: str
    dry_run: bool
    services: int = 0
    created: int = 0
    updated: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    unknown_terms: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        """True when there were no errors (warnings are allowed)."""
        return not self.errors

    def error(self, file: str, row: int | str, message: str) -> None:
        """Record an error: the import will not be written."""
        self.errors.append(Problem(file, row, message))

    def warn(self, file: str, row: int | str, message: str) -> None:
        """Record a warning: reported, but the import goes ahead."""
        self.warnings.append(Problem(file, row, message))

    def summary(self) -> str:
        """One line for people: what happened."""
        state = "dry run" if self.dry_run else ("imported" if self.committed else "not imported")
        return (
            f"{self.path.name}: {state}; {self.services} services ({self.created} new, "
            f"{self.updated} updated); {len(self.errors)} errors, {len(self.warnings)} warnings, "
            f"{len(self.unknown_terms)} unknown taxonomy terms"
        )
