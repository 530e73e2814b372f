"""Signposting: the service directory (Open Referral UK / HSDS 3 shaped), import, search, SMS text.

A leaf package: it imports nothing from ``bot`` or ``flows``. Every database function is
async and takes an ``AsyncSession`` first; time is always passed in.

The names below load on first use, so the flows can import the plain modules (``signposting.needs``,
``signposting.gsm``, ``signposting.area_names``) without the database layer.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from signposting.area_lookup import resolve_area
    from signposting.areas import load_areas
    from signposting.models import Area
    from signposting.needs import GENERAL, NEED_LABELS, NEEDS
    from signposting.search import PhoneInfo, RankedService, SearchResult, search
    from signposting.sms import format_sms

_WHERE = {
    "resolve_area": "signposting.area_lookup",
    "load_areas": "signposting.areas",
    "Area": "signposting.models",
    "GENERAL": "signposting.needs",
    "NEED_LABELS": "signposting.needs",
    "NEEDS": "signposting.needs",
    "PhoneInfo": "signposting.search",
    "RankedService": "signposting.search",
    "SearchResult": "signposting.search",
    "search": "signposting.search",
    "format_sms": "signposting.sms",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'signposting' has no attribute {name!r}")
    return getattr(import_module(_WHERE[name]), name)


class _Package(ModuleType):
    """Keeps ``signposting.search`` the search function, as the eager imports did: loading the submodule
    of the same name would otherwise replace the package attribute with the module."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _WHERE and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


__all__ = [
    "GENERAL",
    "NEEDS",
    "NEED_LABELS",
    "Area",
    "PhoneInfo",
    "RankedService",
    "SearchResult",
    "format_sms",
    "load_areas",
    "resolve_area",
    "search",
]
