"""The file bytes of Go's type metadata each package owns: its types' descriptors, the names only its
types use, the itabs of its types, and their typelinks and itablinks entries. Names several packages'
types use, and literal or predeclared types, are shared (package None)."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict

from gowasm_inspect.golang.function_data import Intervals
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.region_names import UNLABELLED
from gowasm_inspect.golang.regions import Span
from gowasm_inspect.golang.types import TypeTable


def type_data(image: MemoryImage, table: TypeTable, pieces: list[Span]) -> dict[tuple[str, str | None], int]:
    """(region, package or None) -> file bytes; each range in the region of memory it lies in."""
    starts = [piece.start for piece in pieces]

    def region_of(address: int) -> str:
        at = bisect_right(starts, address) - 1
        return pieces[at].name if at >= 0 and address < pieces[at].end else UNLABELLED

    users: dict[int, set[str | None]] = defaultdict(set)
    intervals = Intervals()
    for descriptor in table.descriptors.values():
        intervals.add(descriptor.address, descriptor.address + descriptor.size, region_of(descriptor.address),
                      descriptor.package or "")
        for name in descriptor.names:
            users[name].add(descriptor.package)
    for name, size in table.names.items():
        packages = users[name]
        only = next(iter(packages)) if len(packages) == 1 else None
        intervals.add(name, name + size, region_of(name), only or "")
    for address, (size, package) in [*table.itabs.items(), *table.links.items()]:
        intervals.add(address, address + size, region_of(address), package or "")
    found: dict[tuple[str, str | None], int] = defaultdict(int)
    for region, owner, size in intervals.file_bytes(image):
        found[(region, str(owner) or None)] += size
    return dict(found)
