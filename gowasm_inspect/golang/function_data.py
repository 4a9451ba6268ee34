"""The data each function owns in Go's function tables, in exact file bytes.

A function owns its functab entry and `_func` record (with its pcdata and funcdata
offsets), its name in funcnametab, the pc-value tables its record points at in
pctab (pcsp, pcfile, pcln and its pcdata), its funcdata items in go:func.*, and
its 16 findfunctab buckets (a wasm function spans 64 KiB of pc, a bucket 4 KiB).

The linker writes an identical table or funcdata item once for all the functions
that need it: such bytes are shared by those functions (`FunctionData.shared`).
Names in funcnametab that no function record points at are those of functions
inlined everywhere; they are placed in the package their name gives. What no
function refers to at all stays with its region, unattributed.
"""

from __future__ import annotations

import os
import re
import struct
from array import array
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableSequence, Sequence
from itertools import accumulate, chain, compress, count, repeat
from operator import add, and_, attrgetter, le, mul, not_, sub
from typing import TypeVar, cast

from msgspec import Struct, field

from gowasm_inspect.golang.funcdata import Funcdata
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.pclntab import FUNC_RECORD_HEADER, WASM_PC_BASE, WASM_PC_SHIFT, Pclntab
from gowasm_inspect.golang.regions import findfunctab_size
from gowasm_inspect.golang.symbols import split_symbols
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.ordering import ascending_order, reordered

_RECORD = struct.Struct("<4xi8xIIII")  # nameOff @4, then pcsp, pcfile, pcln, npcdata @16
_MAX_PCDATA = 32  # Go has 4 kinds of pcdata; a record claiming more is read for the first 32
_PCDATA = [struct.Struct(f"<{count}I") for count in range(_MAX_PCDATA + 1)]
_FUNCTAB_ENTRY = 8
_FUNCDESC = 8  # a function value: the function's PC, (0x1000 + index) << 16 on wasm
_WORD = struct.Struct("<Q")
_PC_LOW = (1 << WASM_PC_SHIFT) - 1
FUNCTION_BUCKETS = 16 * 20  # a wasm function spans 64 KiB of pc: 16 buckets of 20 bytes
T = TypeVar("T")
Owner = int | frozenset[int] | str  # a function (its number in pclntab), functions sharing, or a package
_NOBODY: Owner = frozenset()  # what no function uses


class FunctionData(Struct):
    """Functions are numbered as in pclntab until `by_wasm_index` renumbers them."""

    owned: dict[str, dict[int, int]]  # region -> function -> file bytes it alone owns (one dict per region:
    # tens of thousands of small per-function dicts would cost megabytes)
    shared: dict[tuple[str, frozenset[int]], int] = field(default_factory=dict)  # (region, functions) -> bytes
    inlined: dict[tuple[str, str], int] = field(default_factory=dict)  # (region, package) -> names' bytes

    def by_wasm_index(self, indices: list[int]) -> FunctionData:
        """The same, with each function named by its wasm index (`indices[number]`)."""
        owned = {region: {indices[number]: size for number, size in sizes.items()}
                 for region, sizes in self.owned.items()}
        shared = {(region, frozenset(indices[n] for n in users)): size for (region, users), size in self.shared.items()}
        return FunctionData(owned, shared, dict(self.inlined))

    def absorb(self, other: FunctionData) -> None:
        """Add what `other` found (in the same numbering) to this."""
        for region, sizes in other.owned.items():
            mine = self.owned.setdefault(region, {})
            for function, size in sizes.items():
                mine[function] = mine.get(function, 0) + size
        for users, size in other.shared.items():
            self.shared[users] = self.shared.get(users, 0) + size
        for named, size in other.inlined.items():
            self.inlined[named] = self.inlined.get(named, 0) + size

    def owned_by(self, function: int) -> dict[str, int]:
        """Region -> file bytes that `function` alone owns."""
        return {region: sizes[function] for region, sizes in self.owned.items() if function in sizes}

    def functions(self) -> set[int]:
        return {function for sizes in self.owned.values() for function in sizes}


