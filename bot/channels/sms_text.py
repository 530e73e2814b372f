"""SMS text composition: GSM-7 substitution, encoding and segment counting, and splitting long text into
several texts at natural boundaries.

Counting follows `smsutil` exactly (GSM 03.38 when every character is in it, else UCS-2; greedy parts of
153 septets or 134 bytes, one part when the whole fits in 160 / 140); the tests check it against smsutil
and against the splitter as it was. Measuring and splitting are linear in the length of the text: no
prefix is measured twice, so one long inbound text cannot hold the event loop (issue 11).
"""

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

# Twilio accepts up to 1600 characters per message and advises at most 10 segments; longer text goes as
# several messages, split at line, then sentence, then word boundaries (never mid-word unless one "word"
# alone is longer than a message).
MAX_SEGMENTS_PER_TEXT = 10

_GSM = frozenset(smsutil.codecs.GSM_CHARSET)
_GSM_EXT = frozenset(smsutil.codecs.GSM_EXT_CHARSET)  # two septets each (escape + character)
_NOT_GSM = re.compile("[^" + re.escape(smsutil.codecs.GSM_CHARSET) + "]")
_NOT_BASIC = re.compile("[^" + re.escape(smsutil.codecs.GSM_BASIC_CHARSET) + "]")  # not one septet
_GSM_SINGLE: int = smsutil.GSM_SINGLE_PART_BYTES  # 160 septets
_GSM_PART: int = smsutil.GSM_MULTI_PART_BYTES  # 153
_UCS_SINGLE: int = smsutil.UNICODE_SINGLE_PART_BYTES  # 140 bytes
_UCS_PART: int = smsutil.UNICODE_MULTI_PART_BYTES  # 134
_SPACES = re.compile(r"\s*")  # `\s` is str.isspace(), which strip() uses too
_SPACE = re.compile(r"\s")
_SPACE_AFTER_STOP = re.compile(r"\s[.!?]")  # read backwards: a sentence's end, then a space


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
    """Encoding and segments `text` takes when sent. Text over MAX_SEGMENTS_PER_TEXT goes as several texts
    (`split_for_sending`), so the segments of every part are counted: what the provider bills."""
    sized = [_measure_one(part) for part in split_for_sending(text)]
    encoding = "UCS-2" if any(s.encoding == "UCS-2" for s in sized) else "GSM-7"
    return SmsMeasure(encoding, sum(s.segments for s in sized), tuple(c for s in sized for c in s.parts))


def split_for_sending(text: str, max_segments: int = MAX_SEGMENTS_PER_TEXT) -> tuple[str, ...]:
    """`text` as one or more texts of at most `max_segments` segments each, cut at natural boundaries.

    Each step reads at most one text's worth of characters ahead (plus the run of spaces it may cut
    at) and never the whole rest again, so the work is linear in the length of `text`."""
    ahead = _most_chars(max_segments) + 1
    if _fitting(_window(text, 0, ahead), max_segments) == len(text):
        return (text,)
    parts: list[str] = []
    rest = text.strip()
    pos = 0
    while True:
        fit = _fitting(_window(rest, pos, pos + ahead), max_segments)
        if pos + fit >= len(rest):
            break
        end, start = _cut(rest, pos, fit)
        parts.append(rest[pos:end].rstrip())
        pos = _spaces_end(rest, start)
    parts.append(rest[pos:])
    return tuple(parts)


def _measure_one(text: str) -> SmsMeasure:
    """One text, measured as `smsutil.split` measures it, in one pass."""
    if not text:
        return SmsMeasure("GSM-7", 1, ("",))
    if _NOT_GSM.search(text) is not None:
        return _packed(text, "UCS-2", _UCS_SINGLE, _UCS_PART)
    if _NOT_BASIC.search(text) is not None:
        return _packed(text, "GSM-7", _GSM_SINGLE, _GSM_PART)
    if len(text) <= _GSM_SINGLE:  # one septet a character: one part, or parts of 153
        return SmsMeasure("GSM-7", 1, (text,))
    chunks = tuple(text[i : i + _GSM_PART] for i in range(0, len(text), _GSM_PART))
    return SmsMeasure("GSM-7", len(chunks), chunks)


