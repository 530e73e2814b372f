"""Every text in the catalogue is GSM-7 and fits its segment budget with long sample values."""

from __future__ import annotations

import string

import pytest

from bot.channels.sms_text import is_gsm7, measure
from flows.catalogue import CatalogueError, load_catalogue

CATALOGUE = load_catalogue()


def _keys() -> list[tuple[str, str]]:
    return [(lang, key) for lang, table in CATALOGUE.languages.items() for key in table]


@pytest.mark.parametrize(("lang", "key"), _keys())
def test_text_is_gsm7_and_within_budget(lang: str, key: str) -> None:
    tpl = CATALOGUE.languages[lang][key]
    missing = tpl.placeholders - CATALOGUE.samples.keys()
    assert not missing, f"add sample values for {missing} to _samples"
    text = CATALOGUE.render(key, lang, **CATALOGUE.samples)
    assert is_gsm7(text), f"{key} has characters outside GSM-7"
    assert measure(text).segments <= tpl.budget, f"{key}: {measure(text).segments} segments > {tpl.budget}"


def test_render_refuses_missing_placeholder() -> None:
    with pytest.raises(CatalogueError, match="needs school_name"):
        CATALOGUE.render("join_ok")


def test_plain_words_only() -> None:
    """No curly quotes, long dashes or emoji anywhere in the catalogue source."""
    for table in CATALOGUE.languages.values():
        for tpl in table.values():
            assert all(ch in string.printable or ch in "£€" for ch in tpl.text), tpl.key
