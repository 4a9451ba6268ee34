"""The layout of Go's type descriptors in linear memory, and a bounded reader of them.

abi.Type is 48 bytes on GOARCH=wasm from Go 1.18 to 1.27 (runtime._type before 1.21, the same
fields); each kind adds its own fields, of which only the map's changed size between releases.
"""

from __future__ import annotations

import struct

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.wasm.reader import scan_leb128

HEADER = 48
KIND_MASK = 0x1F
ARRAY, CHAN, FUNC, INTERFACE, MAP, POINTER, SLICE, STRUCT = 17, 18, 19, 20, 21, 22, 23, 25
LAST_KIND = 26
UNCOMMON_FLAG = 1
UNCOMMON = 16  # pkgPath nameOff, mcount, xcount, moff, unused
METHOD = 16  # name nameOff, mtyp typeOff, ifn, tfn
IMETHOD = 8  # name nameOff, typ typeOff
FIELD = 24  # name (pointer to a name), typ, offset
VARIADIC = 0x8000
MAX_ITEMS = 1 << 16  # fields, methods or parameters of one type: Go allows far fewer
WORD = struct.Struct("<Q")
_U64, _I32, _U16 = WORD.unpack_from, struct.Struct("<i").unpack_from, struct.Struct("<H").unpack_from
MAX_PATH = 4096  # characters of a package path read from a name
SHAPES = "go.shape"  # the compiler's shape types of generic code (go.shape.int): no package's own
ITAB_HEADER = 24  # inter, type, hash and padding; then one function per interface method (at least one)


def map_size(go_minor: int | None) -> int:
    """abi.MapType: key, elem, bucket or group, hasher, then per release: three sizes and flags (to 1.23),
    three words and flags (swiss maps, 1.24-1.26), six words and flags (1.27)."""
    if go_minor is not None and go_minor >= 27:
        return HEADER + 10 * 8 + 8
    if go_minor is not None and go_minor >= 24:
        return HEADER + 7 * 8 + 8
    return HEADER + 4 * 8 + 8


def kind_sizes(go_minor: int | None) -> dict[int, int]:
    return {ARRAY: 72, CHAN: 64, FUNC: 56, INTERFACE: 80, MAP: map_size(go_minor), POINTER: 56,
            SLICE: 56, STRUCT: 80}


class TypeReader:
    def __init__(self, image: MemoryImage, moduledata: ModuleData, go_minor: int | None) -> None:
        self.image, self.data, self.base = image, image.data, image.base
        self.types, self.etypes = moduledata.types
        self.kind_sizes = kind_sizes(go_minor)
        self.kind_size_column = [self.kind_sizes.get(kind, HEADER) for kind in range(KIND_MASK + 1)]
        # items (fields, methods, parameters) read in all: a real table has fewer than one per 8 bytes of
        # the type range; damaged counts stop here rather than read the range over and over
        self.items_left = (self.etypes - self.types) // 8

    def items(self, start: int, count: int, size: int) -> int:
        """How many of `count` items of `size` bytes at `start` to read: those inside the type range, within
        what is left to read."""
        fits = max(0, (self.etypes - start) // size) if start >= self.types else 0
        count = max(0, min(count, fits, self.items_left))
        self.items_left -= count
        return count

    # the readers below run hundreds of thousands of times: bounds are checked against plain ints

    def word(self, address: int) -> int:
        at = address - self.base
        return _U64(self.data, at)[0] if 0 <= at <= len(self.data) - 8 else 0

    def int32(self, address: int) -> int:
        at = address - self.base
        return _I32(self.data, at)[0] if 0 <= at <= len(self.data) - 4 else 0

    def uint16(self, address: int) -> int:
        at = address - self.base
        return _U16(self.data, at)[0] if 0 <= at <= len(self.data) - 2 else 0

    def is_type(self, address: int) -> bool:
        at = address - self.base
        return (self.types <= address < self.etypes and address % 8 == 0 and 0 <= at <= len(self.data) - HEADER
                and 1 <= self.data[at + 23] & KIND_MASK <= LAST_KIND)

    def offset(self, value: int) -> int | None:
        """A nameOff or typeOff: from moduledata.types; 0 and -1 mean none."""
        return None if value in (0, -1) else self.types + value

    def name(self, address: int) -> tuple[int, str]:
        """(size, text) of the name at `address`: flags, uvarint length, bytes, [tag], [pkgPath nameOff]; the
        text only as far as a package path goes (the size is all most callers need)."""
        if not self.image.contains(address, 2):
            return 0, ""
        at, flags = address - self.base + 1, self.data[address - self.base]
        length, at = self._uvarint(at)
        text = self.data[at : at + min(length, MAX_PATH)].decode("utf-8", "replace")
        at += length
        if flags & 2:
            tag, at = self._uvarint(at)
            at += tag
        end = min(at + (4 if flags & 4 else 0), len(self.data))
        return max(0, end - (address - self.base)), text

    def _uvarint(self, at: int) -> tuple[int, int]:
        """A name's length or tag length (an unsigned LEB128, five bytes at most here), and what follows."""
        scanned = scan_leb128(self.data, at, min(len(self.data), at + 5))
        return (scanned[0], scanned[1]) if scanned else (0, min(len(self.data), at + 5))


