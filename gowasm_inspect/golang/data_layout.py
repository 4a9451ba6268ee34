"""Every byte of the data section, in one named region: Go's tables, its data, the wasm framing.

File bytes are what the section spends on a region (Go drops runs of zero bytes,
so memory spans are larger); together with the framing they add up to the
section exactly. Go's linker writes at most 100,000 segments; once it reaches
that, it writes zero runs out instead of dropping them, and how many bytes that
costs is reported.
"""

from __future__ import annotations

from msgspec import Struct, field

from gowasm_inspect.golang.buildinfo import modinfo_span
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.pclntab import PclntabLocation
from gowasm_inspect.golang.region_names import FRAMING, UNLABELLED
from gowasm_inspect.golang.regions import RegionBounds, Span, go_region_bounds, tile
from gowasm_inspect.wasm.module import WasmModule

GO_SEGMENT_CAP = 100_000  # cmd/link/internal/wasm: maxNumSegments


class Region(Struct, frozen=True):
    name: str
    size: int  # bytes in the file
    memory: int  # bytes of linear memory it spans (framing: 0)


class DataLayout(Struct):
    regions: list[Region]  # in first-address order, framing first; sizes add up to the section
    pieces: list[Span] = field(default_factory=list)  # the address ranges behind the regions
    warnings: list[str] = field(default_factory=list)


def read_data_layout(module: WasmModule, image: MemoryImage | None, pclntab: PclntabLocation | None,
                     moduledata: ModuleData | None, funcdata_span: tuple[int, int] | None) -> DataLayout | None:
    """`funcdata_span`: where go:func.*'s items lie, needed where moduledata does not bound it (before Go 1.26)."""
    data, section = module.data, module.section("data")
    if data is None or section is None:
        return None
    warnings = []
    if image is None or pclntab is None or moduledata is None:
        bounds = RegionBounds([], [])
        if pclntab is not None:
            warnings.append("runtime.firstmoduledata could not be read in any known layout: "
                            "the data section is shown unlabelled")
    else:
        bounds = go_region_bounds(pclntab.header, pclntab.end, moduledata, funcdata_span,
                                  modinfo_span(image))
    pieces = tile(bounds)
    cuts = [piece.start for piece in pieces] + ([pieces[-1].end] if pieces else [])
    inside = image.file_bytes_between(cuts) if image is not None else []
    outside = data.contents_size - sum(inside)  # not in any piece, or written twice by overlapping segments
    sizes: dict[str, list[int]] = {FRAMING: [section.header_size + data.framing_size, 0]}
    for piece, size in zip(pieces, inside, strict=True):
        totals = sizes.setdefault(piece.name, [0, 0])
        totals[0] += size
        totals[1] += piece.end - piece.start
    if outside:
        sizes.setdefault(UNLABELLED, [0, 0])[0] += outside
    return DataLayout([Region(name, size, memory) for name, (size, memory) in sizes.items()], pieces, warnings)


def add_segment_cap_warning(layout: DataLayout, module: WasmModule) -> None:
    """When the linker stopped at its segment cap, how many zeros it wrote that it would have dropped (a
    pass over the whole section: made once other cores have work)."""
    if module.data is not None and len(module.data.segments) >= GO_SEGMENT_CAP:
        layout.warnings.append(f"the linker reached its cap of {GO_SEGMENT_CAP:,} data segments, so it wrote "
                               f"{module.data.zeros_kept():,} bytes of zeros it would otherwise have dropped")
