"""Go's pclntab in linear memory: the exact name and source file of every function.

The runtime needs pclntab for tracebacks, so it survives `-s -w`. Layout (Go
1.18 and later, 8-byte pointers on GOARCH=wasm):

    pcHeader        magic u32 (0xfffffff1; 0xfffffff0 before Go 1.20), 0, 0, minLC=1, ptrSize=8,
                    nfunc, nfiles, textStart, then offsets from the header of
                    funcnametab, cutab, filetab, pctab and pclntab (8 bytes each)
    pclntab         functab: nfunc+1 pairs (entryoff u32, funcoff u32), then the _func records
    _func           entryOff u32 @0, nameOff i32 @4, pcfile u32 @20, cuOffset u32 @32
    firstmoduledata begins with a pointer to pcHeader, then the slices funcnametab,
                    cutab, filetab, pctab, pclntable (pointer, length, capacity each)

A function's wasm index is `imported functions + d`, where d comes from its
entryoff: up to Go 1.24 the PC `(0x1000 + d) << 16` truncated to 32 bits, from
Go 1.25 `0x1000 + d`. The form is read from the data, not from a version.
"""

from __future__ import annotations

import itertools
import struct
from array import array
from itertools import repeat
from operator import add

from msgspec import Struct

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.pcheader import (
    MAGICS,
    OLDER_MAGICS,
    PcHeader,
    confirming_moduledata,
    header_candidates,
    read_header,
)
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.reader import LEB128_CONTINUATION, LEB128_PAYLOAD

_FUNC_FIELDS = struct.Struct("<Ii12xI8xI")  # _func: entryOff @0, nameOff @4, pcfile @20, cuOffset @32
_FUNCTAB_ENTRY = struct.Struct("<II")  # entryoff, funcoff
_CUTAB_ENTRY = struct.Struct("<I")
_NO_FILE = 0xFFFFFFFF  # a cutab slot with no file
WASM_PC_BASE = 0x1000  # the defined index d of a function is entry - 0x1000 (or PC >> 16 - 0x1000)
WASM_PC_SHIFT = 16  # a wasm PC is (0x1000 + d) << 16
# the fixed part of a _func record, by pcHeader magic: 40 bytes before Go 1.20, 44 from 1.20 (startLine);
# npcdata is at 28, nfuncdata is its last byte, then npcdata pctab offsets and nfuncdata funcdata offsets
FUNC_RECORD_HEADER = {0xFFFFFFF0: 40, 0xFFFFFFF1: 44}
NPCDATA_AT = 28
_PC_FORM_WRAP = 1 << 16  # in the PC form, d wraps at 65,536 (the PC is truncated to 32 bits)
_MAX_UVARINT_BYTES = 10


class GoFunction(Struct, frozen=True, gc=False):  # one per function, up to tens of thousands: quick to make
    defined_index: int  # d: the wasm function index less the imported functions
    name: str
    compilation_unit: int  # cutab offset; one per package
    pcfile: int  # pctab offset of the function's file table; see Pclntab.file_of
    record: int = 0  # address of its _func record


class Pclntab(Struct):
    header: PcHeader
    moduledata: int  # address of firstmoduledata
    start: int  # memory extent of pcHeader .. end of pclntable
    end: int
    entry_form: str  # "pc" (Go <= 1.24) or "index" (Go >= 1.25)
    functions: list[GoFunction]
    files: _FileTable

    @property
    def location(self) -> PclntabLocation:
        return PclntabLocation(self.header, self.moduledata, self.end)

    def file_of(self, function: GoFunction) -> str | None:
        """The source file at the function's entry (read on demand: most callers need few)."""
        return self.files.file(function.pcfile, function.compilation_unit)


class PclntabError(Exception):
    """pclntab was found but cannot be read consistently."""


class OlderPclntab(PclntabError):
    """A pclntab from a Go release before 1.18, whose layout differs."""

    def __init__(self, magic: int) -> None:
        super().__init__(f"its pclntab (magic 0x{magic:08x}) is from {OLDER_MAGICS[magic]}, "
                         "a release before Go 1.18, whose layout this tool does not read")
        self.magic = magic


