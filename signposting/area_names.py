"""Area names as people say them. Plain string work, no database: flows import this to word an area."""

from __future__ import annotations

import re

ONS_SUFFIX = re.compile(r",\s*(?:city|county)\s+of\s*$", re.IGNORECASE)
"""ONS names put some qualifiers last: "Bristol, City of", "Herefordshire, County of"."""


def without_ons_suffix(name: str) -> str:
    """An ONS authority name as people say it: "Bristol, City of" -> "Bristol"."""
    return ONS_SUFFIX.sub("", name)
