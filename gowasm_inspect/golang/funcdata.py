"""Funcdata: what each function's `_func` record points at in go:func.* (stack maps, argument info,
stack objects, inline trees, open-coded defer info), with each item's exact extent.

A `_func` record is a fixed header (40 bytes before Go 1.20, 44 from 1.20, whose pcHeader
magic is 0xfffffff1), then `npcdata` u32 pctab offsets, then `nfuncdata` u32 offsets from
moduledata.gofunc (0xffffffff: none). The linker writes each distinct item once, sorted by
decreasing alignment, so an item runs at most to the next one. Where its own header gives its
size it is decoded, so that alignment padding is not counted as the item's.
"""

from __future__ import annotations

import struct
from array import array
from bisect import bisect_right
from collections.abc import Callable, MutableSequence

from msgspec import Struct

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.pclntab import FUNC_RECORD_HEADER, NPCDATA_AT, Pclntab
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.reader import scan_leb128

_U32 = struct.Struct("<I")
_NO_FUNCDATA = 0xFFFFFFFF
_MAX_FUNCDATA = 255  # nfuncdata is a byte

ARGS_POINTER_MAPS, LOCALS_POINTER_MAPS, STACK_OBJECTS, INLINE_TREE, OPEN_CODED_DEFERS, ARG_INFO = range(6)
WRAP_INFO = 7
SLOT_NAMES = {ARGS_POINTER_MAPS: "args stack map", LOCALS_POINTER_MAPS: "locals stack map",
              STACK_OBJECTS: "stack objects", INLINE_TREE: "inline tree", OPEN_CODED_DEFERS: "open-coded defers",
              ARG_INFO: "argument info", WRAP_INFO: "wrapper info"}
_STACK_OBJECT_RECORD = 16  # off, size, ptrdata (int32 each), gcdata offset (uint32)
_INLINE_ENTRY = {0xFFFFFFF0: 20, 0xFFFFFFF1: 16}
_ARG_INFO_END, _ARG_INFO_SINGLE = 0xFF, (0xFE, 0xFD, 0xFC, 0xFB)  # end, start/end of aggregate, ..., too large
_MAX_ARG_INFO = 1024
_MAX_VARINT_BYTES = 10  # a uvarint of 64 bits
_MAX_DEFERS = 1 << 16
_PCDATA_INLINE_INDEX = 2  # PCDATA_InlTreeIndex: which inline tree entry each pc is in
_MAX_PCVALUE_PAIRS = 1 << 20


class FuncdataItem(Struct, frozen=True):
    address: int
    size: int
    slot: int  # the first slot any function refers to it from


class Funcdata(Struct):
    items: dict[int, FuncdataItem]  # by address
    by_function: list[list[int]]  # per pclntab function, the addresses of the items it refers to

    @property
    def span(self) -> tuple[int, int] | None:
        if not self.items:
            return None
        last = max(self.items)
        return min(self.items), last + self.items[last].size


_U32S = [struct.Struct(f"<{count}I") for count in range(256)]  # a function's funcdata offsets: a byte counts them


def _references(image: MemoryImage, pclntab: Pclntab, gofunc: int) -> tuple[list[list[int]], dict[int, int]]:
    header_size = FUNC_RECORD_HEADER[pclntab.header.magic]
    data, base = image.data, image.base
    low, high = base - gofunc, image.end - gofunc  # offsets whose item lies in the image
    if native.speedups is not None:
        records = [function.record - base for function in pclntab.functions]
        return native.speedups.funcdata_references(data, records, header_size, NPCDATA_AT, gofunc, low, high)
    by_function: list[list[int]] = []
    slots: dict[int, int] = {}
    for function in pclntab.functions:
        record = function.record - base
        if not 0 <= record <= len(data) - header_size:
            by_function.append([])
            continue
        (npcdata,) = _U32.unpack_from(data, record + NPCDATA_AT)
        count = data[record + header_size - 1]
        first = record + header_size + 4 * npcdata
        refs = []
        if npcdata <= len(data) and first + 4 * count <= len(data):
            for slot, offset in enumerate(_U32S[count].unpack_from(data, first)):
                if offset != _NO_FUNCDATA and low <= offset < high:
                    refs.append(gofunc + offset)
                    if gofunc + offset not in slots:
                        slots[gofunc + offset] = slot
        by_function.append(refs)
    return by_function, slots


