"""Rasa's inline entity markup: ``[words](entity)`` and ``[words]{"entity": "...", "value": "..."}``.

:func:`parse_annotated` strips the markup and returns the plain text with entities whose ``start``/``end``
point into that plain text, exactly as Rasa does when it reads ``nlu.yml``.
"""

from __future__ import annotations

import json
import re

from nlu.types import Entity

_ANNOTATION = re.compile(r"\[(?P<text>[^\]]+)\](?:\((?P<short>[^)]*)\)|(?P<dict>\{[^}]*\}))")
_LEFTOVER = re.compile(r"\]\s*[({]")
EXTRACTOR = "annotation"


class AnnotationError(ValueError):
    """An example's entity markup cannot be read."""


def parse_annotated(raw: str) -> tuple[str, list[Entity]]:
    """Split an annotated example into plain text and its entities.

    >>> text, entities = parse_annotated('[exams]{"entity": "need", "value": "exam_stress"} r killing me')
    >>> text, entities[0].value, entities[0].start, entities[0].end
    ('exams r killing me', 'exam_stress', 0, 5)
    """
    plain: list[str] = []
    entities: list[Entity] = []
    cursor = 0
    length = 0
    for match in _ANNOTATION.finditer(raw):
        before = raw[cursor : match.start()]
        plain.append(before)
        length += len(before)
        words = match.group("text")
        name, value = _entity_and_value(match, words)
        entities.append(Entity(name, value, length, length + len(words), EXTRACTOR))
        plain.append(words)
        length += len(words)
        cursor = match.end()
    plain.append(raw[cursor:])
    text = "".join(plain)
    if _LEFTOVER.search(text):
        raise AnnotationError(f"unreadable entity markup in {raw!r}")
    return text, entities


def _entity_and_value(match: re.Match[str], words: str) -> tuple[str, str]:
    short = match.group("short")
    if short is not None:
        if ":" in short:
            raise AnnotationError(
                f'"[{words}]({short})" uses the old entity:value form; write '
                f'[{words}]{{"entity": "{short.split(":")[0]}", "value": "{short.split(":", 1)[1]}"}}'
            )
        if not short.strip():
            raise AnnotationError(f"empty entity name after [{words}]")
        return short.strip(), words
    try:
        spec = json.loads(match.group("dict"))
    except json.JSONDecodeError as exc:
        raise AnnotationError(f"bad entity JSON after [{words}]: {exc.msg}") from exc
    if not isinstance(spec, dict) or not isinstance(spec.get("entity"), str):
        raise AnnotationError(f'entity JSON after [{words}] needs an "entity" name')
    value = spec.get("value", words)
    if not isinstance(value, str):
        raise AnnotationError(f'"value" after [{words}] must be a string')
    return spec["entity"], value
