"""SMS text composition: GSM-7 substitution, encoding and segment counting (via `smsutil`)."""

from __future__ import annotations

import re
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


def _measure_one(text: str) -> SmsMeasure:
    if not text:
        return SmsMeasure("GSM-7", 1, ("",))
    result = smsutil.split(text)
    encoding = "GSM-7" if result.encoding == "gsm0338" else "UCS-2"
    return SmsMeasure(encoding, len(result.parts), tuple(p.content for p in result.parts))


def measure(text: str) -> SmsMeasure:
    """Encoding and segments `text` takes when sent. Text over MAX_SEGMENTS_PER_TEXT goes as several texts
    (`split_for_sending`), so the segments of every part are counted: what the provider bills."""
    sized = [_measure_one(part) for part in split_for_sending(text)]
    encoding = "UCS-2" if any(s.encoding == "UCS-2" for s in sized) else "GSM-7"
    return SmsMeasure(encoding, sum(s.segments for s in sized), tuple(c for s in sized for c in s.parts))


# Twilio accepts up to 1600 characters per message and advises at most 10 segments; longer text goes as
# several messages, split at line, then sentence, then word boundaries (never mid-word unless one "word"
# alone is longer than a message).
MAX_SEGMENTS_PER_TEXT = 10
_BOUNDARIES = (re.compile(r"\s*\n\s*"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def split_for_sending(text: str, max_segments: int = MAX_SEGMENTS_PER_TEXT) -> tuple[str, ...]:
    """`text` as one or more texts of at most `max_segments` segments each, cut at natural boundaries."""
    if _measure_one(text).segments <= max_segments:
        return (text,)
    parts: list[str] = []
    rest = text.strip()
    while _measure_one(rest).segments > max_segments:
        end, start = _cut(rest, max_segments)
        parts.append(rest[:end].rstrip())
        rest = rest[start:].lstrip()
    parts.append(rest)
    return tuple(parts)


def _cut(text: str, max_segments: int) -> tuple[int, int]:
    """Where the first part ends and the rest starts: the latest boundary of the best kind that fits."""
    for boundary in _BOUNDARIES:
        for m in reversed(list(boundary.finditer(text))):
            if m.start() > 0 and _measure_one(text[: m.start()]).segments <= max_segments:
                return m.start(), m.end()
    end = len(text)
    while end > 1 and _measure_one(text[:end]).segments > max_segments:
        end -= 1
    return end, end