def read_funcdata(image: MemoryImage, pclntab: Pclntab, gofunc: int, end: int | None, go_minor: int | None) -> Funcdata:
    """Every funcdata item of every function; `end`, where go:func.* is known to end (Go 1.26 on), bounds
    the last item, which is otherwise decoded."""
    by_function, slots = _references(image, pclntab, gofunc)
    starts = sorted(slots)
    decoders = _decoders(go_minor)
    followings = [*starts[1:], end][: len(starts)]
    numbers = list(map(slots.__getitem__, starts))
    compiled = _sizes_at_once(image, pclntab, starts, numbers, followings, go_minor)
    if compiled is not None:
        sizes: MutableSequence[int] = compiled
        if starts and followings[-1] is None:  # the last item, of unknown end
            sizes[-1] = _size(image, pclntab, by_function, starts[-1], numbers[-1], None, decoders)
    else:
        sizes = [_size(image, pclntab, by_function, address, slot, following, decoders)
                 for address, slot, following in zip(starts, numbers, followings, strict=True)]
    return Funcdata(dict(zip(starts, map(FuncdataItem, starts, sizes, numbers), strict=True)), by_function)


def wrapped_offsets(image: MemoryImage, pclntab: Pclntab, gofunc: int) -> list[tuple[int, int]]:
    """(pclntab function number, text offset) of each function whose wrapper info names the function it
    wraps (`go` and `defer` wrappers, Go 1.21 on)."""
    by_function, slots = _references(image, pclntab, gofunc)
    found = []
    for number, addresses in enumerate(by_function):
        for address in addresses:
            if slots[address] == WRAP_INFO and image.contains(address, 4):
                found.append((number, _U32.unpack_from(image.data, address - image.base)[0]))
    return found


def _sizes_at_once(image: MemoryImage, pclntab: Pclntab, starts: list[int], slots: list[int],
                   followings: list[int | None], go_minor: int | None) -> array[int] | None:
    """`_size` of every item with a known end, in C (-1 for the last when its end is unknown); None without
    the compiled scan, or for an address past 64 bits (crafted input)."""
    if native.speedups is None:
        return None
    defers_form = 22 if go_minor is not None and go_minor >= 22 else 21 if go_minor == 21 else 0
    try:
        addresses, ends = array("q", starts), array("q", [-1 if at is None else at for at in followings])
    except OverflowError:
        return None
    return array("q", native.speedups.funcdata_sizes(image.data, image.base, addresses, array("q", slots), ends,
                                                     defers_form, _INLINE_ENTRY[pclntab.header.magic]))


def funcdata_span(image: MemoryImage, pclntab: Pclntab, gofunc: int, end: int | None,
                  go_minor: int | None) -> tuple[int, int] | None:
    """`read_funcdata(...).span`, with only the last item decoded."""
    by_function, slots = _references(image, pclntab, gofunc)
    if not slots:
        return None
    first, last = min(slots), max(slots)
    return first, last + _size(image, pclntab, by_function, last, slots[last], end, _decoders(go_minor))


def _size(image: MemoryImage, pclntab: Pclntab, by_function: list[list[int]], address: int, slot: int,
          following: int | None, decoders: dict[int, Callable[[MemoryImage, int], int | None]]) -> int:
    """The size of the item at `address`, which runs at most to `following` (None: the last, of unknown end)."""
    decoded = decoders.get(slot, _unknown)(image, address)
    if following is None and slot == INLINE_TREE:
        owner = next(i for i, refs in enumerate(by_function) if address in refs)
        return _inline_tree_entries(image, pclntab, pclntab.functions[owner].record) * _INLINE_ENTRY[pclntab.header.magic]
    if following is None:
        return min(decoded or 0, image.end - address)  # a hostile header may claim any size
    if slot == INLINE_TREE:
        entry = _INLINE_ENTRY[pclntab.header.magic]
        return (following - address) // entry * entry
    return min(decoded, following - address) if decoded else following - address


