"""pcHeader, the head of Go's pclntab, and the firstmoduledata that confirms it.

A header is searched for by its first bytes (magic, two zero pads, minLC, ptrSize)
and checked for sane counts and offsets; firstmoduledata begins with a pointer to
it, then a slice of each of its five tables, which is how a hit is confirmed.
"""

from __future__ import annotations

import struct

from msgspec import Struct

from gowasm_inspect.golang.memory import MemoryImage

MAGICS = {0xFFFFFFF1: "go1.20+", 0xFFFFFFF0: "go1.18-1.19"}
# Layouts this reader does not know, recognised so that such a binary is called Go, of its releases.
OLDER_MAGICS = {0xFFFFFFFA: "Go 1.16-1.17", 0xFFFFFFFB: "Go 1.2-1.15"}
POINTER_SIZE = 8  # GOARCH=wasm has 64-bit pointers
MIN_LC = 1  # the pc quantum Go records for wasm
# magic, two zero pads, minLC, ptrSize, nfunc, nfiles, textStart, then five table offsets
_HEADER = struct.Struct("<IBBBBqQQQQQQQ")
_HEADER_MARKER = struct.Struct("<IBBBB")  # what a search for a header looks for
_MAGIC = struct.Struct("<I")
_TABLE_COUNT = 5  # funcnametab, cutab, filetab, pctab, pclntable: in pcHeader and in moduledata
_SLICE = struct.Struct("<QQQ")  # a Go slice: pointer, length, capacity
_POINTER = struct.Struct("<Q")
_FUNCTAB_ENTRY = struct.Struct("<II")  # entryoff, funcoff
_MAX_FUNCTIONS = 10_000_000


def header_marker(magic: int) -> bytes:
    """The first bytes of a pcHeader with this magic, as a search pattern."""
    return _HEADER_MARKER.pack(magic, 0, 0, MIN_LC, POINTER_SIZE)


def header_candidates(image: MemoryImage) -> dict[int, list[int]]:
    """Magic -> addresses, ascending, of the aligned words that begin like a pcHeader with that magic
    (every magic Go used differs from the others only in its lowest byte: one pass finds them all)."""
    found: dict[int, list[int]] = {}
    for address in image.aligned_words(int.from_bytes(header_marker(0xFFFFFFFF), "little"), free_low_bytes=1):
        found.setdefault(_MAGIC.unpack_from(image.data, address - image.base)[0], []).append(address)
    return found


class PcHeader(Struct, frozen=True):
    address: int
    magic: int
    nfunc: int
    nfiles: int
    text_start: int
    funcname_offset: int
    cu_offset: int
    filetab_offset: int
    pctab_offset: int
    pcln_offset: int


def read_header(image: MemoryImage, address: int) -> PcHeader | None:
    if not image.contains(address, _HEADER.size):
        return None
    magic, pad1, pad2, min_lc, ptr_size, *rest = _HEADER.unpack_from(image.data, address - image.base)
    header = PcHeader(address, magic, *rest)
    if magic not in MAGICS or (pad1, pad2, min_lc, ptr_size) != (0, 0, MIN_LC, POINTER_SIZE):
        return None
    offsets = _table_offsets(header)
    if not 0 < header.nfunc <= _MAX_FUNCTIONS or offsets != sorted(offsets):
        return None
    if not image.contains(address + header.pcln_offset, (header.nfunc + 1) * _FUNCTAB_ENTRY.size):
        return None
    return header


def _table_offsets(header: PcHeader) -> list[int]:
    return [header.funcname_offset, header.cu_offset, header.filetab_offset, header.pctab_offset,
            header.pcln_offset]


def confirming_moduledata(image: MemoryImage, header: PcHeader, pointers: list[int]) -> tuple[int, int] | None:
    """(moduledata address, end of pclntable) for a moduledata that points back at `header`, among the
    `pointers` to it.

    firstmoduledata begins with a pointer to pcHeader, then a slice of each of its tables."""
    offsets = _table_offsets(header)
    for candidate in pointers:
        slices_at = candidate + _POINTER.size
        if not image.contains(slices_at, _TABLE_COUNT * _SLICE.size):
            continue
        slices = [_SLICE.unpack_from(image.data, slices_at - image.base + i * _SLICE.size)
                  for i in range(_TABLE_COUNT)]
        if all(pointer == header.address + offset for (pointer, _, _), offset in zip(slices, offsets, strict=True)):
            pointer, length, _ = slices[-1]  # pclntable
            if image.contains(pointer, length):
                return candidate, pointer + length
    return None