class DataTotals(Struct):
    """What function data adds up to: each function's own bytes (all regions), and bytes by package and
    region. A function's bytes go to its package; bytes several functions share, to their package when
    they all have the one, else to None (shared); inlined functions' names, to the package named."""

    by_function: dict[int, int] = field(default_factory=dict)
    by_package: dict[str | None, dict[str, int]] = field(default_factory=dict)

    def absorb(self, other: DataTotals) -> None:
        for function, size in other.by_function.items():
            self.by_function[function] = self.by_function.get(function, 0) + size
        for package, sizes in other.by_package.items():
            _add_sizes(self.by_package.setdefault(package, {}), sizes.items())


def data_totals(found: FunctionData, package_of: dict[int, str | None], indices: Sequence[int] | None = None) -> DataTotals:
    """`found`'s totals, by wasm index: `found` numbers its functions as pclntab does and `indices[number]`
    is each one's wasm index, or (no `indices`) `found` numbers them by wasm index already."""
    totals = DataTotals()
    wasm_index: Callable[[int], int] = indices.__getitem__ if indices is not None else int
    for region, sizes in found.owned.items():
        functions = list(map(wasm_index, sizes))
        _add_sizes(totals.by_function, zip(functions, sizes.values(), strict=True))
        by_package: dict[str | None, int] = {}
        _add_sizes(by_package, zip(map(package_of.get, functions), sizes.values(), strict=True))
        for package, size in by_package.items():
            _add_sizes(totals.by_package.setdefault(package, {}), [(region, size)])
    for (region, users), size in found.shared.items():
        packages = set(map(package_of.get, map(wasm_index, users)))
        _add_sizes(totals.by_package.setdefault(packages.pop() if len(packages) == 1 else None, {}), [(region, size)])
    for (region, package), size in found.inlined.items():
        _add_sizes(totals.by_package.setdefault(package, {}), [(region, size)])
    return totals


def _add_sizes(into: dict[T, int], sizes: Iterable[tuple[T, int]]) -> None:
    for key, size in sizes:
        into[key] = into.get(key, 0) + size


# A pc-value table: (value delta, pc delta) uvarint pairs, ended by a zero value delta (the first pair's
# may be zero); a uvarint is continuation bytes (high bit set) and a last byte.
_UVARINT = rb"[\x80-\xff]*[\x00-\x7f]"
_PCVALUE = re.compile(rb"%s%s(?:(?:[\x80-\xff]+[\x00-\x7f]|[\x01-\x7f])%s)*\x00" % (_UVARINT, _UVARINT, _UVARINT))


def _pcvalue_length(data: bytearray, at: int, most: int) -> int:
    """Bytes of a pc-value table, its terminating zero included, within `most`; 0 when none is there."""
    match = _PCVALUE.match(data, at, min(len(data), at + max(0, most)))
    return match.end() - at if match else 0


