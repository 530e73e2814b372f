"""SMS text composition: GSM-7 substitution, encoding and segment counting (via `smsutil`)."""

from __future__ import annotations

from dataclasses import dataclass

import smsutil

# Characters phones and word processors produce that GSM-7 lacks, with the plain ones we send instead.
_SUBSTITUTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
    "\u2022": "-", "\u00b7": "-", "\t": " ",
}  # fmt: skip
_TABLE = str.maketrans(_SUBSTITUTES)


@dataclass(frozen=True)
class SmsMeasure:
    encoding: str  # "GSM-7" or "UCS-2"
    segments: int
    parts: tuple[str, ...]


def to_gsm7(text: str) -> str:
    """Replace curly quotes, long dashes, ellipses and odd spaces with GSM-7 equivalents."""
    return text.translate(_TABLE)


def is_gsm7(text: str) -> bool:
    return bool(smsutil.codecs.is_valid_gsm(text))


def measure(text: str) -> SmsMeasure:
    """Encoding and number of segments `text` takes as one SMS."""
    if not text:
        return SmsMeasure("GSM-7", 1, ("",))
    result = smsutil.split(text)
    encoding = "GSM-7" if result.encoding == "gsm0338" else "UCS-2"
    return SmsMeasure(encoding, len(result.parts), tuple(p.content for p in result.parts))
