"""runtime.firstmoduledata: the bounds Go itself keeps of its tables, in each release's layout.

The struct (runtime/symtab.go) starts the same from Go 1.18 to 1.27: pcHeader,
six slices (funcnametab, cutab, filetab, pctab, pclntable, ftab), findfunctab,
minpc, maxpc, then the section bounds text..enoptrbss. After that it changed:

    1.18-1.19  end gcdata gcbss types etypes rodata gofunc textsectmap typelinks itablinks ...
    1.20-1.25  covctrs ecovctrs, then as above (1.21 adds inittasks after pkghashes; 1.23 moves
               `bad` up beside `hasmain`, 8 bytes less)
    1.26       ... gofunc epclntab textsectmap typelinks ... (go:func.* moved into pclntab)
    1.27       ... types typedesclen etypes itaboffset itabsize rodata gofunc epclntab textsectmap
               (no typelinks/itablinks: type descriptors are laid out one after another)

The layout is recognised from the values (only the right one has ordered bounds),
with the Go version breaking the ties (1.20, 1.21 and 1.23 differ only past itablinks).
"""

from __future__ import annotations

import struct

from msgspec import Struct

from gowasm_inspect.golang.memory import MemoryImage

_WORD = struct.Struct("<Q")
_SLICE = struct.Struct("<QQ")  # pointer, length (the capacity is not needed)
_SECTION_BOUNDS_AT = 176  # text: after pcHeader, six slices, findfunctab, minpc, maxpc
_TABLE_SLICES = 6  # funcnametab, cutab, filetab, pctab, pclntable, ftab: pointer, length, capacity each
# The image spans the non-zero bytes the linker wrote; the bounds it records may lie in the zeros around.
_ZEROS_AROUND = 1 << 20


class Layout(Struct, frozen=True):
    name: str
    types_at: int  # offset of the `types` field
    typedesc: bool  # types, typedesclen, etypes, itaboffset, itabsize (Go 1.27)
    links_at: int | None  # offset of typelinks (then itablinks), when the layout has them
    size: int  # of the whole struct
    epclntab: bool = False  # types, etypes, rodata, gofunc, epclntab (Go 1.26)


# Sizes: 1.21, 1.24, 1.26 and 1.27 measured against the linker's symbol table; the others summed from
# runtime/symtab.go of those releases.
GO_1_27 = Layout("go1.27", 296, True, None, 568)
GO_1_26 = Layout("go1.26", 296, False, 360, 592, epclntab=True)
GO_1_23 = Layout("go1.23-1.25", 296, False, 352, 584)
GO_1_21 = Layout("go1.21-1.22", 296, False, 352, 592)
GO_1_20 = Layout("go1.20", 296, False, 352, 568)
GO_1_18 = Layout("go1.18-1.19", 280, False, 336, 552)


class ModuleData(Struct, frozen=True):
    address: int
    layout: Layout
    findfunctab: int
    minpc: int
    maxpc: int
    noptrdata: tuple[int, int]
    data: tuple[int, int]
    types: tuple[int, int]
    typedesc_end: int | None  # Go 1.27: the type descriptors end here, itabs and the rest follow
    itabs: tuple[int, int] | None  # Go 1.27
    rodata: int
    gofunc: int
    epclntab: int | None  # Go 1.26 on
    typelinks: tuple[int, int] | None  # memory span, before Go 1.27
    itablinks: tuple[int, int] | None
    variables: tuple[int, int] = (0, 0)  # bss .. enoptrbss: the zeroed variables, not in the file

    @property
    def span(self) -> tuple[int, int]:
        return self.address, self.address + self.layout.size

    def counts(self) -> list[int]:
        """The addresses of the words that hold lengths, not addresses: the six tables' slice lengths and
        capacities, and from Go 1.27 typedesclen, itaboffset and itabsize (a length can equal an address)."""
        words = [8 + 24 * table + field for table in range(_TABLE_SLICES) for field in (8, 16)]
        if self.layout.typedesc:
            words += [self.layout.types_at + 8, self.layout.types_at + 24, self.layout.types_at + 32]
        return [self.address + offset for offset in words]


