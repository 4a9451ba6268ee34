"""The Go linker's own map of a fixture (fixtures/symbols/, see fixtures/linker/README.md), and the data
section regions it implies, computed without the tool: symbol extents from the linker, segment
placement from wabt's wasm-objdump (fixtures/groundtruth.py)."""

from __future__ import annotations

import ast
import gzip
import hashlib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SYMBOLS = Path(__file__).resolve().parent.parent / "fixtures" / "symbols"
# linker section -> the region its bytes belong to when no symbol rule below names another
_SECTION_REGION = {".rodata": "rodata", ".noptrdata": "noptrdata", ".data": "data", ".typelink": "typelinks",
                   ".itablink": "itablinks", ".go.type": "types", ".go.func": "funcdesc",
                   ".go.buildinfo": "funcdesc", ".go.module": "moduledata", ".gopclntab": "pcheader"}
_PCLNTAB_PARTS = {"runtime.pcheader": "pcheader", "runtime.funcnametab": "funcnametab", "runtime.cutab": "cutab",
                  "runtime.filetab": "filetab", "runtime.pctab": "pctab", "runtime.functab": "functab",
                  "go:func.*": "funcdata", "runtime.findfunctab": "findfunctab"}


@dataclass(frozen=True)
class Symbol:
    section: str
    kind: str
    address: int
    size: int
    outer: str
    name: str


@dataclass
class SymbolMap:
    sections: dict[str, tuple[int, int]]
    symbols: list[Symbol]
    funcdata: list[tuple[str, int, str, int, int]]  # function, slot, symbol, value, size
    sha256: str

    def named(self, name: str) -> Symbol:
        return next(symbol for symbol in self.symbols if symbol.name == name)


def load_symbol_map(wasm_name: str) -> SymbolMap:
    raw = gzip.decompress((SYMBOLS / wasm_name.replace(".wasm", ".symbols.tsv.gz")).read_bytes())
    sections, symbols, funcdata = {}, [], []
    for line in raw.decode().splitlines():
        fields = line.split("\t")
        if fields[0] == "section":
            sections[fields[1]] = (int(fields[2]), int(fields[2]) + int(fields[3]))
        elif fields[0] == "symbol":
            symbols.append(Symbol(fields[1], fields[2], int(fields[3]), int(fields[4]),
                                  ast.literal_eval(fields[5]), ast.literal_eval(fields[6])))
        elif fields[0] == "funcdata":
            funcdata.append((ast.literal_eval(fields[1]), int(fields[2]), ast.literal_eval(fields[3]),
                             int(fields[4]), int(fields[5])))
    return SymbolMap(sections, symbols, funcdata, hashlib.sha256(raw).hexdigest())


def _region_of(symbol: Symbol, modinfo: tuple[int, int]) -> str:
    if symbol.section == ".gopclntab" or symbol.name == "runtime.findfunctab":
        return _PCLNTAB_PARTS.get((symbol.outer and symbol.name) or symbol.name, "pcheader")
    if symbol.outer == "go:func.*":
        return "funcdata"
    if symbol.name == "runtime.firstmoduledata":
        return "moduledata"
    if symbol.section == ".go.type":
        return "itabs" if symbol.name.startswith("go:itab.") else "types"
    return _SECTION_REGION[symbol.section]


def truth_labels(symbol_map: SymbolMap, modinfo: tuple[int, int], before_1_27: bool) -> list[tuple[int, int, str]]:
    """(start, end, region) covering every linker section that reaches memory: a symbol's region runs to
    the next symbol (alignment padding belongs to what it follows); bytes between sections are unlabelled."""
    labels = []
    for section, (start, end) in symbol_map.sections.items():
        if section not in _SECTION_REGION or start == end:
            continue
        inside = sorted((s for s in symbol_map.symbols if s.section == section and s.size > 0
                         and s.name not in ("runtime.pclntab",)), key=lambda s: s.address)
        at, region = start, _SECTION_REGION[section]
        for symbol in inside:
            if symbol.address > at:
                labels.append((at, symbol.address, region))
            region = _region_of(symbol, modinfo)
            at = max(at, symbol.address)
        labels.append((at, end, region))
    labels.append((modinfo[0], modinfo[1], "modinfo"))
    return _carve(labels, before_1_27)


def _carve(labels: list[tuple[int, int, str]], before_1_27: bool) -> list[tuple[int, int, str]]:
    """modinfo (the last label) cut out of whatever holds it; before Go 1.27 type metadata and rodata are one."""
    *rest, (m_start, m_end, _) = labels
    out = []
    for start, end, region in rest:
        if before_1_27 and region in ("types", "rodata"):
            region = "types+rodata"
        for lo, hi in ((start, min(end, m_start)), (max(start, m_end), end)):
            if lo < hi:
                out.append((lo, hi, region))
    out.append((m_start, m_end, "modinfo"))
    return sorted(out)


