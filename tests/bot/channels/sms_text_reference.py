"""The SMS splitter as it was before issue 11 (re-measuring every prefix: quadratic), kept only so the tests
can check that the linear one in `bot/channels/sms_text.py` gives exactly the same answers."""

from __future__ import annotations

import re

import smsutil

from bot.channels.sms_text import MAX_SEGMENTS_PER_TEXT, SmsMeasure

_BOUNDARIES = (re.compile(r"\s*\n\s*"), re.compile(r"(?<=[.!?])\s+"), re.compile(r"\s+"))


def measure_one(text: str) -> SmsMeasure:
    if not text:
        return SmsMeasure("GSM-7", 1, ("",))
    result = smsutil.split(text)
    encoding = "GSM-7" if result.encoding == "gsm0338" else "UCS-2"
    return SmsMeasure(encoding, len(result.parts), tuple(p.content for p in result.parts))


def measure(text: str) -> SmsMeasure:
    sized = [measure_one(part) for part in split_for_sending(text)]
    encoding = "UCS-2" if any(s.encoding == "UCS-2" for s in sized) else "GSM-7"
    return SmsMeasure(encoding, sum(s.segments for s in sized), tuple(c for s in sized for c in s.parts))


def split_for_sending(text: str, max_segments: int = MAX_SEGMENTS_PER_TEXT) -> tuple[str, ...]:
    if measure_one(text).segments <= max_segments:
        return (text,)
    parts: list[str] = []
    rest = text.strip()
    while measure_one(rest).segments > max_segments:
        end, start = _cut(rest, max_segments)
        parts.append(rest[:end].rstrip())
        rest = rest[start:].lstrip()
    parts.append(rest)
    return tuple(parts)


def _cut(text: str, max_segments: int) -> tuple[int, int]:
    for boundary in _BOUNDARIES:
        for m in reversed(list(boundary.finditer(text))):
            if m.start() > 0 and measure_one(text[: m.start()]).segments <= max_segments:
                return m.start(), m.end()
    end = len(text)
    while end > 1 and measure_one(text[:end]).segments > max_segments:
        end -= 1
    return end, end