class Intervals:
    """Address intervals with their owners, later turned into file bytes; kept as columns. Starts and ends
    are int64 arrays (16 bytes an interval, not 72 as Python ints in lists: the function tables of a large
    build have hundreds of thousands), lists only once a crafted value does not fit."""

    def __init__(self) -> None:
        self.starts: MutableSequence[int] = array("q")
        self.ends: MutableSequence[int] = array("q")
        self.regions: list[str] = []
        self.owners: list[Owner] = []

    def add(self, start: int, end: int, region: str, owner: Owner) -> None:
        """A span [start, end); an empty or reversed one counts 0 bytes and is left out by `gather_owners`."""
        self.extend([start], [end], region, [owner])

    @classmethod
    def of_columns(cls, starts: list[int], ends: list[int], regions: list[str], owners: list[Owner]) -> Intervals:
        """Intervals made of whole columns (the same lengths)."""
        intervals = cls()
        intervals.extend(starts, ends, "", owners)
        intervals.regions = regions
        return intervals

    def extend(self, starts: Iterable[int], ends: Iterable[int], region: str, owners: Iterable[Owner]) -> None:
        """Many spans of one region at once (the same lengths)."""
        new_starts, new_ends = _column(starts), _column(ends)
        if isinstance(self.starts, array) and not (isinstance(new_starts, array) and isinstance(new_ends, array)):
            self.starts, self.ends = list(self.starts), list(self.ends)
        self.starts.extend(new_starts)
        self.ends.extend(new_ends)
        self.owners.extend(owners)
        self.regions.extend(repeat(region, len(new_starts)))

    def file_bytes(self, image: MemoryImage) -> Iterator[tuple[str, Owner, int]]:
        """(region, owner, file bytes) of each interval, in address order; one overlapping an earlier one
        (only in crafted input) keeps what the earlier left. No Python code runs per interval."""
        sizes = self._file_sizes(image)  # first: it reorders the columns
        return zip(self.regions, self.owners, sizes, strict=True)

    def _file_sizes(self, image: MemoryImage) -> Sequence[int]:
        """Each interval's file bytes, the columns put in address order first (new lists: read them after)."""
        order = ascending_order(self.starts)
        if order is not None:
            # the columns reordered in place of the old ones, not beside them (hundreds of thousands each)
            for name in ("starts", "ends", "regions", "owners"):
                setattr(self, name, reordered(getattr(self, name), order))
            del order
        return image.coverage.file_bytes(self.starts, self.ends, overlapping=True)

    def gathered(self, image: MemoryImage) -> FunctionData:
        """`gather_owners` of `file_bytes`: the functions' sums made in C where it is built."""
        sizes = self._file_sizes(image)
        if native.speedups is None:
            return gather_owners(zip(self.regions, self.owners, sizes, strict=True))
        found = FunctionData({}, defaultdict(int), defaultdict(int))
        others = array("q", native.speedups.sum_by_int_owner(self.regions, self.owners, sizes, found.owned))
        _gather_others(found, ((self.regions[at], self.owners[at], sizes[at]) for at in others))
        return found

    def totals(self, image: MemoryImage, package_of: dict[int, str | None],
               indices: list[int] | None = None) -> DataTotals:
        """`data_totals` of `gathered`: owners are numbered as pclntab numbers functions, `indices[number]`
        each one's wasm index, or (no `indices`) by wasm index. Summed in C where it is built."""
        if native.speedups is None:
            return data_totals(self.gathered(image), package_of, indices)
        names = indices if indices is not None else list(range(max(package_of, default=-1) + 1))
        sizes = self._file_sizes(image)
        totals = DataTotals()
        others = array("q", native.speedups.owner_totals(self.regions, self.owners, sizes,
                                                         list(map(package_of.get, names)), names,
                                                         totals.by_function, totals.by_package))
        # what C left (owners it cannot number: crafted input) by the Python rules
        totals.absorb(data_totals(gather_owners((self.regions[at], self.owners[at], sizes[at]) for at in others),
                                  package_of, indices))
        return totals


def _column(values: Iterable[int]) -> array[int] | list[int]:
    """`values` as an int64 array, or a list when one does not fit (crafted input)."""
    values = values if isinstance(values, (array, list)) else list(values)
    try:
        return values if isinstance(values, array) else array("q", values)
    except OverflowError:
        return list(values)


def read_function_data(image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData,
                       funcdata: Funcdata | None) -> FunctionData:
    return function_intervals(image, pclntab, moduledata, funcdata).gathered(image)


def function_intervals(image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData,
                        funcdata: Funcdata | None) -> Intervals:
    intervals, header = Intervals(), pclntab.header
    (offsets, users), names = _add_records(intervals, image, pclntab, moduledata)
    pctab, pctab_end = header.address + header.pctab_offset, header.address + header.pcln_offset
    # Go writes the tables back to back, so each ends where the next begins; the last is decoded to its
    # terminating zero (padding follows it). Offset 0 is no table.
    low, high = bisect_right(offsets, 0), bisect_left(offsets, pctab_end - pctab)
    if low < high:
        starts = list(map(add, repeat(pctab), offsets[low:high]))
        last = _pcvalue_length(image.data, starts[-1] - image.base, pctab_end - starts[-1])
        intervals.extend(starts, [*starts[1:], starts[-1] + last], "pctab", users[low:high])
    if funcdata is not None:
        _add_funcdata(intervals, funcdata)
    if moduledata.typedesc_end is not None:
        _add_funcdescs(intervals, image, pclntab, moduledata)
    name_table = header.address + header.funcname_offset
    _add_inlined_names(intervals, image, name_table, header.address + header.cu_offset, names)
    return intervals