class PclntabLocation(Struct, frozen=True):
    """Where pclntab lies, as firstmoduledata confirms it: true even when its functions cannot be used."""

    header: PcHeader
    moduledata: int  # address of firstmoduledata
    end: int  # of pclntable


class FunctionCountMismatch(PclntabError):
    """pclntab describes more functions than the code section has bodies."""

    def __init__(self, functions: int, bodies: int, location: PclntabLocation) -> None:
        super().__init__(f"pclntab describes {functions} functions, the code section has {bodies} bodies")
        self.functions, self.bodies = functions, bodies
        self.location = location


def _defined_indices(entries: list[int]) -> tuple[str, list[int]]:
    if all(entry % _PC_FORM_WRAP == 0 for entry in entries):
        # PC form: (0x1000 + d) << 16 in 32 bits, so d wraps every 65,536; entries ascend, so unwrap
        indices, wraps, previous = [], 0, -1
        for entry in entries:
            d = ((entry >> WASM_PC_SHIFT) - WASM_PC_BASE) % _PC_FORM_WRAP
            if d + wraps < previous:
                wraps += _PC_FORM_WRAP
            previous = d + wraps
            indices.append(previous)
        return "pc", indices
    return "index", [entry - WASM_PC_BASE for entry in entries]


def _c_string(image: MemoryImage, address: int, what: str) -> str:
    return _c_string_and_length(image, address, what)[0]


def _c_string_and_length(image: MemoryImage, address: int, what: str) -> tuple[str, int]:
    """The NUL-terminated text at `address`, and its length in bytes."""
    if not image.contains(address):
        raise PclntabError(f"{what} at 0x{address:x} lies outside the data")
    start = address - image.base
    end = image.data.find(b"\0", start)
    if end < 0:
        raise PclntabError(f"{what} at 0x{address:x} is not terminated")
    return image.data[start:end].decode("utf-8", "replace"), end - start


def _uvarint(data: bytearray, at: int) -> int:
    value = shift = 0
    for _ in range(_MAX_UVARINT_BYTES):
        if not 0 <= at < len(data):
            raise PclntabError("a pctab entry lies outside the data")
        byte = data[at]
        value |= (byte & LEB128_PAYLOAD) << shift
        if byte < LEB128_CONTINUATION:
            return value
        at += 1
        shift += 7
    raise PclntabError("over-long varint in pctab")


class _FileTable:
    """Source file of a function at its entry: the first pcfile value, through cutab, into filetab."""

    def __init__(self, image: MemoryImage, header: PcHeader) -> None:
        self.image = image
        self.pctab = header.address + header.pctab_offset - image.base
        self.cutab = header.address + header.cu_offset
        self.filetab = header.address + header.filetab_offset

    def file(self, pcfile: int, compilation_unit: int) -> str | None:
        if pcfile == 0:
            return None
        first = _uvarint(self.image.data, self.pctab + pcfile)
        file_number = -1 + ((first >> 1) ^ -(first & 1))  # zig-zag delta from -1
        slot = self.cutab + _CUTAB_ENTRY.size * (compilation_unit + file_number)
        if file_number < 0 or not self.image.contains(slot, _CUTAB_ENTRY.size):
            return None
        (offset,) = _CUTAB_ENTRY.unpack_from(self.image.data, slot - self.image.base)
        return None if offset == _NO_FILE else _c_string(self.image, self.filetab + offset, "file name")


def find_pclntab(image: MemoryImage, bodies: int) -> Pclntab | None:
    """The pclntab that firstmoduledata points at, read whole; None when there is none.

    One that describes more functions than the code section has bodies is not
    read (it cannot name them, and a hostile count would only cost time).
    """
    location = locate_pclntab(image, bodies)
    return None if location is None else read_pclntab(image, location)


