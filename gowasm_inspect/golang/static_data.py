"""Strings, constant tables and variables, owned by the functions whose code uses them.

Go's code reaches static data by pushing its address (`i64.const`, or `i32.const`
for a store's base); static data reaches more through pointers (a table of
strings points at each string). So every address a body pushes, and every
address an aligned word of data points at, that lies in rodata, noptrdata or
data starts an item, which runs to the next such address or the region's end.
An item belongs to the functions whose code pushes its address, and to the
owners of the items that point at it, transitively: one function alone, or
several (their package's when they share one). Bytes
before a region's first item, and items nothing owned leads to, stay with their
region, unattributed. Type metadata is left to the type walk: in Go 1.18-1.26,
where types and rodata form one region, the types' bounds cut it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import compress, repeat
from operator import is_not
from typing import cast

from gowasm_inspect.golang.function_data import Intervals, Owner, owner_of, owners_by_key
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.regions import Span
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.constants import BodyConstants

STATIC_REGIONS = ("rodata", "noptrdata", "data", "types+rodata")
# Where aligned words are read as pointers: variables and static tables (noptrdata has none by
# definition; type descriptors mix pointers with hashes and offsets that would read as false ones).
POINTER_HOLDERS = ("rodata", "data", "types+rodata")
_PROPAGATION_BUDGET = 4_000_000  # owner sets merged, at most: a crafted pointer web stops here


def static_pieces(pieces: list[Span], types: tuple[int, int]) -> list[Span]:
    """The pieces holding static data, in address order, with the type metadata cut out."""
    found = []
    for piece in pieces:
        if piece.name not in STATIC_REGIONS:
            continue
        low, high = max(piece.start, types[0]), min(piece.end, types[1])
        if low >= high:
            found.append(piece)
            continue
        found += [span for span in (Span(piece.name, piece.start, low), Span(piece.name, high, piece.end))
                  if span.start < span.end]
    return found


def pointers_into(image: MemoryImage, holders: Iterable[Span], low: int, high: int) -> list[tuple[int, int]]:
    """(address, value) of each aligned 8-byte word in `holders` whose value lies in [low, high)."""
    found: list[tuple[int, int]] = []
    for span in holders:
        start = (max(span.start, image.base) + 7) & ~7
        end = min(span.end, image.end) & ~7
        if start >= end:
            continue
        if native.speedups is not None and 0 <= low <= high < 1 << 63:
            addresses, values = native.speedups.words_between(image.data, start - image.base, (end - start) // 8,
                                                               start, low, high)
            found += zip(array("q", addresses), array("q", values), strict=True)
            continue
        words = memoryview(image.data)[start - image.base : end - image.base].cast("Q")
        found += [(start + 8 * number, word) for number, word in enumerate(words) if low <= word < high]
    return found


class Items:
    """Pieces cut at every address given (code or data points at), each item running to the next cut or
    its piece's end: item k is [starts[k], ends[k]) in the piece named regions[k]. Pieces in address
    order."""

    def __init__(self, pieces: list[Span], addresses: list[int]) -> None:
        if native.speedups is not None:
            ids: dict[str, int] = {}
            starts, ends, which = native.speedups.cut_items(
                [piece.start for piece in pieces], [piece.end for piece in pieces],
                [ids.setdefault(piece.name, len(ids)) for piece in pieces], addresses)
            self.starts, self.ends = array("q", starts).tolist(), array("q", ends).tolist()
            self.regions = [pieces[at].name for at in array("q", which)]
            return
        piece_starts = [piece.start for piece in pieces]
        self.starts, self.ends, self.regions = [], [], []
        for address in sorted(set(addresses)):
            at = bisect_right(piece_starts, address) - 1
            if at < 0 or address >= pieces[at].end:
                continue  # in a gap between static pieces: type metadata or a table
            if self.ends and self.regions[-1] == pieces[at].name and self.ends[-1] > address:
                self.ends[-1] = address
            self.starts.append(address)
            self.ends.append(pieces[at].end)
            self.regions.append(pieces[at].name)

    def links(self, pointers: list[tuple[int, int]]) -> tuple[Sequence[int], Sequence[int]]:
        """For each pointer, the item holding it and the item it points at the start of (-1: none), as two
        columns."""
        if native.speedups is not None:
            sources = array("q", native.speedups.item_positions(self.starts, self.ends,
                                                                [address for address, _ in pointers], False))
            targets = array("q", native.speedups.item_positions(self.starts, self.ends,
                                                                [value for _, value in pointers], True))
            return sources, targets
        number = {start: number for number, start in enumerate(self.starts)}
        holding = [self._holding(address) for address, _ in pointers]
        return ([-1 if at is None else at for at in holding], [number.get(value, -1) for _, value in pointers])

    def _holding(self, address: int) -> int | None:
        at = bisect_right(self.starts, address) - 1
        return at if at >= 0 and address < self.ends[at] else None


def static_intervals(constants: BodyConstants, pieces: list[Span], pointers: list[tuple[int, int]]) -> Intervals:
    """Each item, owned by the functions (wasm indices) that lead to it; `pointers` as `pointers_into` gives
    them. Items no function leads to are left out."""
    if not pieces:
        return Intervals()
    # an int per address, a frozenset only for an address several functions use (a set each: 40 MB for
    # 100,000 strings); only the constants that lie in static data
    users = owners_by_key(constants.values, constants.functions, (pieces[0].start, pieces[-1].end))
    items = Items(pieces, [*users, *(value for _, value in pointers)])
    owners: list[_Users] = list(map(users.get, items.starts))
    _propagate(owners, *items.links(pointers))
    used = list(map(is_not, owners, repeat(None)))
    return Intervals.of_columns(list(compress(items.starts, used)), list(compress(items.ends, used)),
                                list(compress(items.regions, used)), cast(list[Owner], list(compress(owners, used))))


_Users = int | frozenset[int] | set[int] | None  # an item's owners: one function, several, or none yet


def _propagate(owners: list[_Users], sources: Sequence[int], targets: Sequence[int],
               budget: int = _PROPAGATION_BUDGET) -> None:
    """Along each link (sources[i] -> targets[i], items; -1 for none: no link) the target gains its source's
    owners, transitively (or until the budget is spent). The owners of the items links join are settled
    after: None for none, the function for one, a frozenset for several. The same steps in C where it is
    built."""
    if native.speedups is not None:
        native.speedups.propagate(owners, sources, targets, budget)
        return
    links = [(source, target) for source, target in zip(sources, targets, strict=True) if source >= 0 and target >= 0]
    _carry(owners, links, budget)
    for number, found in enumerate(owners):
        if isinstance(found, set):
            owners[number] = owner_of(found) if found else None


def _carry(owners: list[_Users], links: list[tuple[int, int]], budget: int) -> None:
    targets: dict[int, list[int]] = defaultdict(list)
    for source, target in links:
        if source != target:
            targets[source].append(target)
            for number in (source, target):
                found = owners[number]
                if not isinstance(found, set):
                    owners[number] = set() if found is None else {found} if isinstance(found, int) else set(found)
    pending = [number for number in targets if owners[number]]
    while pending:
        source = pending.pop()
        gained = cast(set[int], owners[source])
        for target in targets.get(source, ()):
            mine = cast(set[int], owners[target])
            if not gained <= mine:
                budget -= len(gained)
                if budget < 0:
                    return
                mine |= gained  # in place: each set is one item's alone
                pending.append(target)