def _add_records(intervals: Intervals, image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData) -> tuple[
        tuple[Sequence[int], list[int | frozenset[int]]], set[int]]:
    """Each function's functab entry, record, name and findfunctab buckets; returns the pctab tables'
    offsets, ascending, with the functions that use each, and the addresses of the names records point at.
    Columns are built by `map` over C functions; only the pcdata offsets are read function by function."""
    header, functions, data, base = pclntab.header, pclntab.functions, image.data, image.base
    header_size = FUNC_RECORD_HEADER[header.magic]
    numbers: Sequence[int] = list(range(len(functions)))  # one int object per function, shared by its intervals
    ftab = header.address + header.pcln_offset
    intervals.extend(range(ftab, ftab + _FUNCTAB_ENTRY * len(functions), _FUNCTAB_ENTRY),
                     range(ftab + _FUNCTAB_ENTRY, ftab + _FUNCTAB_ENTRY * (len(functions) + 1), _FUNCTAB_ENTRY),
                     "functab", numbers)
    buckets = moduledata.findfunctab
    bucket_end = buckets + findfunctab_size(moduledata.minpc, moduledata.maxpc)
    if native.speedups is not None:
        try:
            columns = native.speedups.record_intervals(
                data, base, list(map(attrgetter("record"), functions)), list(map(attrgetter("defined_index"), functions)),
                list(map(attrgetter("name"), functions)), header_size, _MAX_PCDATA,
                header.address + header.funcname_offset, pclntab.end, buckets, bucket_end, FUNCTION_BUCKETS)
        except OverflowError:  # an address past 64 bits (crafted input): read below
            pass
        else:
            return _add_record_columns(intervals, numbers, *(array("q", column) for column in columns))
    bucket_starts = list(map(add, repeat(buckets), map(mul, map(attrgetter("defined_index"), functions),
                                                       repeat(FUNCTION_BUCKETS))))
    intervals.extend(bucket_starts, map(min, repeat(bucket_end), map(add, bucket_starts, repeat(FUNCTION_BUCKETS))),
                     "findfunctab", numbers)
    records = list(map(attrgetter("record"), functions))
    readable = list(map(and_, map(le, repeat(base), records), map(le, records, repeat(base + len(data) - header_size))))
    every_record = all(readable)
    if not every_record:
        numbers, records = list(compress(numbers, readable)), list(compress(records, readable))
    at = list(map(sub, records, repeat(base)))
    if not at:
        return ([], []), set()
    name_offsets, relative_ends, keys, users = _record_columns(data, at, header_size)
    ends = list(map(add, relative_ends, repeat(base)))
    intervals.extend(records, _padded_ends(records, ends, pclntab.end), "functab", numbers)
    names = header.address + header.funcname_offset
    name_starts = list(map(add, repeat(names), name_offsets))
    name_lengths = map(len, map(str.encode, map(attrgetter("name"), map(functions.__getitem__, numbers))))
    intervals.extend(name_starts, map(add, map(add, name_starts, name_lengths), repeat(1)), "funcnametab", numbers)
    return owners_in_order(keys, users if every_record else list(map(numbers.__getitem__, users))), set(name_starts)


def _add_record_columns(intervals: Intervals, numbers: Sequence[int], bucket_starts: array[int],
                        bucket_ends: array[int], readable: array[int], starts: array[int], ends: array[int],
                        name_starts: array[int], name_ends: array[int], keys: array[int],
                        users: array[int]) -> tuple[tuple[Sequence[int], list[int | frozenset[int]]], set[int]]:
    """`_add_records` from what `record_intervals` found, in the same order."""
    intervals.extend(bucket_starts, bucket_ends, "findfunctab", numbers)
    if not readable:
        return ([], []), set()
    owners = numbers if len(readable) == len(numbers) else list(map(numbers.__getitem__, readable))
    intervals.extend(starts, ends, "functab", owners)
    intervals.extend(name_starts, name_ends, "funcnametab", owners)
    return owners_in_order(keys, users), set(name_starts)


def _padded_ends(records: list[int], ends: list[int], last: int) -> Sequence[int]:
    """A record is aligned to 8 bytes: the padding after one, up to the record that follows it in memory (or
    `last`), is the one's."""
    if native.speedups is not None:
        try:
            return array("q", native.speedups.padded_ends(records, ends, last))
        except OverflowError:  # past 64 bits (crafted input)
            pass
    ordered = sorted(records)
    following = dict(zip(ordered, [*ordered[1:], last], strict=True))
    return [next_one if end <= next_one < end + 8 else end
            for end, next_one in zip(ends, map(following.__getitem__, records), strict=True)]


