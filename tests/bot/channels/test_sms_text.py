"""SMS composition: GSM-7 substitutions, segment counting, splitting long text at natural boundaries."""

from __future__ import annotations

from bot.channels.sms_text import MAX_SEGMENTS_PER_TEXT, measure, split_for_sending, to_gsm7


def test_curly_quotes_dashes_ellipsis_and_nbsp_become_gsm7() -> None:
    text = to_gsm7("\u201cIt\u2019s ok\u201d \u2013 call\u00a0us\u2026")
    assert text == '"It\'s ok" - call us...'
    assert measure(text).encoding == "GSM-7"


def test_emoji_makes_ucs2_with_67_character_segments() -> None:
    assert measure("hi \U0001f600").encoding == "UCS-2"
    assert measure("\u00e7" * 70 + "\U0001f600").segments == 2


def test_short_text_is_one_part_unchanged() -> None:
    text = "Line one.\nLine two."
    assert split_for_sending(text) == (text,)


def test_long_text_splits_at_line_boundaries_first() -> None:
    lines = [f"{i}. Kooth: free online support for young people, kooth.com" for i in range(60)]
    parts = split_for_sending("\n".join(lines))
    assert len(parts) > 1
    assert all(measure(p).segments <= MAX_SEGMENTS_PER_TEXT for p in parts)
    for part in parts:  # every part is whole lines
        assert all(line in lines for line in part.split("\n"))
    assert "\n".join(parts) == "\n".join(lines)


def test_long_paragraph_splits_after_a_sentence_never_mid_word() -> None:
    sentences = [f"This is sentence number {i} of a long paragraph." for i in range(80)]
    text = " ".join(sentences)
    parts = split_for_sending(text)
    assert len(parts) == 3
    assert all(p.endswith(".") for p in parts)
    assert " ".join(parts) == text


def test_words_only_text_splits_between_words() -> None:
    text = " ".join(["word"] * 600)  # no sentences or lines
    parts = split_for_sending(text)
    assert all(set(p.split(" ")) == {"word"} for p in parts)
    assert " ".join(parts) == text


def test_measure_counts_the_segments_of_every_part() -> None:
    text = " ".join(f"This is sentence number {i} of a long paragraph." for i in range(80))
    parts = split_for_sending(text)
    assert measure(text).segments == sum(measure(p).segments for p in parts)
    assert measure(text).segments > MAX_SEGMENTS_PER_TEXT
