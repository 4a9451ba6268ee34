"""The regions of a Go program's linear memory, named, from the bounds firstmoduledata and pcHeader keep.

Exact regions have both ends recorded (or decoded); the containers rodata, noptrdata
and data take what lies in their bounds and no exact region claims. Bytes in
neither are `unlabelled`. Go 1.18-1.26 record no bound between type metadata and the
rest of rodata, so there the two are one region, `types+rodata`.
"""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.pcheader import PcHeader
from gowasm_inspect.golang.region_names import UNLABELLED


class Span(Struct, frozen=True):
    name: str
    start: int
    end: int


class RegionBounds(Struct, frozen=True):
    exact: list[Span]  # may not overlap; in any order
    containers: list[Span]


def findfunctab_size(minpc: int, maxpc: int) -> int:
    """A bucket (u32 index) per 4 KiB of pc, and a sub-bucket byte per 256 bytes."""
    span = max(0, maxpc - minpc)
    return 4 * -(-span // 4096) + -(-span // 256)


def go_region_bounds(header: PcHeader, pclntable_end: int, md: ModuleData, funcdata: tuple[int, int] | None,
                     modinfo: tuple[int, int] | None) -> RegionBounds:
    table = header.address
    exact = [
        Span("pcheader", table, table + header.funcname_offset),
        Span("funcnametab", table + header.funcname_offset, table + header.cu_offset),
        Span("cutab", table + header.cu_offset, table + header.filetab_offset),
        Span("filetab", table + header.filetab_offset, table + header.pctab_offset),
        Span("pctab", table + header.pctab_offset, table + header.pcln_offset),
        Span("functab", table + header.pcln_offset, pclntable_end),
        Span("findfunctab", md.findfunctab, md.findfunctab + findfunctab_size(md.minpc, md.maxpc)),
        Span("moduledata", *md.span),
    ]
    if md.epclntab is not None:  # Go 1.26 on: go:func.* lies in pclntab and ends where findfunctab starts
        exact.append(Span("funcdata", md.gofunc, md.findfunctab))
    elif funcdata is not None:
        exact.append(Span("funcdata", *funcdata))
    if modinfo is not None:
        exact.append(Span("modinfo", *modinfo))
    containers = [Span("noptrdata", *md.noptrdata), Span("data", *md.data)]
    if md.typedesc_end is not None and md.itabs is not None:
        exact += [Span("types", md.types[0], md.itabs[0]), Span("itabs", *md.itabs), Span("types", md.itabs[1], md.types[1]),
                  Span("funcdesc", md.types[1], md.address)]
        containers.append(Span("rodata", md.rodata, table))
    else:
        exact += [Span(name, *span) for name, span in (("typelinks", md.typelinks), ("itablinks", md.itablinks))
                  if span is not None]
        containers.append(Span("types+rodata", min(md.types[0], md.rodata), md.types[1]))
    return RegionBounds([span for span in exact if span.end > span.start], containers)


def tile(bounds: RegionBounds) -> list[Span]:
    """Pieces in address order that cover from the lowest bound to the highest with no gap: exact
    regions first (an overlapping one is clipped to what is left), then containers, then unlabelled."""
    pieces: list[Span] = []
    for span in sorted(bounds.exact, key=lambda s: (s.start, s.end)):
        start = max(span.start, pieces[-1].end) if pieces else span.start
        if start < span.end:
            pieces.append(Span(span.name, start, span.end))
    filled: list[Span] = []
    low = min([s.start for s in bounds.exact + bounds.containers], default=0)
    for piece in [*pieces, Span("", max([s.end for s in bounds.exact + bounds.containers], default=0), 0)]:
        if low < piece.start:
            filled += _gap(low, piece.start, bounds.containers)
        if piece.name:
            filled.append(piece)
        low = max(low, piece.end)
    return filled


def _gap(start: int, end: int, containers: list[Span]) -> list[Span]:
    """[start, end) split between the containers that cover it, the rest unlabelled."""
    out, at = [], start
    for container in sorted(containers, key=lambda s: s.start):
        lo, hi = max(at, container.start), min(end, container.end)
        if lo >= hi:
            continue
        if at < lo:
            out.append(Span(UNLABELLED, at, lo))
        out.append(Span(container.name, lo, hi))
        at = hi
    if at < end:
        out.append(Span(UNLABELLED, at, end))
    return out
