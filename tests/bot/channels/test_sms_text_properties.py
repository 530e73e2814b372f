"""Properties of SMS measuring and splitting (issue 17), for any text: each part fits its segments, the
parts re-join to the text (only the spaces at each cut are dropped), measuring agrees with smsutil, and
GSM-7 text stays GSM-7. (Linearity is counted in test_sms_text_linear.py; here it is checked for any
repeated text with tests/work.py.)"""

from __future__ import annotations

import smsutil
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.channels.sms_text import _measure_one, is_gsm7, measure, split_for_sending, to_gsm7
from tests.strategies import messy_texts, repeated, units
from tests.work import assert_linear
from tests.work import measure as work_of

LONG_TEXTS = st.one_of(
    messy_texts(400),
    st.builds(repeated, units(), st.integers(min_value=0, max_value=4_000)),
)
SEGMENTS = st.integers(min_value=1, max_value=12)


def rejoins(text: str, parts: tuple[str, ...]) -> bool:
    """The parts appear in `text` in order, with nothing but whitespace before, between and after them."""
    pos = 0
    for part in parts:
        found = text.find(part, pos)
        if found < 0 or text[pos:found].strip():
            return False
        pos = found + len(part)
    return not text[pos:].strip()


@given(text=LONG_TEXTS, max_segments=SEGMENTS)
def test_parts_fit_and_rejoin_to_the_text(text: str, max_segments: int) -> None:
    parts = split_for_sending(text, max_segments)
    assert parts
    assert all(_measure_one(part).segments <= max_segments for part in parts)
    assert rejoins(text, parts), parts
    if _measure_one(text).segments <= max_segments:
        assert parts == (text,)
    if text.strip():
        assert all(part.strip() for part in parts), parts


@given(text=LONG_TEXTS)
def test_measure_counts_what_smsutil_counts_for_each_text_sent(text: str) -> None:
    measured = measure(text)
    parts = split_for_sending(text)
    assert measured.segments == sum(len(smsutil.split(p).parts) if p else 1 for p in parts)
    gsm = all(is_gsm7(p) for p in parts if p)  # smsutil calls "" not GSM-7; it costs one GSM-7 segment
    assert measured.encoding == ("GSM-7" if gsm else "UCS-2")
    assert "".join(measured.parts) == "".join(parts)


@given(text=messy_texts())
def test_to_gsm7_is_idempotent_and_keeps_gsm7_text(text: str) -> None:
    once = to_gsm7(text)
    assert to_gsm7(once) == once
    if is_gsm7(text):
        assert is_gsm7(once)


@settings(max_examples=8)
@given(unit=units())
def test_work_is_linear_for_any_repeated_text(unit: str) -> None:
    small = work_of(lambda: measure(repeated(unit, 2_000)))
    large = work_of(lambda: measure(repeated(unit, 16_000)))
    assert_linear(small, large, 8, label=unit)
