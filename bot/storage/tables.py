"""Import every installed feature's table modules so SQLModel.metadata knows them all (for migrations
and tests). A table module that cannot be imported is an error."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData
from sqlmodel import SQLModel


def table_modules() -> tuple[str, ...]:
    """The modules holding tables, from the installed features (``bot/app/installed.py``)."""
    from bot.app.installed import INSTALLED

    return tuple(dict.fromkeys(name for feature in INSTALLED for name in feature.tables))


def all_metadata() -> MetaData:
    """SQLModel's metadata with every installed feature's table modules imported."""
    for name in table_modules():
        importlib.import_module(name)
    return SQLModel.metadata
