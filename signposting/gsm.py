"""GSM-7 helpers: make text safe for a basic phone and count what it costs.

An SMS holds 160 GSM-7 septets. Characters in the GSM 03.38 extension table
(``{ } [ ] ~ | ^ \\`` and the euro sign) take two septets each.
"""

from __future__ import annotations

import re
import unicodedata

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

_REPLACEMENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u2022": "-",
    "\u00b7": "-",
    "\t": " ",
}


def encodes(text: str) -> bool:
    """True when every character of ``text`` is in the GSM 03.38 alphabet."""
    try:
        text.encode("gsm03.38")
    except UnicodeEncodeError:
        return False
    return True


def septets(text: str) -> int:
    """Septets ``text`` costs in GSM-7 (extension characters count two). Raises if not encodable."""
    return len(text.encode("gsm03.38"))


def to_gsm7(text: str) -> str:
    """Replace curly quotes, long dashes and the like; drop accents and anything else not GSM-7."""
    out: list[str] = []
    for char in text:
        char = _REPLACEMENTS.get(char, char)
        if encodes(char):
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char)
        stripped = "".join(c for c in base if not unicodedata.combining(c))
        if stripped and encodes(stripped):
            out.append(stripped)
    return re.sub(r" {2,}", " ", "".join(out))


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` septets at a word boundary, adding ``...`` when cut.

    Without a word boundary that fits, the cut is mid-word. Each character is measured once, so the
    work is linear in the length of ``text`` (it re-measured the text after each dropped word, which
    took seconds for a long imported description). Raises if ``text`` is not GSM-7.
    """
    costs = [septets(char) for char in text]
    if sum(costs) <= limit:
        return text
    room = limit - 3  # septets left for the text before "..."
    used = 0
    word_end: int | None = None  # the longest run of whole words that fits
    char_end = 0  # the longest prefix that fits
    for index, (char, cost) in enumerate(zip(text, costs, strict=True)):
        if used > room:
            break
        if char == " ":
            word_end = index
        if used + cost <= room:
            char_end = index + 1
        used += cost
    if word_end is not None:
        return text[:word_end].rstrip(",;:-") + "..."
    return text[:char_end] + "..." if limit >= 3 else ""
