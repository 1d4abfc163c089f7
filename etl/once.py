"""A property computed on first use and kept, as functools.cached_property is from Python 3.12 on: the 3.11 one takes
a lock on every first use, and the extractor makes thousands of blocks, candidates and paragraphs a second, each asked
once. (On Python 3.12 or later, functools.cached_property itself can replace this.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

Value = TypeVar("Value")


class cached_property(Generic[Value]):  # noqa: N801 (named as the functools one it stands in for)
    def __init__(self, compute: Callable[[Any], Value]):
        self.compute, self.__doc__ = compute, compute.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, instance: Any, owner: type | None = None) -> Value:
        if instance is None:
            return self  # type: ignore[return-value]
        value = instance.__dict__[self.name] = self.compute(instance)  # kept there, it is found before this is asked
        return value