def locate_pclntab(image: MemoryImage, bodies: int) -> PclntabLocation | None:
    """Where the pclntab that firstmoduledata points at lies, none of it read yet; None when there is none.
    Raises FunctionCountMismatch, with the location, for one that describes more functions than `bodies`."""
    candidates = header_candidates(image)
    headers = [header for magic in MAGICS
               for address in candidates.get(magic, [])
               if (header := read_header(image, address)) is not None]
    pointers_to = image.pointer_finder({header.address for header in headers})
    for header in headers:
        confirmed = confirming_moduledata(image, header, pointers_to(header.address))
        if confirmed:
            if header.nfunc > bodies:
                raise FunctionCountMismatch(header.nfunc, bodies, PclntabLocation(header, *confirmed))
            return PclntabLocation(header, *confirmed)
    for magic in OLDER_MAGICS:
        if magic in candidates:
            raise OlderPclntab(magic)
    return None


def read_pclntab(image: MemoryImage, location: PclntabLocation) -> Pclntab:
    return _read_functions(image, location.header, location.moduledata, location.end)


def _read_functions(image: MemoryImage, header: PcHeader, moduledata: int, end: int) -> Pclntab:
    data = image.data
    pcln = header.address + header.pcln_offset - image.base
    table = list(_FUNCTAB_ENTRY.iter_unpack(bytes(data[pcln : pcln + header.nfunc * _FUNCTAB_ENTRY.size])))
    form, indices = _defined_indices([entry for entry, _ in table])
    names = header.address + header.funcname_offset
    files = _FileTable(image, header)
    read = _functions_at_once(image, table, indices, pcln, names)
    if read is not None:
        functions, name_spans = read
        _check_names_apart(name_spans)
        return Pclntab(header, moduledata, header.address, end, form, functions, files)
    functions, name_spans = [], []
    for (entry, func_offset), defined_index in zip(table, indices, strict=True):
        record = pcln + func_offset
        if record < 0 or record + _FUNC_FIELDS.size > len(data):
            raise PclntabError(f"function record at 0x{record + image.base:x} lies outside the data")
        entry_off, name_off, pcfile, compilation_unit = _FUNC_FIELDS.unpack_from(data, record)
        if entry_off != entry:
            raise PclntabError(f"function record at 0x{record + image.base:x} does not match its functab entry")
        name, length = _c_string_and_length(image, names + name_off, "function name")
        name_spans.append((name_off, length))
        functions.append(GoFunction(defined_index, name, compilation_unit, pcfile, record + image.base))
    _check_names_apart(name_spans)
    return Pclntab(header, moduledata, header.address, end, form, functions, files)


def _functions_at_once(image: MemoryImage, table: list[tuple[int, int]], indices: list[int], pcln: int,
                       names: int) -> tuple[list[GoFunction], list[tuple[int, int]]] | None:
    """The loop in `_read_functions` done column by column (records unpacked by `map`, names read in C),
    when the compiled scan is built and nothing is wrong; None otherwise, and the loop says what is."""
    data, base = image.data, image.base
    records = [pcln + func_offset for _, func_offset in table]
    if native.speedups is None or not records or min(records) < 0 or max(records) + _FUNC_FIELDS.size > len(data):
        return None
    entry_offsets, name_offsets, pcfiles, units = zip(*map(_FUNC_FIELDS.unpack_from, repeat(data), records), strict=True)
    if list(entry_offsets) != [entry for entry, _ in table]:
        return None
    strings = native.speedups.c_strings(data, list(map(add, name_offsets, repeat(names - base))))
    if strings is None:
        return None
    texts, lengths = strings
    functions = list(map(GoFunction, indices, texts, units, pcfiles, map(add, records, repeat(base))))
    return functions, list(zip(name_offsets, array("q", lengths), strict=True))


def _check_names_apart(spans: list[tuple[int, int]]) -> None:
    """The linker writes each function's name once, NUL-terminated, one after another. Names that share
    or overlap bytes are not its work, and would let a small table name thousands of functions at length."""
    spans.sort()
    for (offset, length), (following, _) in itertools.pairwise(spans):
        if offset + length >= following:
            raise PclntabError(f"function names overlap in funcnametab (at offsets {offset} and {following}), "
                               "which the Go linker never writes")