def _packed(text: str, encoding: str, single: int, part: int) -> SmsMeasure:
    """Greedy packing into parts of at most `part` septets (GSM-7) or bytes (UCS-2), as smsutil packs:
    an extension character is two septets, a character beyond the BMP four bytes (a surrogate pair)."""
    gsm = encoding == "GSM-7"
    parts: list[str] = []
    start = used = total = 0
    for i, ch in enumerate(text):
        w = (2 if ch in _GSM_EXT else 1) if gsm else (4 if ord(ch) > 0xFFFF else 2)
        used, total = used + w, total + w
        if used > part:
            parts.append(text[start:i])
            start, used = i, w
    if total <= single:
        return SmsMeasure(encoding, 1, (text,))
    parts.append(text[start:])
    return SmsMeasure(encoding, len(parts), tuple(parts))


def _window(text: str, start: int, stop: int) -> str:
    """The slice of `text` one step of the splitter reads (one place, so tests can count the work)."""
    return text[start:stop]


def _spaces_end(text: str, at: int) -> int:
    """The index after the run of spaces at `at` (`at` itself when there is none)."""
    found = _SPACES.match(text, at)
    return found.end() if found is not None else at


def _most_chars(max_segments: int) -> int:
    """No text longer than this fits in `max_segments` (one septet a character is the cheapest)."""
    return max(_GSM_SINGLE, _GSM_PART * max_segments)


def _fitting(text: str, max_segments: int) -> int:
    """The length of the longest prefix of `text` that is at most `max_segments` segments.

    One pass, counting both encodings as it goes: a prefix is GSM-7 until its first other character.
    The count of a prefix never falls as it grows (a GSM-7 part holds at least 76 characters, a UCS-2
    part at most 67), so the first prefix that does not fit ends the scan. Plain text (one septet a
    character) needs no scan: its longest fitting prefix is `_most_chars` long."""
    most = _most_chars(max_segments)
    odd = _NOT_BASIC.search(text)
    if odd is None or odd.start() > most:
        return min(len(text), most)
    gsm = True
    g_done = g_used = g_total = 0
    u_done = u_used = u_total = 0
    for i, ch in enumerate(text):
        w = 4 if ord(ch) > 0xFFFF else 2
        u_used, u_total = u_used + w, u_total + w
        if u_used > _UCS_PART:
            u_done, u_used = u_done + 1, w
        if gsm and ch not in _GSM:
            gsm = False
        if gsm:
            w = 2 if ch in _GSM_EXT else 1
            g_used, g_total = g_used + w, g_total + w
            if g_used > _GSM_PART:
                g_done, g_used = g_done + 1, w
            segments = 1 if g_total <= _GSM_SINGLE else g_done + 1
        else:
            segments = 1 if u_total <= _UCS_SINGLE else u_done + 1
        if segments > max_segments:
            return i
    return len(text)


def _cut(rest: str, pos: int, fit: int) -> tuple[int, int]:
    """Where the part from `pos` ends and the rest starts: the latest boundary of the best kind that
    starts within the `fit` characters that fit. A boundary is a whole run of spaces: one with a line
    break in it, else one after a sentence's end (. ! ?), else any. The window reads on to the end of
    the run at `fit` (so every run in it starts within `fit`), and is searched from its end, without
    a backtracking regex over long runs of spaces."""
    window = _window(rest, pos, _spaces_end(rest, pos + fit))
    backwards = window[::-1]
    last = len(window) - 1
    line = window.rfind("\n")
    sentence = _SPACE_AFTER_STOP.search(backwards)
    space = _SPACE.search(backwards)
    for start in (
        _run_start(window, line) if line >= 0 else 0,
        last - sentence.start() if sentence is not None else 0,
        _run_start(window, last - space.start()) if space is not None else 0,
    ):
        if start > 0:
            return pos + start, pos + _spaces_end(window, start)
    end = pos + max(fit, 1)
    return end, end


def _run_start(text: str, inside: int) -> int:
    """Where the run of spaces holding `text[inside]` starts."""
    return len(text[:inside].rstrip())