def _record_columns(data: bytearray, at: list[int], header_size: int) -> tuple[
        Sequence[int], Sequence[int], Sequence[int], Sequence[int]]:
    """Each record's nameOff and where its offsets end (relative to `data`), and the pc-value tables the
    records use (pcsp, pcfile, pcln, pcdata; zero too) with each one's user (its position in `at`)."""
    if native.speedups is not None:
        columns = native.speedups.func_records(data, at, header_size, _MAX_PCDATA)
        return array("q", columns[0]), array("q", columns[1]), array("q", columns[2]), array("q", columns[3])
    name_offsets, pcsps, pcfiles, pclns, npcdatas = zip(*map(_RECORD.unpack_from, repeat(data), at), strict=True)
    nfuncdatas = map(data.__getitem__, map(add, at, repeat(header_size - 1)))
    relative_ends = list(map(add, map(add, at, repeat(header_size)), map(mul, map(add, npcdatas, nfuncdatas), repeat(4))))
    pcdata = [_PCDATA[npcdata].unpack_from(data, record + header_size)
              if npcdata <= _MAX_PCDATA and record + header_size + 4 * npcdata <= len(data) else ()
              for record, npcdata in zip(at, npcdatas, strict=True)]
    positions = range(len(at))
    return (name_offsets, relative_ends, [*pcsps, *pcfiles, *pclns, *chain.from_iterable(pcdata)],
            [*positions, *positions, *positions, *chain.from_iterable(map(repeat, positions, map(len, pcdata)))])


