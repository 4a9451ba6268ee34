"""Which bytes of linear memory a module's data segments initialise: what the file holds of each range.

Kept as three arrays (starts, ends, bytes before each range) rather than one
tuple per range: a Go build has up to 100,000 segments.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable


class Coverage:
    """Sorted, disjoint [start, end) ranges of memory that the file initialises."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        """`ranges` in any order; overlapping or touching ones are merged (a byte written twice counts once)."""
        self.starts, self.ends, self.before = array("q"), array("q"), array("q", [0])
        for start, end in sorted(ranges):
            if self.ends and start <= self.ends[-1]:
                if end > self.ends[-1]:
                    self.before[-1] += end - self.ends[-1]
                    self.ends[-1] = end
            elif end > start:
                self.starts.append(start)
                self.ends.append(end)
                self.before.append(self.before[-1] + end - start)

    def walker(self) -> Callable[[int], int]:
        """`below` for addresses asked in ascending order, in one walk along the ranges."""
        starts, ends, before, last = self.starts, self.ends, self.before, len(self.starts) - 1
        at = -1

        def below(address: int) -> int:
            nonlocal at
            while at < last and starts[at + 1] <= address:
                at += 1
            return 0 if at < 0 else before[at] + min(address, ends[at]) - starts[at]

        return below
