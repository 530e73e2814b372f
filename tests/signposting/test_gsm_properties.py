"""Properties of the GSM-7 helpers (issue 17): `to_gsm7` always gives text a basic phone can show, and
`truncate` always fits its limit, cuts where it did before, and is linear in the length of the text
(counted: the characters handed to the GSM-7 codec, as `septets` and `encodes`)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signposting import gsm
from signposting.gsm import encodes, septets, to_gsm7, truncate
from tests.strategies import messy_texts, repeated

GSM_CHARS = "abc XYZ 019 .,;:-!? {}[]~^|\\€ \n@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
GSM_TEXT = st.text(st.sampled_from(GSM_CHARS), max_size=300)


def truncate_before(text: str, limit: int) -> str:
    """`truncate` as it was: it re-measured the text after dropping each word (quadratic)."""
    if septets(text) <= limit:
        return text
    words = text.split(" ")
    while words and septets(" ".join(words) + "...") > limit:
        words.pop()
    if words:
        return " ".join(words).rstrip(",;:-") + "..."
    cut = text
    while cut and septets(cut + "...") > limit:
        cut = cut[:-1]
    return cut + "..." if limit >= 3 else cut[:limit]


@given(text=messy_texts())
def test_to_gsm7_gives_gsm7_with_single_spaces(text: str) -> None:
    out = to_gsm7(text)
    assert encodes(out)
    assert "  " not in out
    assert to_gsm7(out) == out


@given(text=GSM_TEXT, limit=st.integers(min_value=0, max_value=200))
def test_truncate_fits_and_cuts_as_before(text: str, limit: int) -> None:
    out = truncate(text, limit)
    assert out == truncate_before(text, limit)
    assert septets(out) <= max(limit, 0) or limit < 3
    if septets(text) <= limit:
        assert out == text
    elif limit >= 3:
        assert out.endswith("...") and text.startswith(out[:-3])


@given(text=messy_texts(), limit=st.integers(min_value=-2, max_value=200))
def test_truncate_of_any_text_made_gsm7_fits(text: str, limit: int) -> None:
    safe = to_gsm7(text)
    out = truncate(safe, limit)
    assert encodes(out) and septets(out) <= max(limit, 0)


class Measured:
    """Counts the characters handed to the GSM-7 codec through `septets` and `encodes`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.chars = 0
        real_septets, real_encodes = gsm.septets, gsm.encodes

        def counted_septets(text: str) -> int:
            self.chars += len(text)
            return real_septets(text)

        def counted_encodes(text: str) -> bool:
            self.chars += len(text)
            return real_encodes(text)

        monkeypatch.setattr(gsm, "septets", counted_septets)
        monkeypatch.setattr(gsm, "encodes", counted_encodes)

    def of(self, call: object) -> int:
        self.chars = 0
        call()  # type: ignore[operator]
        return self.chars


@pytest.mark.parametrize("unit", ["word ", "x", "{", "a b ", "one, two; ", "  "])
def test_truncate_and_to_gsm7_work_is_linear(monkeypatch: pytest.MonkeyPatch, unit: str) -> None:
    measured = Measured(monkeypatch)
    for function in (lambda t: truncate(t, 90), to_gsm7):
        small, large = (measured.of(lambda n=n, f=function: f(repeated(unit, n))) for n in (500, 4_000))
        assert large <= 12 * max(small, 100), (unit, small, large)
        assert large <= 4 * 4_000, (unit, large)
