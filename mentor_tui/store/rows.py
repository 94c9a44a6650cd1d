"""Turning dataclasses into rows and back: dates as ISO text, lists as JSON, enums as values."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

T = TypeVar("T", bound="DataclassInstance")


def to_value(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps([to_plain(v) for v in value], ensure_ascii=False)
    return value


def to_plain(value: Any) -> Any:
    """A JSON-ready value: what export files and list columns hold."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    return value


def to_row(obj: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        f.name: to_value(getattr(obj, f.name))
        for f in dataclasses.fields(obj)
        if f.name not in skip
    }


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value) if len(inner) == 1 else value
    if origin is list:
        (item,) = typing.get_args(hint)
        items = json.loads(value) if isinstance(value, str) else value
        return [_convert(item, v) for v in items]
    if hint is date:
        return value if isinstance(value, date) else date.fromisoformat(value)
    if hint is bool:
        return bool(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint) and isinstance(value, dict):
        return from_row(hint, value)
    if hint is float and isinstance(value, int):
        return float(value)
    return value


def from_row(cls: type[T], row: dict[str, Any], **extra: Any) -> T:
    hints = _hints(cls)
    kwargs = {
        f.name: _convert(hints[f.name], row[f.name])
        for f in dataclasses.fields(cls)
        if f.name in row
    }
    kwargs.update(extra)
    return cls(**kwargs)
