"""The order that sorts a column of integers, found without Python code per item: columns of 100,000
segment addresses or 300,000 interval starts are sorted here."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import islice, repeat
from operator import add, and_, le, lshift
from typing import TypeVar

from gowasm_inspect.wasm import native

T = TypeVar("T")


def ascending_order(values: Sequence[int]) -> Sequence[int] | None:
    """The indices of `values` in ascending order of value (ties in index order); None when they ascend
    already. Compiled where it can be; otherwise non-negative values are sorted as plain integers, each with
    its index packed below it, so that no key function runs per item."""
    if native.speedups is not None:
        try:
            order = native.speedups.ascending_order(values)
        except OverflowError:  # a value past 64 bits (crafted input): Python sorts it
            pass
        else:
            return None if order is None else array("q", order)
    if all(map(le, values, islice(values, 1, None))):
        return None
    if min(values) < 0:
        return sorted(range(len(values)), key=values.__getitem__)
    shift = len(values).bit_length()
    keys = sorted(map(add, map(lshift, values, repeat(shift)), range(len(values))))
    return list(map(and_, keys, repeat((1 << shift) - 1)))


def reordered(column: list[T], order: Sequence[int]) -> list[T]:
    """`column` in the order `ascending_order` gave (an int64 array stays one)."""
    if isinstance(column, array):
        if native.speedups is not None and column.typecode == "q":
            return array("q", native.speedups.take_int64(column, order))
        return array(column.typecode, map(column.__getitem__, order))
    if native.speedups is not None:
        return native.speedups.take(column, order)
    return list(map(column.__getitem__, order))
