"""The extractor's cached_property: computed on first use, once for each object, kept apart between objects."""

from __future__ import annotations

import pytest

from etl.once import cached_property

pytestmark = pytest.mark.unit


class Counted:
    asked = 0

    def __init__(self, value: int):
        self.value = value

    @cached_property
    def doubled(self) -> int:
        """Twice the value."""
        Counted.asked += 1
        return self.value * 2


def test_a_property_is_computed_once_for_each_object():
    first, second = Counted(2), Counted(5)
    assert [first.doubled, first.doubled, second.doubled, second.doubled] == [4, 4, 10, 10]
    assert Counted.asked == 2 and Counted.doubled.__doc__ == "Twice the value."
