"""Go's type metadata: every type descriptor the runtime can reach, its exact extent, and its package.

Roots are what the runtime itself enumerates: the descriptors Go 1.27 lays out one
after another from moduledata.types (before: the typelinks), and the itabs. From
each descriptor the walk follows what points at other types: elements, keys,
fields, parameters and results, interface and concrete methods, the pointer type.

A descriptor is the 48-byte abi.Type (the same from Go 1.18), its kind's fields,
an uncommon part for named types and types with methods, the kind's array
(fields, parameters, interface methods) and the method table. Names are separate
(flags, a varint length, the bytes, an optional tag and package-path offset).

A named type belongs to the package its uncommon part names; a pointer, slice,
array, channel or map to the package of its element; a literal struct, interface
or func type, a predeclared one (int, error) and the compiler's shape types of
generic code (go.shape.int), to none (shared).
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Sequence
from itertools import chain
from typing import cast

from msgspec import Struct, field

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.type_layout import (
    ARRAY,
    CHAN,
    FIELD,
    FUNC,
    HEADER,
    IMETHOD,
    INTERFACE,
    ITAB_HEADER,
    KIND_MASK,
    MAP,
    MAX_ITEMS,
    METHOD,
    POINTER,
    SHAPES,
    SLICE,
    STRUCT,
    UNCOMMON,
    UNCOMMON_FLAG,
    VARIADIC,
    TypeReader,
)
from gowasm_inspect.wasm import native


class TypeDescriptor(Struct, frozen=True):
    address: int
    size: int
    package: str | None  # None: shared (literal or predeclared types)
    names: tuple[int, ...]  # addresses of the names it refers to


class TypeTable(Struct):
    descriptors: dict[int, TypeDescriptor] = field(default_factory=dict)
    names: dict[int, int] = field(default_factory=dict)  # address -> size
    itabs: dict[int, tuple[int, str | None]] = field(default_factory=dict)  # address -> (size, package)
    links: dict[int, tuple[int, str | None]] = field(default_factory=dict)  # typelinks and itablinks entries


class _Parsed(Struct):
    size: int
    edges: list[int]
    names: list[int]
    element: int | None  # whose package an unnamed type takes
    package_name: int | None  # a named type's package path


def _parse(r: TypeReader, address: int) -> _Parsed:
    if native.speedups is not None:
        try:
            size, edges, names, element, package_name, r.items_left = native.speedups.parse_type(
                r.data, r.base, address, r.types, r.etypes, r.kind_size_column, r.items_left)
        except OverflowError:  # bounds past 64 bits (crafted moduledata): read in Python
            pass
        else:
            return _Parsed(size, edges, names, element, package_name)
    kind, tflag = r.data[address - r.base + 23] & KIND_MASK, r.data[address - r.base + 20]
    end = address + r.kind_sizes.get(kind, HEADER)
    parsed = _Parsed(0, [], [], None, None)
    for target in (r.offset(r.int32(address + 44)),):  # the pointer type
        parsed.edges += [target] if target is not None else []
    string = r.offset(r.int32(address + 40))
    parsed.names += [string] if string is not None else []
    if kind in (ARRAY, CHAN, POINTER, SLICE, MAP):
        parsed.element = r.word(address + (56 if kind == MAP else 48))
        parsed.edges += [r.word(address + 48), r.word(address + 56), r.word(address + 64)] if kind == MAP \
            else [r.word(address + 48)]
    uncommon = end if tflag & UNCOMMON_FLAG else None
    end += UNCOMMON if uncommon else 0
    end = max(end, _variable_part(r, address, kind, end, parsed))
    if uncommon is not None:
        parsed.package_name = r.offset(r.int32(uncommon))
        moff = r.int32(uncommon + 8) & 0xFFFFFFFF
        count = r.items(uncommon + moff, r.uint16(uncommon + 4), METHOD)
        for method in range(uncommon + moff, uncommon + moff + METHOD * count, METHOD):
            name, mtyp = r.offset(r.int32(method)), r.offset(r.int32(method + 4))
            parsed.names += [name] if name is not None else []
            parsed.edges += [mtyp] if mtyp is not None else []
        end = max(end, uncommon + moff + METHOD * count)
    parsed.size = end - address
    return parsed


def referred_types(r: TypeReader, address: int) -> list[int]:
    """The types the descriptor at `address` refers to: by pointer (elements, fields, parameters) and by
    offset (its pointer type, its methods' and interface methods' types)."""
    return _parse(r, address).edges


def _variable_part(r: TypeReader, address: int, kind: int, start: int, parsed: _Parsed) -> int:
    """Parameters and results, interface methods or struct fields: edges and names; returns their end."""
    if kind == FUNC:
        count = r.items(start, r.uint16(address + 48) + (r.uint16(address + 50) & ~VARIADIC & 0xFFFF), 8)
        parsed.edges += [r.word(start + 8 * i) for i in range(count)]
        return start + 8 * count
    if kind not in (INTERFACE, STRUCT):
        return start
    package = r.word(address + 48)  # the package path of unexported names, as a pointer to a name
    parsed.names += [package] if package else []
    size = IMETHOD if kind == INTERFACE else FIELD
    items = r.word(address + 56)
    count = r.items(items, min(r.word(address + 64), MAX_ITEMS), size)
    for item in range(items, items + size * count, size):
        if kind == INTERFACE:
            name, typ = r.offset(r.int32(item)), r.offset(r.int32(item + 4))
        else:
            name, typ = r.word(item) or None, r.word(item + 8)
        parsed.names += [name] if name is not None else []
        parsed.edges += [typ] if typ is not None else []
    return items + size * count if items == start else start  # the array follows the fixed part


def _roots(r: TypeReader, md: ModuleData, sizes: dict[int, int]) -> list[int]:
    """The roots besides Go 1.27's descriptors (which `_walk` reads in order): the typelinks before it, and the
    types of the itabs (whose sizes go in `sizes`)."""
    roots = []
    if md.typedesc_end is None and md.typelinks is not None:
        roots += [md.types[0] + r.int32(at) for at in range(*md.typelinks, 4)]
    itabs = list(range(*md.itablinks, 8)) if md.itablinks else []
    for itab in [r.word(at) for at in itabs] if itabs else _sequential_itabs(r, md):
        interface, concrete = r.word(itab), r.word(itab + 8)
        methods = min(r.word(interface + 64), MAX_ITEMS) if r.is_type(interface) else 1
        sizes[itab] = ITAB_HEADER + 8 * max(1, methods)
        roots += [interface, concrete]
    return roots


def _sequential_itabs(r: TypeReader, md: ModuleData) -> list[int]:
    """Go 1.27 lays its itabs out one after another in moduledata's itab range."""
    found, (at, end) = [], md.itabs or (0, 0)
    while at < end and r.is_type(r.word(at)):
        found.append(at)
        at += ITAB_HEADER + 8 * max(1, min(r.word(r.word(at) + 64), MAX_ITEMS))
    return found


