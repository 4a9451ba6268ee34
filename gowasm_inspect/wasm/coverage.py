"""Which bytes of linear memory a module's data segments initialise: what the file holds of each range.

Kept as columns (starts, ends, bytes before each range) rather than one tuple
per range: a Go build has up to 100,000 segments. Questions about many
points at once are answered by `map` over C functions (bisect, min, add), so no
Python code runs per point: the function tables of a large build ask about
hundreds of thousands.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, islice, repeat
from operator import add, le, sub

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.ordering import ascending_order


class Coverage:
    """Sorted, disjoint [start, end) ranges of memory that the file initialises."""

    def __init__(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Ranges [starts[i], ends[i]) in any order, none reversed; overlapping ones are merged (a byte
        written twice counts once). A range before every address, (-1, -1), comes first, so that every
        point has a range at or below it."""
        order = ascending_order(starts)
        if order is not None:
            starts, ends = list(map(starts.__getitem__, order)), list(map(ends.__getitem__, order))
        if all(map(le, ends, islice(starts, 1, None))):  # disjoint, as Go writes them: all in C
            starts, ends = [-1, *starts], [-1, *ends]
        else:
            starts, ends = _merged(starts, ends)
        before = list(accumulate(map(sub, ends, starts), initial=0))  # bytes in the ranges before range j
        self.total = before.pop()
        self.starts: Sequence[int] = starts  # a list: bisect runs far faster on it than on an array
        # for _covered_below, indexed by j + 1 where range j starts at or below a point (arrays: a list of
        # 100,000 ints would hold 3 MB more)
        self._shift = array("q", [0, *map(sub, starts, before)])
        self._upto = array("q", [0, *before[1:], self.total])
        self._start_column = array("q", starts) if native.speedups is not None else None  # for the compiled queries

    @classmethod
    def of_sizes(cls, starts: Sequence[int], sizes: Sequence[int]) -> Coverage:
        """Ranges [starts[i], starts[i] + sizes[i]); when they ascend disjoint, as Go's segments sorted by
        address do, the columns are made in C."""
        columns = native.speedups.coverage_columns(starts, sizes) if native.speedups is not None else None
        if columns is None:
            return cls(starts, list(map(add, starts, sizes)))
        coverage = cls.__new__(cls)
        range_starts, shift, upto, coverage.total = columns
        # one array serves the compiled queries and (rarely: a value past 62 bits) bisect, in place of a list
        # that would hold 3.6 MB more for Go's 100,000 segments
        coverage._start_column = array("q", range_starts)
        coverage.starts = coverage._start_column
        coverage._shift, coverage._upto = array("q", shift), array("q", upto)
        return coverage

    def _covered_below(self, points: Sequence[int]) -> Iterator[int]:
        """Inside range j, the point less the range's start plus what came before it (`_shift[j]`); past
        its end, all up to the next range (`before[j + 1]`). Lazy: a caller of many points holds no list of
        the results."""
        at = list(map(bisect_right, repeat(self.starts), points))  # j + 1
        inside = map(sub, points, map(self._shift.__getitem__, at))
        return map(min, inside, map(self._upto.__getitem__, at))

    def file_bytes(self, starts: Sequence[int], ends: Sequence[int], overlapping: bool = False) -> list[int]:
        """Initialised bytes in each [starts[i], ends[i]) (0 for an empty or reversed one). `overlapping`:
        the spans come in ascending order of start, and each counts only past the furthest end before it
        (so a byte in several counts once, in the first)."""
        if native.speedups is not None and self._start_column is not None:
            try:
                sizes = native.speedups.covered_spans(self._start_column, self._shift, self._upto, starts, ends, overlapping)
            except OverflowError:  # an address past 62 bits (crafted input): answered below
                pass
            else:
                return array("q", sizes).tolist()
        if overlapping:
            starts = list(map(max, starts, chain((-1,), accumulate(ends, max))))
        return list(map(max, map(sub, self._covered_below(ends), self._covered_below(starts)), repeat(0)))

def _merged(starts: Sequence[int], ends: Sequence[int]) -> tuple[list[int], list[int]]:
    """Ranges sorted by start, overlapping ones joined; the range before every address first."""
    merged_starts, merged_ends = [-1], [-1]
    for start, end in zip(starts, ends, strict=True):
        if start < merged_ends[-1]:
            merged_ends[-1] = max(merged_ends[-1], end)
        else:
            merged_starts.append(start)
            merged_ends.append(end)
    return merged_starts, merged_ends