def file_bytes_by_region(labels: list[tuple[int, int, Any]], segments: list[tuple[int, int]]) -> dict[Any, int]:
    """File bytes of the segments' contents in each region; `segments` as (address, size)."""
    segments = [(address & 0xFFFF_FFFF, size) for address, size in segments]
    starts = [start for start, _, _ in labels]
    found: dict[str, int] = defaultdict(int)
    for address, size in segments:
        end = address + size
        while address < end:
            at = bisect_right(starts, address) - 1
            if at < 0 or address >= labels[at][1]:
                following = starts[at + 1] if at + 1 < len(starts) else end
                upto = min(end, following)
                found["unlabelled"] += upto - address
            else:
                upto = min(end, labels[at][1])
                found[labels[at][2]] += upto - address
            address = upto
    return dict(found)



_COMPOSITE = ("*", "[]", "chan ", "<-chan ", "chan<- ")
_LITERAL = ("struct {", "interface {", "func(")


def type_package(symbol: str) -> str | None:
    """The package a `type:` symbol's own name says declares it: a named type's, or that of the element a
    pointer, slice, array, channel or map is made of; None for literal and predeclared types."""
    from gowasm_inspect.golang.symbols import split_symbol

    name = symbol.removeprefix("type:").removeprefix("noalg.")
    while True:
        prefix = next((p for p in _COMPOSITE if name.startswith(p)), None)
        if prefix:
            name = name[len(prefix) :]
        elif name.startswith("[") or name.startswith("map["):  # [N]T, map[K]V: past the balanced bracket
            depth, close = 0, name.index("[")
            for close in range(name.index("["), len(name)):
                depth += {"[": 1, "]": -1}.get(name[close], 0)
                if depth == 0:
                    break
            name = name[close + 1 :]
        else:
            break
    if name.startswith(_LITERAL):
        return None
    package, _ = split_symbol(name)
    return package if package and not package.startswith("(") else None  # (linker): go.shape.int and such


def static_data_truth(symbol_map: SymbolMap, constants: dict[int, list[int]], package_of: dict[int, str | None],
                      words: Any, segments: list[tuple[int, int]]) -> dict[str | None, int]:
    """Package -> file bytes of the strings, tables and variables (the linker's .rodata, .noptrdata and
    .data symbols, type metadata aside) that its code pushes an address inside of, or that a symbol it owns
    points into (transitively); `(shared)` when several packages do, None when none does. Padding after a
    symbol is the symbol's. `words(start, end)`: the aligned 8-byte words of memory there, as
    (address, value)."""
    types = (symbol_map.named("runtime.types").address, symbol_map.named("runtime.etypes").address)
    extents = []  # (start, end of the symbol, end with its padding, section)
    for section in (".rodata", ".noptrdata", ".data"):
        if section not in symbol_map.sections:
            continue
        inside = sorted((s for s in symbol_map.symbols if s.section == section and s.size > 0),
                        key=lambda s: s.address)
        for number, symbol in enumerate(inside):
            if types[0] <= symbol.address < types[1] or symbol.name.startswith(("type:", "go:itab.")) \
                    or symbol.outer.startswith("go:func") or symbol.name == "runtime.modinfo":
                continue
            following = inside[number + 1].address if number + 1 < len(inside) else symbol_map.sections[section][1]
            extents.append((symbol.address, symbol.address + symbol.size, max(following, symbol.address + symbol.size),
                            section))
    extents.sort()
    starts = [start for start, _, _, _ in extents]

    def holding(address: int) -> int | None:
        at = bisect_right(starts, address) - 1
        return at if at >= 0 and address < extents[at][1] else None

    owners: list[set[str | None]] = [set() for _ in extents]
    for function, values in constants.items():
        for value in values:
            at = holding(value)
            if at is not None:
                owners[at].add(package_of.get(function))
    links = [(source, target) for source, (start, end, _, section) in enumerate(extents) if section != ".noptrdata"
             for address, value in words(start, end) if (target := holding(value)) is not None and target != source]
    changed = True
    while changed:  # to the closure
        changed = False
        for source, target in links:
            if not owners[source] <= owners[target]:
                owners[target] |= owners[source]
                changed = True
    labels = [(start, padded, None if not found else next(iter(found)) if len(found) == 1 else "(shared)")
              for (start, _, padded, _), found in zip(extents, owners, strict=True)]
    found = file_bytes_by_region(labels, segments)
    found.pop("unlabelled", None)
    return found
