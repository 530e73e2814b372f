"""Import every package's tables so SQLModel.metadata knows them all (for migrations and tests)."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData
from sqlmodel import SQLModel

TABLE_MODULES = (
    "bot.storage.models",
    "bot.storage.models.users",
    "signposting.models",
    "safeguarding.models",
)


def all_metadata() -> MetaData:
    """SQLModel's metadata with every table module imported (missing optional modules are skipped)."""
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return SQLModel.metadata