# Each descriptor read, in the order read: addresses, sizes, elements, package path names, names
Walked = tuple[list[int], list[int], list[int | None], list[int | None], list[tuple[int, ...]]]


def _walk(r: TypeReader, md: ModuleData, roots: list[int]) -> Walked:
    """Go 1.27's descriptors one after another from types + 8, their edges then `roots` to visit (the last
    first); every type not yet read that a visit finds is read and its edges visited in turn. In C where it
    is built."""
    first = md.types[0] + 8
    end = md.typedesc_end if md.typedesc_end is not None else first
    if native.speedups is not None:
        try:
            *walked, r.items_left = native.speedups.walk_types(
                r.data, r.base, r.types, r.etypes, r.kind_size_column, r.items_left, first, end, roots,
                int.from_bytes(os.urandom(8), "little"))
            return cast(Walked, tuple(walked))
        except OverflowError:  # a bound or root past 64 bits (crafted input): read below
            pass
    parsed: dict[int, _Parsed] = {}
    pending: list[int] = []
    at = first
    while at < end and r.is_type(at):
        pending += parsed.setdefault(at, _parse(r, at)).edges
        at = (at + parsed[at].size + 7) // 8 * 8
    pending += roots
    while pending:
        address = pending.pop()
        if address in parsed or not r.is_type(address):
            continue
        parsed[address] = found = _parse(r, address)
        pending += found.edges
    values = parsed.values()
    return (list(parsed), [found.size for found in values], [found.element for found in values],
            [found.package_name for found in values], [tuple(found.names) for found in values])


def read_types(image: MemoryImage, moduledata: ModuleData, go_minor: int | None) -> TypeTable:
    r, table = TypeReader(image, moduledata, go_minor), TypeTable()
    itab_sizes: dict[int, int] = {}
    addresses, sizes, elements, package_names, names = _walk(r, moduledata, _roots(r, moduledata, itab_sizes))
    element_of, package_name_of = dict(zip(addresses, elements, strict=True)), dict(zip(addresses, package_names, strict=True))
    packages: dict[int, str | None] = {}
    paths: dict[int, str | None] = {}  # a package path's name, by address: the types of a package share it
    for address, size, found in zip(addresses, sizes, names, strict=True):
        package = _package(r, address, element_of, package_name_of, packages, paths)
        table.descriptors[address] = TypeDescriptor(address, size, package, found)
    every_name = list(dict.fromkeys(chain.from_iterable(names)))
    table.names = dict(zip(every_name, _name_sizes(r, every_name), strict=True))
    for itab, size in itab_sizes.items():
        concrete = r.word(itab + 8)
        table.itabs[itab] = (size, packages.get(concrete))
    _links(r, moduledata, table, packages)
    return table


def _name_sizes(r: TypeReader, names: list[int]) -> Sequence[int]:
    if native.speedups is not None:
        try:
            return array("q", native.speedups.name_sizes(r.data, r.base, names))
        except OverflowError:  # an address past 64 bits (crafted input): read in Python
            pass
    return [r.name(name)[0] for name in names]


def _links(r: TypeReader, md: ModuleData, table: TypeTable, packages: dict[int, str | None]) -> None:
    """Before Go 1.27: each typelinks entry (an offset) goes with the type it names, each itablinks entry
    (a pointer) with the itab it points at."""
    for entry in range(*md.typelinks, 4) if md.typelinks else ():
        table.links[entry] = (4, packages.get(md.types[0] + r.int32(entry)))
    for entry in range(*md.itablinks, 8) if md.itablinks else ():
        table.links[entry] = (8, table.itabs.get(r.word(entry), (0, None))[1])


def _package(r: TypeReader, address: int, element_of: dict[int, int | None], package_name_of: dict[int, int | None],
             known: dict[int, str | None], paths: dict[int, str | None]) -> str | None:
    """A named type's package, or its element's, down a chain of pointers, slices, arrays, maps; `paths`
    remembers each package path read."""
    chain, at = [], address
    while at in element_of and at not in known and at not in chain:
        chain.append(at)
        element = element_of[at]
        if package_name_of[at] is not None or element is None:
            break
        at = element
    result = known.get(at) if at in known else None
    for link in reversed(chain):
        package_name = package_name_of[link]
        if package_name is not None:
            if package_name not in paths:
                path = r.name(package_name)[1]
                paths[package_name] = path if path and path != SHAPES else None
            result = paths[package_name]
        elif element_of[link] is None:
            result = None
        known[link] = result
    return known[address]
