"""Rasa's inline entity markup."""

from __future__ import annotations

import pytest

from nlu.annotations import AnnotationError, parse_annotated


def test_short_and_json_forms() -> None:
    text, entities = parse_annotated(
        'i have [anxiety](need) and [cant sleep]{"entity": "need", "value": "sleep"}'
    )
    assert text == "i have anxiety and cant sleep"
    assert [
        (e.value, text[e.start : e.end]) for e in entities if e.start is not None and e.end is not None
    ] == [
        ("anxiety", "anxiety"),
        ("sleep", "cant sleep"),
    ]


def test_plain_text_has_no_entities() -> None:
    assert parse_annotated("just some [brackets] here") == ("just some [brackets] here", [])


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("[x](need:anxiety)", "old entity:value form"),
        ("[x]{not json}", "bad entity JSON"),
        ('[x]{"value": "anxiety"}', 'needs an "entity" name'),
        ('[x]{"entity": "need", "value": 3}', "must be a string"),
        ("[x]()", "empty entity name"),
    ],
)
def test_malformed_markup_is_an_error(raw: str, problem: str) -> None:
    with pytest.raises(AnnotationError, match=problem):
        parse_annotated(raw)
