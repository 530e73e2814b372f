"""Measuring and splitting are linear in the text's length and answer exactly as before (issue 11, item 4).

The old splitter (tests/bot/channels/sms_text_reference.py) re-measured every prefix: a 4,096-emoji text
took seconds. Work is counted, not timed: the characters each step of the splitter reads (`_window`) and
the characters measured (`_measure_one`).
"""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest
import smsutil

from bot.channels import sms_text
from bot.channels.sms_text import measure, split_for_sending
from tests.bot.channels import sms_text_reference as before

# GSM basic and extension characters, spaces of several kinds, sentence ends, line breaks, accents,
# a BMP character outside GSM, emoji (astral: a surrogate pair in UTF-16) and lone surrogates.
ALPHABET = [*"abcdefghij ABC.!?,;\n\n  \t\r", *"{}[]~^|\\€\f", "é", "ç", "ñ", "Ω", "\u00a0", "\u2028",
            "\x85", "\x1c", "\u3000", "中", "\U0001f600", "\U0001f9e1", "\ud800", "\udc00"]  # fmt: skip


def random_texts(seed: int, count: int, sizes: tuple[int, ...]) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(count):
        weights = [rnd.random() for _ in ALPHABET]
        if rnd.random() < 0.6:  # mostly plain GSM text, now and then something else
            weights = [w if c.isascii() else w * 0.01 for w, c in zip(weights, ALPHABET, strict=True)]
        yield "".join(rnd.choices(ALPHABET, weights, k=rnd.randint(0, rnd.choice(sizes))))


def test_one_text_is_measured_as_smsutil_measures_it() -> None:
    for text in random_texts(1, 3000, (3, 70, 140, 161, 400, 1000)):
        assert sms_text._measure_one(text) == before.measure_one(text), repr(text)
        if text:
            result = smsutil.split(text)
            assert sms_text._measure_one(text).segments == len(result.parts)


@pytest.mark.parametrize("max_segments", [1, 2, 10])
def test_splitting_and_measuring_give_the_same_answers_as_before(max_segments: int) -> None:
    sizes = (20, 160, 170, 400, 1600, 1800) if max_segments == 10 else (20, 160, 170, 400, 700)
    for text in random_texts(max_segments, 250, sizes):
        assert split_for_sending(text, max_segments) == before.split_for_sending(text, max_segments), repr(
            text
        )
        if max_segments == 10:
            assert measure(text) == before.measure(text), repr(text)


@pytest.mark.parametrize(
    "text",
    [
        "\U0001f600" * 340,
        " ".join(["word"] * 400),
        "Call us.  \n\n  We are here!   " * 60,
        "{[|]}" * 340,
        "x" * 1000 + " " * 1500 + "y" * 800 + " \n " * 5 + "z" * 400,
        "\u00e7" * 69 + "\U0001f600" + "ab " * 400,
    ],
    ids=["emoji", "words", "sentences-and-lines", "extension-chars", "long-space-runs", "mixed"],
)
def test_long_texts_of_each_kind_split_as_before(text: str) -> None:
    assert split_for_sending(text) == before.split_for_sending(text)
    assert measure(text) == before.measure(text)


class Work:
    """Counts the characters the splitter reads and the characters measured."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.chars = 0
        window, measure_one = sms_text._window, sms_text._measure_one

        def counted_window(text: str, start: int, stop: int) -> str:
            part = window(text, start, stop)
            self.chars += len(part)
            return part

        def counted_measure(text: str) -> sms_text.SmsMeasure:
            self.chars += len(text)
            return measure_one(text)

        monkeypatch.setattr(sms_text, "_window", counted_window, raising=False)
        monkeypatch.setattr(sms_text, "_measure_one", counted_measure)


def adversarial(n: int) -> dict[str, str]:
    """Texts of about `n` characters that made the old splitter slow or that stress the new one."""
    return {
        "emoji": "\U0001f600" * n,
        "words": ("word " * n)[:n],
        "no-spaces": "x" * n,
        "extension": "{" * n,
        "dense-lines": ("a\n" * n)[:n],
        "one-line-break-at-the-start": "a\n" + "b " * (n // 2),
        "space-runs": ("abc" + " " * 997) * (n // 1000),
        "sentences": ("It is ok. " * n)[:n],
    }


@pytest.mark.parametrize("kind", list(adversarial(10)))
def test_work_grows_linearly_with_the_length(monkeypatch: pytest.MonkeyPatch, kind: str) -> None:
    work = Work(monkeypatch)
    counts = []
    for n in (20_000, 200_000):
        work.chars = 0
        text = adversarial(n)[kind]
        measured = measure(text)
        assert measured.segments >= len(text) // 1600
        counts.append(work.chars)
        # each step reads one text's worth ahead (1,531 characters); a text of emoji fits 330 of them
        assert work.chars <= 8 * len(text) + 10_000, (kind, n, work.chars)
    assert counts[1] <= 12 * counts[0]  # ten times the text, about ten times the work


def test_a_text_that_fits_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    work = Work(monkeypatch)
    measure("I feel a bit low today")
    assert work.chars == 2 * len("I feel a bit low today")  # the fit check, then the measure
