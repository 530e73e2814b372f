"""Typed slots: a conversation's memory as a dataclass, stored as JSON in the contact's conversation state.

A conversation declares its slots as a frozen dataclass whose every field has a default. :func:`dump` turns
one into a JSON-safe dict (what ``FlowState.slots`` and the ``conversation_state.slots`` column hold);
:func:`load` reads it back, field by field, by the field's annotation. Loading is forgiving on purpose, so a
contact who is mid-conversation while a new version is deployed carries on:

* a key the dataclass no longer has is dropped; a field the stored state lacks takes its default;
* a stored value that does not fit the field's type takes the field's default (never an exception).

Supported field types: ``str``, ``int``, ``float``, ``bool``, ``datetime``, ``date``, ``Enum`` subclasses,
``Literal[...]``, nested slot dataclasses, ``X | None``, ``tuple[X, ...]``, ``list[X]``,
``Mapping[str, X]`` / ``dict[str, X]`` and ``Any`` / ``object`` (passed through as JSON).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar, Union, get_args, get_origin

T = TypeVar("T")


class _Misfit(Exception):
    """A stored value does not fit its field's type (caught per field: the field takes its default)."""


def dump(slots: object) -> dict[str, Any]:
    """The JSON-safe dict form of a slots dataclass instance."""
    if not dataclasses.is_dataclass(slots) or isinstance(slots, type):
        raise TypeError(f"slots must be a dataclass instance, not {type(slots).__name__}")
    return {f.name: _to_json(getattr(slots, f.name)) for f in dataclasses.fields(slots)}


def load(cls: type[T], data: Mapping[str, Any] | None) -> T:
    """An instance of the slots dataclass `cls` from its stored form (see the module notes on tolerance)."""
    hints = _hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):  # type: ignore[arg-type]
        if not f.init or data is None or f.name not in data:
            continue
        try:
            values[f.name] = _from_json(hints[f.name], data[f.name])
        except _Misfit:
            continue  # the default stands
    return cls(**values)


@cache
def _hints_of(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _hints(cls: type) -> dict[str, Any]:
    return _hints_of(cls)


def _to_json(value: object) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dump(value)
    if isinstance(value, Mapping):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_to_json(v) for v in value]
    raise TypeError(f"a slot cannot hold a {type(value).__name__}")


def _from_json(kind: Any, raw: Any) -> Any:
    if kind is Any or kind is object:
        return raw
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return _union(get_args(kind), raw)
    if origin is typing.Literal:
        if raw in get_args(kind):
            return raw
        raise _Misfit
    if origin in (tuple, list):
        return _sequence(origin, get_args(kind), raw)
    if origin in (dict, Mapping) or kind in (dict, Mapping):
        args = get_args(kind)
        if not isinstance(raw, Mapping):
            raise _Misfit
        inner = args[1] if len(args) == 2 else Any
        return {str(k): _from_json(inner, v) for k, v in raw.items()}
    if isinstance(kind, type):
        return _scalar(kind, raw)
    raise TypeError(f"slots field type {kind!r} is not supported")


def _union(options: tuple[Any, ...], raw: Any) -> Any:
    if raw is None:
        if type(None) in options:
            return None
        raise _Misfit
    for option in options:
        if option is type(None):
            continue
        try:
            return _from_json(option, raw)
        except _Misfit:
            continue
    raise _Misfit


def _sequence(origin: Any, args: tuple[Any, ...], raw: Any) -> Any:
    if not isinstance(raw, list | tuple):
        raise _Misfit
    if origin is tuple and args and (len(args) != 2 or args[1] is not Ellipsis):
        if len(args) != len(raw):
            raise _Misfit
        return tuple(_from_json(a, v) for a, v in zip(args, raw, strict=True))
    inner = args[0] if args else Any
    items = [_from_json(inner, v) for v in raw]
    return tuple(items) if origin is tuple else items


def _scalar(kind: type, raw: Any) -> Any:
    if dataclasses.is_dataclass(kind):
        if not isinstance(raw, Mapping):
            raise _Misfit
        return load(kind, raw)
    if issubclass(kind, enum.Enum):
        try:
            return kind(raw)
        except ValueError:
            raise _Misfit from None
    if kind is bool:
        if isinstance(raw, bool):
            return raw
        raise _Misfit
    if kind is int:
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        raise _Misfit
    if kind is float:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return float(raw)
        raise _Misfit
    if kind is str:
        if isinstance(raw, str):
            return raw
        raise _Misfit
    if kind is dt.datetime or kind is dt.date:
        return _when(kind, raw)
    raise TypeError(f"slots field type {kind.__name__} is not supported")


def _when(kind: type, raw: Any) -> Any:
    if not isinstance(raw, str):
        raise _Misfit
    try:
        return dt.datetime.fromisoformat(raw) if kind is dt.datetime else dt.date.fromisoformat(raw)
    except ValueError:
        raise _Misfit from None
