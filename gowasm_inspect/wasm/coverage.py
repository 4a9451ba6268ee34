"""Which bytes of linear memory a module's data segments initialise: what the file holds of each range.

Kept as three arrays (starts, ends, bytes before each range) rather than one
tuple per range: a Go build has up to 100,000 segments. Questions about many
points at once are answered by `map` over C functions (bisect, min, add), so no
Python code runs per point: the function tables of a large build ask about
hundreds of thousands.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate, islice, repeat
from operator import le, sub


class Coverage:
    """Sorted, disjoint [start, end) ranges of memory that the file initialises."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Ranges [starts[i], ends[i]) in any order, none reversed; overlapping ones are merged (a byte
        written twice counts once). A range before every address, (-1, -1), comes first, so that every
        point has a range at or below it."""
        if not all(map(le, starts, islice(starts, 1, None))):
            order = sorted(range(len(starts)), key=starts.__getitem__)
            starts, ends = list(map(starts.__getitem__, order)), list(map(ends.__getitem__, order))
        self.starts, self.ends, self.before = array("q", [-1]), array("q", [-1]), array("q", [0])
        if all(map(le, ends, islice(starts, 1, None))):  # disjoint, as Go writes them: all in C
            self.starts.extend(starts)
            self.ends.extend(ends)
            self.before.extend(accumulate(map(sub, ends, starts), initial=0))
            self.total = self.before.pop()
        else:
            self._merge(starts, ends)
        # for covered_below, indexed by j + 1 where range j starts at or below a point
        self._search = self.starts.tolist()  # bisect runs far faster on a list than on an array
        self._shift = array("q", [0, *map(sub, self.starts, self.before)])
        self._upto = array("q", [0, *self.before[1:], self.total])

    def _merge(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        last_end, total = -1, 0
        for start, end in zip(starts, ends, strict=True):
            if start < last_end:
                if end > last_end:
                    self.ends[-1] = end
                    total += end - last_end
                    last_end = end
            else:
                self.before.append(total)
                self.starts.append(start)
                self.ends.append(end)
                total += end - start
                last_end = end
        self.total = total

    @classmethod
    def of_ranges(cls, ranges: Iterable[tuple[int, int]]) -> Coverage:
        pairs = list(ranges)
        return cls([start for start, _ in pairs], [end for _, end in pairs])

    def covered_below(self, points: Sequence[int]) -> list[int]:
        """Initialised bytes below each point: inside range j, the point less the range's start plus what
        came before it (`_shift[j]`); past its end, all up to the next range (`before[j + 1]`)."""
        at = list(map(bisect_right, repeat(self._search), points))  # j + 1
        inside = map(sub, points, map(self._shift.__getitem__, at))
        return list(map(min, inside, map(self._upto.__getitem__, at)))

    def file_bytes(self, starts: Sequence[int], ends: Sequence[int]) -> list[int]:
        """Initialised bytes in each [starts[i], ends[i]) (0 for an empty or reversed one)."""
        return list(map(max, map(sub, self.covered_below(ends), self.covered_below(starts)), repeat(0)))
