"""Typed slots: a dataclass to JSON and back, and old or odd stored states that still load."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

import pytest

from flows.slots import dump, load


class Answer(Enum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class Inner:
    ref: str = ""
    ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class Every:
    text: str = ""
    n: int = 0
    ratio: float = 0.0
    flag: bool = False
    maybe: int | None = None
    when: dt.datetime | None = None
    day: dt.date | None = None
    answer: Answer | None = None
    window: Literal["am", "pm"] = "am"
    inner: Inner | None = None
    many: tuple[Inner, ...] = ()
    names: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    pair: tuple[int, str] = (0, "")


FULL = Every(
    text="x", n=3, ratio=0.5, flag=True, maybe=7,
    when=dt.datetime(2026, 11, 17, 10, 0, tzinfo=dt.UTC), day=dt.date(2026, 11, 18), answer=Answer.NO,
    window="pm", inner=Inner("r1", ("a", "b")), many=(Inner("r2"),), names=["n"], extra={"k": [1, 2]},
    pair=(2, "two"),
)  # fmt: skip


def test_every_supported_type_goes_to_json_and_back() -> None:
    stored = json.loads(json.dumps(dump(FULL)))  # what the JSON column gives back
    assert load(Every, stored) == FULL
    assert stored["when"] == "2026-11-17T10:00:00+00:00" and stored["answer"] == "no"


def test_unknown_keys_are_dropped_and_missing_fields_take_their_defaults() -> None:
    assert load(Every, {"n": 2, "gone": "old field"}) == Every(n=2)
    assert load(Every, None) == Every() == load(Every, {})


@pytest.mark.parametrize(
    ("key", "raw"),
    [("n", "3"), ("n", True), ("flag", "yes"), ("ratio", "x"), ("when", "not a date"), ("answer", "maybe"),
     ("window", "noon"), ("inner", "r1"), ("many", "abc"), ("pair", [1]), ("text", None), ("extra", [1])],
)  # fmt: skip
def test_a_value_that_does_not_fit_takes_the_default_instead_of_failing(key: str, raw: object) -> None:
    loaded = load(Every, {"n": 5, key: raw} if key != "n" else {key: raw})
    assert getattr(loaded, key) == getattr(Every(), key)


def test_an_int_stored_for_a_float_is_a_float() -> None:
    assert load(Every, {"ratio": 1}).ratio == 1.0


def test_only_dataclasses_and_plain_values_are_slots() -> None:
    with pytest.raises(TypeError):
        dump({"a": 1})
    with pytest.raises(TypeError):
        dump(Every(extra={"x": object()}))