def item_at(funcdata: Funcdata) -> Callable[[int], FuncdataItem | None]:
    """A lookup from an address to the item that holds it."""
    starts = sorted(funcdata.items)

    def find(address: int) -> FuncdataItem | None:
        at = bisect_right(starts, address) - 1
        item = funcdata.items[starts[at]] if at >= 0 else None
        return item if item and address < item.address + item.size else None

    return find


def _unknown(image: MemoryImage, address: int) -> int | None:
    return None


def _stack_map(image: MemoryImage, address: int) -> int | None:
    if not image.contains(address, 8):
        return None
    count, bits = struct.unpack_from("<ii", image.data, address - image.base)
    return 8 + count * ((bits + 7) // 8) if count >= 0 and bits >= 0 else None


def _stack_objects(image: MemoryImage, address: int) -> int | None:
    if not image.contains(address, 8):
        return None
    (count,) = struct.unpack_from("<Q", image.data, address - image.base)
    return 8 + count * _STACK_OBJECT_RECORD if count < 1 << 20 else None


def _arg_info(image: MemoryImage, address: int) -> int | None:
    at, data, limit = address - image.base, image.data, min(len(image.data), address - image.base + _MAX_ARG_INFO)
    start = at
    while at < limit:
        code = data[at]
        if code == _ARG_INFO_END:
            return at + 1 - start
        at += 1 if code in _ARG_INFO_SINGLE else 2  # an offset byte, then a size byte
    return None


def _wrap_info(image: MemoryImage, address: int) -> int | None:
    return 4


def _varints(image: MemoryImage, address: int, count: int) -> tuple[list[int], int] | None:
    """`count` uvarints (unsigned LEB128s) at `address`, and the bytes they take."""
    values, start = [], address - image.base
    at = start
    for _ in range(count):
        scanned = scan_leb128(image.data, at, min(len(image.data), at + _MAX_VARINT_BYTES)) if at >= 0 else None
        if scanned is None:
            return None
        value, at, _ = scanned
        values.append(value)
    return values, at - start


def _open_coded_defers_go_1_22(image: MemoryImage, address: int) -> int | None:
    read = _varints(image, address, 2)  # deferBits offset, slots offset
    return read[1] if read else None


def _open_coded_defers_go_1_21(image: MemoryImage, address: int) -> int | None:
    head = _varints(image, address, 2)  # deferBits offset, number of defers, then a closure offset each
    if head is None or head[0][1] > _MAX_DEFERS:
        return None
    rest = _varints(image, address + head[1], head[0][1])
    return head[1] + rest[1] if rest else None


def _decoders(go_minor: int | None) -> dict[int, Callable[[MemoryImage, int], int | None]]:
    decoders: dict[int, Callable[[MemoryImage, int], int | None]] = {
        ARGS_POINTER_MAPS: _stack_map, LOCALS_POINTER_MAPS: _stack_map, STACK_OBJECTS: _stack_objects,
        ARG_INFO: _arg_info, WRAP_INFO: _wrap_info}
    if go_minor is not None and go_minor >= 22:
        decoders[OPEN_CODED_DEFERS] = _open_coded_defers_go_1_22
    elif go_minor == 21:
        decoders[OPEN_CODED_DEFERS] = _open_coded_defers_go_1_21
    return decoders


def _inline_tree_entries(image: MemoryImage, pclntab: Pclntab, record: int) -> int:
    """Entries of a function's inline tree: one past the highest index its pcinline table holds."""
    at = record - image.base
    (npcdata,) = _U32.unpack_from(image.data, at + NPCDATA_AT)
    if npcdata <= _PCDATA_INLINE_INDEX:
        return 0
    slot = at + FUNC_RECORD_HEADER[pclntab.header.magic] + 4 * _PCDATA_INLINE_INDEX
    (offset,) = _U32.unpack_from(image.data, slot)
    table = pclntab.header.address + pclntab.header.pctab_offset + offset
    value, highest, first = -1, -1, True
    for _ in range(_MAX_PCVALUE_PAIRS):
        read = _varints(image, table, 2)
        if read is None or (read[0][0] == 0 and not first):
            break
        delta = read[0][0]
        value += -(delta >> 1) - 1 if delta & 1 else delta >> 1
        highest, first, table = max(highest, value), False, table + read[1]
    return highest + 1
