"""The file bytes of Go's type metadata each package owns: its types' descriptors, the names only its
types use, the itabs of its types, and their typelinks and itablinks entries. Names several packages'
types use, and literal or predeclared types, are shared (package None)."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import defaultdict
from typing import cast

from gowasm_inspect.golang.function_data import Intervals, Owner
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.region_names import UNLABELLED
from gowasm_inspect.golang.regions import Span
from gowasm_inspect.golang.types import TypeTable
from gowasm_inspect.wasm import native

TypeSpans = tuple[list[int], list[int], list[str]]  # starts, ends, owning package ("" when shared)


def type_spans(table: TypeTable) -> TypeSpans:
    """Each descriptor, name, itab and link as a span of memory with the package that owns it. Made apart
    from the regions they lie in, so that the types can be read before the regions are known."""
    starts: list[int] = []
    ends: list[int] = []
    owners: list[str] = []

    def add(start: int, size: int, package: str | None) -> None:
        starts.append(start)
        ends.append(start + size)
        owners.append(package or "")

    users: dict[int, set[str | None]] = defaultdict(set)
    for descriptor in table.descriptors.values():
        add(descriptor.address, descriptor.size, descriptor.package)
        for name in descriptor.names:
            users[name].add(descriptor.package)
    for name, size in table.names.items():
        packages = users[name]
        add(name, size, next(iter(packages)) if len(packages) == 1 else None)
    for address, (size, package) in [*table.itabs.items(), *table.links.items()]:
        add(address, size, package)
    return starts, ends, owners


def type_data(image: MemoryImage, spans: TypeSpans, pieces: list[Span]) -> dict[tuple[str, str | None], int]:
    """(region, package or None) -> file bytes; each span in the region of memory it lies in."""
    starts, ends, owners = spans
    intervals = Intervals.of_columns(starts, ends, _regions(starts, pieces), cast(list[Owner], list(owners)))
    # every owner is a package's name ("" when shared): summed by package and region (in C where it is built)
    by_package = intervals.totals(image, {}, []).by_package
    return {(region, package or None): size for package, sizes in by_package.items() for region, size in sizes.items()}


def _regions(addresses: list[int], pieces: list[Span]) -> list[str]:
    """The name of the piece (ascending, apart) each address lies in, or UNLABELLED; in C where it is built."""
    if native.speedups is not None:
        names = [*(piece.name for piece in pieces), UNLABELLED]  # [-1]: in no piece
        try:
            positions = native.speedups.item_positions([piece.start for piece in pieces],
                                                       [piece.end for piece in pieces], addresses, False)
        except OverflowError:  # an address past 64 bits (crafted input): found below
            pass
        else:
            return list(map(names.__getitem__, array("q", positions)))
    piece_starts = [piece.start for piece in pieces]

    def region_of(address: int) -> str:
        at = bisect_right(piece_starts, address) - 1
        return pieces[at].name if at >= 0 and address < pieces[at].end else UNLABELLED

    return list(map(region_of, addresses))