def _add_funcdescs(intervals: Intervals, image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData) -> None:
    """Go 1.27's function values (go:funcdesc, from the end of the types to firstmoduledata): each 8-byte PC
    is its function's; the first word that is no function's PC ends them (the zeros of the build info
    section, empty on wasm, follow)."""
    start, stop = moduledata.types[1], min(moduledata.address, image.end)
    if start < image.base or stop <= start:
        return
    number_of = {function.defined_index: number for number, function in enumerate(pclntab.functions)}
    at = start - image.base
    pcs = memoryview(image.data)[at : at + (stop - start) // _FUNCDESC * _FUNCDESC]
    numbers = list(map(number_of.get, [(pc >> WASM_PC_SHIFT) - WASM_PC_BASE if pc & _PC_LOW == 0 else -1
                                       for (pc,) in _WORD.iter_unpack(pcs)]))
    count = numbers.index(None) if None in numbers else len(numbers)
    intervals.extend(range(start, start + _FUNCDESC * count, _FUNCDESC),
                     range(start + _FUNCDESC, start + _FUNCDESC * (count + 1), _FUNCDESC), "funcdesc",
                     cast(list[Owner], numbers[:count]))


Users = int | set[int]  # who uses a thing: most things have one user, kept as an int; a set only for more


def add_user(users: dict[int, Users], key: int, user: int) -> None:
    """Record that `user` uses `key` (a set is made only for a key's second user, and added to in place:
    a table shared by 50,000 functions is not copied 50,000 times)."""
    known = users.setdefault(key, user)
    if isinstance(known, set):
        known.add(user)
    elif known != user:
        users[key] = {known, user}


def owner_of(users: Users) -> int | frozenset[int]:
    if isinstance(users, int):
        return users
    return next(iter(users)) if len(users) == 1 else frozenset(users)


def _add_funcdata(intervals: Intervals, funcdata: Funcdata) -> None:
    addresses, found = owners_in_order(*_references(funcdata.by_function))
    starts = list(funcdata.items)  # ascending, and the addresses the functions refer to, as `read_funcdata` made them
    owners: list[Owner] = list(found)
    if list(addresses) != starts:
        owned: dict[int, Owner] = dict(zip(addresses, found, strict=True))
        owners = [owned.get(start, _NOBODY) for start in starts]
    intervals.extend(starts, map(add, starts, map(attrgetter("size"), funcdata.items.values())), "funcdata", owners)


def _references(by_function: list[list[int]]) -> tuple[Sequence[int], Sequence[int]]:
    """What each function refers to, flattened: (addresses, the function of each)."""
    if native.speedups is not None:
        try:
            addresses, functions = native.speedups.flattened(by_function)
            return array("q", addresses), array("q", functions)
        except OverflowError:  # an address past 64 bits (crafted input)
            pass
    return list(chain.from_iterable(by_function)), list(chain.from_iterable(map(repeat, count(), map(len, by_function))))


def owners_in_order(keys: Sequence[int], users: Sequence[int]) -> tuple[Sequence[int], list[int | frozenset[int]]]:
    """`owners_by_key` as two columns, the keys ascending: what the function tables need (in C, no dict of
    tens of thousands of keys is made, then sorted)."""
    if native.speedups is not None:
        try:
            found, owners = native.speedups.owners_in_order(keys, users, int.from_bytes(os.urandom(8), "little"))
            return array("q", found), owners
        except OverflowError:  # a key past 64 bits (crafted input): Python gathers them
            pass
    ordered = sorted(owners_by_key(keys, users).items())
    return [key for key, _ in ordered], [owner for _, owner in ordered]


def owners_by_key(keys: Sequence[int], users: Sequence[int],
                  within: tuple[int, int] | None = None) -> dict[int, int | frozenset[int]]:
    """Each key -> the user `users[i]` of every `keys[i]` equal to it, or a frozenset of them when there are
    several; with `within` (low, high), only the keys low <= key < high."""
    if native.speedups is not None:
        try:
            seed = int.from_bytes(os.urandom(8), "little")
            if within is None:
                return native.speedups.owners_by_key(keys, users, seed)
            return native.speedups.owners_by_key(keys, users, seed, *within)
        except OverflowError:  # a key or bound past 64 bits (crafted input): Python gathers them
            pass
    found: dict[int, Users] = {}
    for key, user in zip(keys, users, strict=True):
        if within is None or within[0] <= key < within[1]:
            add_user(found, key, user)
    return {key: owner_of(known) for key, known in found.items()}


def _add_inlined_names(intervals: Intervals, image: MemoryImage, start: int, end: int, referenced: set[int]) -> None:
    """Names no record points at: of functions inlined everywhere, placed in the package each name gives."""
    if not (image.contains(start) and image.contains(end - 1)):
        return
    starts, ends, texts = _unreferenced_names(image, start, end, referenced)
    packages = [package for package, _ in split_symbols(texts)]
    placed = [(address, stop, package) for address, stop, package in zip(starts, ends, packages, strict=True) if package]
    intervals.extend([address for address, _, _ in placed], [stop for _, stop, _ in placed], "funcnametab",
                     [cast(Owner, package) for _, _, package in placed])


def _unreferenced_names(image: MemoryImage, start: int, end: int,
                        referenced: set[int]) -> tuple[Sequence[int], Sequence[int], list[str]]:
    """The names in the table from `start` to `end` (not empty) whose address is not in `referenced`: each
    one's address, the address past its zero, and its text. In C where it is built."""
    if native.speedups is not None:
        try:
            starts, ends, texts = native.speedups.unreferenced_names(image.data, start - image.base,
                                                                       end - image.base, start, referenced)
            return array("q", starts), array("q", ends), texts
        except OverflowError:  # an address past 64 bits (crafted input): found below
            pass
    names = bytes(image.data[start - image.base : end - image.base]).split(b"\0")
    lengths = list(map(len, names))
    addresses = list(accumulate(map(add, lengths, repeat(1)), initial=start))  # one past the last name too
    # names (not empty) that no record points at: tens of thousands of names, no Python code run per name
    wanted = map(and_, map(bool, lengths), map(not_, map(referenced.__contains__, addresses)))
    unreferenced = list(compress(zip(addresses, names, strict=False), wanted))
    return ([address for address, _ in unreferenced], [address + len(name) + 1 for address, name in unreferenced],
            [name.decode("utf-8", "replace") for _, name in unreferenced])


def gather_owners(pieces: Iterable[tuple[str, Owner, int]]) -> FunctionData:
    """Spans' file bytes by owner: a function's alone, shared by functions, or a package's."""
    found = FunctionData({}, defaultdict(int), defaultdict(int))
    others = []
    for region, owner, size in pieces:
        if not size:  # empty, or wholly in zero runs the linker dropped
            continue
        if isinstance(owner, int):
            sizes = found.owned.setdefault(region, {})
            sizes[owner] = sizes.get(owner, 0) + size
        else:
            others.append((region, owner, size))
    _gather_others(found, others)
    return found


def _gather_others(found: FunctionData, pieces: Iterable[tuple[str, Owner, int]]) -> None:
    """Spans of no one function: shared by several (a frozenset), or a package's (its name)."""
    for region, owner, size in pieces:
        if isinstance(owner, frozenset):
            found.shared[(region, owner)] += size
        else:
            found.inlined[(region, cast(str, owner))] += size
