"""Which bytes of linear memory a module's data segments initialise: what the file holds of each range.

Kept as three arrays (starts, ends, bytes before each range) rather than one
tuple per range: a Go build has up to 100,000 segments.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable


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

    def file_bytes(self, ranges: Iterable[tuple[int, int]]) -> list[int]:
        """Initialised bytes in each of `ranges`, which ascend and do not overlap: one walk along the
        coverage serves them all (it runs for every table span of every function, so it is one loop)."""
        starts, ends, before, last = self.starts, self.ends, self.before, len(self.starts) - 1
        at, found = -1, []
        for start, end in ranges:
            while at < last and starts[at + 1] <= start:
                at += 1
            low = 0 if at < 0 else before[at] + min(start, ends[at]) - starts[at]
            while at < last and starts[at + 1] <= end:
                at += 1
            found.append((0 if at < 0 else before[at] + min(end, ends[at]) - starts[at]) - low)
        return found
