"""Join codes that cannot be typed by accident, and a safer code to suggest instead.

A pupil who texts "hello" must never be linked to a school whose code is HELLO. A code is refused when:

1. it is a word the service claims (``flows.keywords.CLAIMED_WORDS``: STOP, HELP, CALL, MENU, YES, NO, Y,
   N, R, MORE, SKIP, ACK, JOIN...);
2. it is an everyday word or text-speak: its ``wordfreq`` Zipf frequency in English is at least
   ``ZIPF_LIMIT`` (1.5, about 30 uses per billion words). That refuses HELLO (4.7), SAD (4.8), OAK (4.2),
   LOL (5.1), TMRW (1.8) and OAKHILL (1.6); codes with a digit in them (OAK7, DEMO1) score 0;
3. it is all digits (it would be read as a menu choice, an age or a phone number);
4. it is shaped like a postcode district (SE15, M1, LS6: letters, a digit, maybe one more), because an
   area is an answer the find-support conversation asks for.

:func:`suggest_code` offers letters from the school's name and a digit (3, 4, 7 or 9: never 0 or 1, which
look like O and I), checked against the same rules and the codes already taken.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from flows.keywords import CLAIMED_WORDS

ZIPF_LIMIT = 1.5
SAFE_DIGITS = "3479"
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
_LETTERS = re.compile(r"[^A-Z]")


def why_unsafe(code: str) -> str | None:
    """Why `code` (already upper-case, 3 to 10 letters or digits) could be typed by accident; None if safe."""
    with word_list():
        return _why_unsafe(code)


@contextmanager
def word_list() -> Iterator[None]:
    """Let wordfreq's English list go after the checks inside: it takes about 30 MB once read, and a
    server process checks a code rarely (the demo's, one added from the dashboard) but would keep it for
    good. Checks inside one ``with`` share one read of the list."""
    held = "wordfreq" in sys.modules and bool(
        sys.modules["wordfreq"].get_frequency_dict.cache_info().currsize
    )
    try:
        yield
    finally:
        wordfreq = sys.modules.get("wordfreq")
        if wordfreq is not None and not held:
            wordfreq.get_frequency_dict.cache_clear()
            wordfreq.get_frequency_list.cache_clear()


def _why_unsafe(code: str) -> str | None:
    if code in CLAIMED_WORDS:
        return f"{code} is a word the service already answers to"
    if code.isdigit():
        return f"{code} is all digits, so it would be read as a number someone sends"
    if _DISTRICT.match(code):
        return f"{code} looks like a postcode area, which people send when they look for support"
    from wordfreq import zipf_frequency  # here, not at import: it takes a quarter second (CLI start-up)

    frequency = zipf_frequency(code.lower(), "en")
    if frequency >= ZIPF_LIMIT:
        return f"{code} is an everyday word (frequency {frequency:.1f}), so people would send it by accident"
    return None


def candidates(school_name: str) -> list[str]:
    """Codes to try for a school, best first: 3 or 4 letters of its name and a safe digit."""
    words = [_LETTERS.sub("", w.upper()) for w in school_name.split()]
    words = [w for w in words if w and w not in {"THE", "OF", "AND", "SCHOOL", "ACADEMY", "COLLEGE"}] or [
        "SCH"
    ]
    stems = [words[0][:3], words[0][:4], "".join(w[0] for w in words)[:4], (words[0] + "XX")[:3]]
    seen: list[str] = []
    for stem in stems:
        for digit in SAFE_DIGITS:
            code = f"{stem}{digit}"
            if len(code) >= 3 and code not in seen:
                seen.append(code)
    return seen


def suggest_code(school_name: str, taken: set[str]) -> str:
    """A code for `school_name` that passes :func:`why_unsafe` and is not in `taken`."""
    with word_list():
        for code in candidates(school_name):
            if code not in taken and _why_unsafe(code) is None:
                return code
        for n in range(10, 100):
            code = f"SCH{n}"
            if code not in taken and _why_unsafe(code) is None:
                return code
    raise ValueError("no free code could be suggested")
