"""The order that sorts a column of integers, found without Python code per item: columns of 100,000
segment addresses or 300,000 interval starts are sorted here."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import islice, repeat
from operator import add, and_, le, lshift


def ascending_order(values: Sequence[int]) -> list[int] | None:
    """The indices of `values` in ascending order of value (ties in index order); None when they ascend
    already. Non-negative values are sorted as plain integers, each with its index packed below it, so
    that no key function runs per item."""
    if all(map(le, values, islice(values, 1, None))):
        return None
    if min(values) < 0:
        return sorted(range(len(values)), key=values.__getitem__)
    shift = len(values).bit_length()
    keys = sorted(map(add, map(lshift, values, repeat(shift)), range(len(values))))
    return list(map(and_, keys, repeat((1 << shift) - 1)))