def _words(image: MemoryImage, address: int, count: int) -> list[int]:
    at = address - image.base
    return [_WORD.unpack_from(image.data, at + 8 * i)[0] for i in range(count)]


def _read(image: MemoryImage, address: int, layout: Layout) -> ModuleData | None:
    if not image.contains(address, layout.size):
        return None
    findfunctab, minpc, maxpc = _words(image, address + 152, 3)
    _, _, noptrdata, enoptrdata, data, edata, bss, _, _, enoptrbss = _words(image, address + _SECTION_BOUNDS_AT, 10)
    typedesc_end: int | None = None
    itabs: tuple[int, int] | None = None
    epclntab: int | None = None
    if layout.typedesc:
        types, typedesclen, etypes, itaboffset, itabsize, rodata, gofunc, epclntab = _words(
            image, address + layout.types_at, 8)
        typedesc_end, itabs = types + typedesclen, (types + itaboffset, types + itaboffset + itabsize)
        links = None
    else:
        types, etypes, rodata, gofunc, after = _words(image, address + layout.types_at, 5)
        epclntab = after if layout.epclntab else None
        links = layout.links_at
    typelinks = itablinks = None
    if links is not None:
        (typelinks_at, typelinks_len), (itablinks_at, itablinks_len) = (
            _SLICE.unpack_from(image.data, address + links + 24 * i - image.base) for i in range(2))
        typelinks = (typelinks_at, typelinks_at + 4 * typelinks_len)
        itablinks = (itablinks_at, itablinks_at + 8 * itablinks_len)
    found = ModuleData(address, layout, findfunctab, minpc, maxpc, (noptrdata, enoptrdata), (data, edata),
                       (types, etypes), typedesc_end, itabs, rodata, gofunc, epclntab, typelinks, itablinks,
                       (bss, enoptrbss) if edata <= bss <= enoptrbss else (0, 0))
    return found if _consistent(image, found) else None


def _consistent(image: MemoryImage, found: ModuleData) -> bool:
    """Bounds in order and inside the image: what only the right layout yields."""
    spans = [found.noptrdata, found.data, found.types]
    spans += [span for span in (found.itabs, found.typelinks, found.itablinks) if span is not None]
    low, high = image.base - _ZEROS_AROUND, image.end + _ZEROS_AROUND
    if any(not (low <= start <= end <= high) for start, end in spans):
        return False
    inside = [found.findfunctab, found.rodata, found.gofunc]
    if found.typedesc_end is not None and not found.types[0] <= found.typedesc_end <= found.types[1]:
        return False
    if found.epclntab is not None and not found.findfunctab <= found.epclntab <= high:
        return False
    return found.minpc <= found.maxpc and all(low <= address <= high for address in inside)


def read_moduledata(image: MemoryImage, address: int, go_version: str | None) -> ModuleData | None:
    """firstmoduledata at `address` in the first layout that reads consistently, or None."""
    for layout in _candidates(image, address, go_version):
        found = _read(image, address, layout)
        if found is not None:
            return found
    return None


def _candidates(image: MemoryImage, address: int, go_version: str | None) -> list[Layout]:
    """Layouts to try, the one the version names first."""
    minor = go_minor(go_version)
    if minor is not None:
        named = (GO_1_18 if minor <= 19 else GO_1_20 if minor == 20 else GO_1_21 if minor <= 22
                 else GO_1_23 if minor <= 25 else GO_1_26 if minor == 26 else GO_1_27)
        return [named, *(layout for layout in _ALL if layout is not named)]
    # no version: 1.21+ has the inittasks slice (never empty) where 1.20 has the empty modulename; 1.23 is
    # taken for 1.21-1.25, which differ only in the struct's last 8 bytes
    later = GO_1_23 if image.contains(address + 464, 16) and _words(image, address + 472, 1)[0] else GO_1_20
    return [GO_1_27, GO_1_26, later, GO_1_18]


_ALL = [GO_1_27, GO_1_26, GO_1_23, GO_1_21, GO_1_20, GO_1_18]


def go_minor(go_version: str | None) -> int | None:
    if not go_version or not go_version.startswith("go1."):
        return None
    digits = go_version[4:].split(".")[0].split(" ")[0]
    return int(digits) if digits.isdigit() and len(digits) <= 3 else None
