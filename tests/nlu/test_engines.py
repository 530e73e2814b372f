"""build_parser: the embedded engine by default, the Rasa adapter with embedded fallback when asked."""

from __future__ import annotations

import pytest

from nlu import EmbeddedParser, RasaParser, build_parser


def test_embedded_is_the_default() -> None:
    assert isinstance(build_parser(), EmbeddedParser)


def test_rasa_falls_back_to_embedded() -> None:
    parser = build_parser("rasa", rasa_url="http://127.0.0.1:5005", timeout_s=1.5)
    assert isinstance(parser, RasaParser)
    assert isinstance(parser.fallback, EmbeddedParser)
    assert (parser.url, parser.timeout_s) == ("http://127.0.0.1:5005", 1.5)


def test_bad_choices_are_refused() -> None:
    with pytest.raises(ValueError, match="rasa_url"):
        build_parser("rasa")
    with pytest.raises(ValueError, match="unknown NLU engine"):
        build_parser("spacy")  # type: ignore[arg-type]
