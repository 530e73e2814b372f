"""Signposting: the service directory (Open Referral UK / HSDS 3 shaped), import, search, SMS text.

A leaf package: it imports nothing from ``bot`` or ``flows``. Every database function is
async and takes an ``AsyncSession`` first; time is always passed in.
"""

from signposting.area_lookup import resolve_area
from signposting.areas import load_areas
from signposting.models import Area
from signposting.needs import GENERAL, NEED_LABELS, NEEDS
from signposting.search import PhoneInfo, RankedService, SearchResult, search
from signposting.sms import format_sms

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
