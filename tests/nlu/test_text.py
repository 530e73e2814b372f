"""Text normalisation and tokens with offsets."""

from __future__ import annotations

from nlu.text import normalise, tokenise


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "Don’t   KNOW!!! it's ok"
    tokens = tokenise(text)
    assert [t.text for t in tokens] == ["dont", "know", "its", "ok"]
    assert [text[t.start : t.end] for t in tokens] == ["Don’t", "KNOW", "it's", "ok"]


def test_stretched_letters_and_punctuation_are_squashed() -> None:
    assert normalise("pleaseeeee help!!! :(") == "pleasee help"
    assert normalise("stressed_out...") == "stressed out"
    assert normalise("   ") == ""


def test_digits_stay_part_of_text_speak_words() -> None:
    assert normalise("can some1 ring me 2day") == "can some1 ring me 2day"


def test_each_emoji_is_a_token_and_skin_tones_are_dropped() -> None:
    text = "ok👍🏽 thanks 🙏🙏"
    tokens = tokenise(text)
    assert [t.text for t in tokens] == ["ok", "👍", "thanks", "🙏", "🙏"]
    assert [text[t.start : t.end] for t in tokens] == ["ok", "👍", "thanks", "🙏", "🙏"]
    assert normalise("❤️") == "❤"


def test_self_written_apart_is_one_word() -> None:
    text = "i make my self sick"
    tokens = tokenise(text)
    assert [t.text for t in tokens] == ["i", "make", "myself", "sick"]
    assert text[tokens[2].start : tokens[2].end] == "my self"
    assert normalise("they did it them selves") == "they did it themselves"
