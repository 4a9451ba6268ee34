"""Read a whole WebAssembly module, section by section, into plain records.

Only one section payload is in memory at a time, and only for sections read in
detail; the others are skipped. Malformed standard sections raise
`WasmFormatError`; a malformed custom section is a warning, since the spec
never lets a custom section invalidate a module.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from functools import partial
from pathlib import Path
from typing import Any

from msgspec import Struct, field

from gowasm_inspect.errors import WasmFormatError
from gowasm_inspect.wasm.constants import ADDRESS_LIMIT, BodyConstants, scan_code_section, scan_constants
from gowasm_inspect.wasm.forked import Pending
from gowasm_inspect.wasm.format import CODE_SECTION_ID, CUSTOM_SECTION_ID, WASM_PAGE_SIZE
from gowasm_inspect.wasm.reader import Reader
from gowasm_inspect.wasm.sections.code import CodeSection, parse_code_section
from gowasm_inspect.wasm.sections.data import DataSection, parse_data_section
from gowasm_inspect.wasm.sections.declarations import (
    Global,
    parse_datacount_section,
    parse_function_section,
    parse_global_section,
    parse_memory_section,
    parse_start_section,
    parse_table_section,
    parse_tag_section,
)
from gowasm_inspect.wasm.sections.elements import ElementSegment, parse_element_section
from gowasm_inspect.wasm.sections.exports import Export, parse_export_section
from gowasm_inspect.wasm.sections.imports import Import, parse_import_section
from gowasm_inspect.wasm.sections.names import NAME_SECTION, NameSection, parse_name_section
from gowasm_inspect.wasm.sections.producers import PRODUCERS_SECTION, Producers, parse_producers_section
from gowasm_inspect.wasm.sections.types import FuncType, Limits, TableType, parse_type_section
from gowasm_inspect.wasm.source import FileSource, checked_sha256, identity, open_input
from gowasm_inspect.wasm.walk import SectionHeader, walk_sections


class WasmModule(Struct):
    path: str
    size: int
    sha256: str = ""  # the file's, once made (`file_sha256` waits for it when it is made on another core)
    sha256_made: Pending[str | None] | None = None  # being made elsewhere; None there: the file changed
    sections: list[SectionHeader] = field(default_factory=list)
    types: list[FuncType] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    function_types: list[int] = field(default_factory=list)
    tables: list[TableType] = field(default_factory=list)
    memories: list[Limits] = field(default_factory=list)
    tags: list[int] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    start: int | None = None
    elements: list[ElementSegment] = field(default_factory=list)
    datacount: int | None = None
    code: CodeSection | None = None
    code_constants: Pending[BodyConstants] | None = None  # when read with scan_code=True: being scanned
    data: DataSection | None = None
    names: NameSection | None = None
    producers: Producers | None = None
    custom_payloads: dict[str, bytes] = field(default_factory=dict)  # the custom sections asked for by name
    warnings: list[str] = field(default_factory=list)

    def file_sha256(self) -> str:
        """The file's SHA-256; WasmFormatError when it changed while it was read."""
        if self.sha256_made is not None:
            made, self.sha256_made = self.sha256_made.result(), None
            if made is None:  # the child that read it saw another file than this process did
                raise WasmFormatError(self.size, "the file changed while being read")
            self.sha256 = made
        return self.sha256

    @property
    def imported_function_count(self) -> int:
        return sum(1 for item in self.imports if item.kind == "func")

    def section(self, name: str) -> SectionHeader | None:
        return next((header for header in self.sections if header.name == name), None)


# Standard section id -> (WasmModule attribute, parser). The code parser needs the imported function count.
_STANDARD_PARSERS: dict[int, tuple[str, Callable[[Reader, WasmModule], Any]]] = {
    1: ("types", lambda r, m: parse_type_section(r)),
    2: ("imports", lambda r, m: parse_import_section(r)),
    3: ("function_types", lambda r, m: parse_function_section(r)),
    4: ("tables", lambda r, m: parse_table_section(r)),
    5: ("memories", lambda r, m: parse_memory_section(r)),
    6: ("globals", lambda r, m: parse_global_section(r)),
    7: ("exports", lambda r, m: parse_export_section(r)),
    8: ("start", lambda r, m: parse_start_section(r)),
    9: ("elements", lambda r, m: parse_element_section(r)),
    10: ("code", lambda r, m: parse_code_section(r, m.imported_function_count)),
    11: ("data", lambda r, m: parse_data_section(r)),
    12: ("datacount", lambda r, m: parse_datacount_section(r)),
    13: ("tags", lambda r, m: parse_tag_section(r)),
}
# Custom sections read in detail, by name.
_CUSTOM_PARSERS: dict[str, tuple[str, Callable[[Reader], Any]]] = {
    NAME_SECTION: ("names", parse_name_section),
    PRODUCERS_SECTION: ("producers", parse_producers_section),
}


def _read_standard(source: FileSource, header: SectionHeader, module: WasmModule, scan_code: bool) -> None:
    attribute, parse = _STANDARD_PARSERS[header.id]
    payload = source.read(header.payload_size, f"{header.name} section")
    reader = Reader(payload, base=header.payload_offset)
    setattr(module, attribute, parse(reader, module))
    reader.expect_end(f"the {header.name} section's contents")
    if scan_code and module.code is not None and header.id == CODE_SECTION_ID:
        path, bodies = module.path, module.code.bodies  # scanned on another core while the rest is read
        limit = initial_memory_size(module)
        # a child scans the payload it was forked with; this process lets it go, and reads it again only if
        # it has to scan here
        held = [payload]
        module.code_constants = Pending(
            lambda: scan_constants(held[0], header.payload_offset, bodies, limit) if held
            else scan_code_section(path, header.payload_offset, header.payload_size, bodies, limit))
        if not module.code_constants.forked:  # one process: scanned now, while the payload is at hand
            found = module.code_constants.result()
            module.code_constants = Pending(lambda: found, fork=False)
        held.clear()


def initial_memory_size(module: WasmModule) -> int:
    """Bytes of memory 0 at instantiation, which active data must fit in (so no address of data is larger);
    ADDRESS_LIMIT when memory is imported, 64-bit or not declared before the code."""
    imported = any(entry.kind == "memory" for entry in module.imports)
    if imported or len(module.memories) != 1 or module.memories[0].is64:
        return ADDRESS_LIMIT
    return min(module.memories[0].min * WASM_PAGE_SIZE, ADDRESS_LIMIT)


def _read_custom(source: FileSource, header: SectionHeader, module: WasmModule, keep: Collection[str]) -> None:
    name = header.custom_name or ""
    if name in keep:
        module.custom_payloads[name] = source.read(header.content_size, f"{name} section")
        return
    if name not in _CUSTOM_PARSERS:
        return
    attribute, parse = _CUSTOM_PARSERS[name]
    payload = source.read(header.content_size, f"{name} section")
    try:
        setattr(module, attribute, parse(Reader(payload, base=header.content_offset)))
    except WasmFormatError as error:
        module.warnings.append(f"{name} section is malformed at {error}; its contents were ignored")


def _check_consistency(module: WasmModule) -> None:
    declared = len(module.function_types)
    bodies = len(module.code.bodies) if module.code else 0
    if declared != bodies:
        where = module.section("code") or module.section("function")
        raise WasmFormatError(
            where.offset if where else module.size,
            f"the function section declares {declared} functions but the code section has {bodies} bodies",
        )
    data = module.section("data")
    if module.datacount is not None and module.data is not None and data is not None \
            and module.datacount != len(module.data.segments):
        raise WasmFormatError(data.offset, f"the datacount section declares {module.datacount} segments "
                                           f"but the data section has {len(module.data.segments)}")


def read_module(path: str | os.PathLike[str], keep_custom: Collection[str] = (), scan_code: bool = False,
                digest: bool = True) -> WasmModule:
    """Read the module at `path`; the payloads of the custom sections named in `keep_custom` are kept, and
    with `scan_code` the constants the function bodies push that could be addresses. Without `digest`, the
    file's SHA-256 is not made (`sha256` stays empty)."""
    stream, size = open_input(path)
    with stream:
        before = identity(stream)
        # the digest is made on another core while the file is parsed here, where a child can read it
        made = Pending(partial(checked_sha256, stream.fileno(), size, before)) \
            if digest and hasattr(os, "pread") else None
        source = FileSource(stream, size, hashing=digest and (made is None or not made.forked))
        module = WasmModule(path=str(Path(path)), size=size)
        for header in walk_sections(source):
            module.sections.append(header)
            if header.id == CUSTOM_SECTION_ID:
                _read_custom(source, header, module, keep_custom)
            elif header.id in _STANDARD_PARSERS:
                _read_standard(source, header, module, scan_code)
            else:
                module.warnings.append(
                    f"section with unknown id {header.id} at byte {header.offset} "
                    f"({header.payload_size} bytes) is counted but not understood"
                )
        _check_consistency(module)
        if made is None or not made.forked:
            module.sha256 = source.hexdigest()
        elif identity(stream) != before:  # then the two reads may not have seen the same bytes
            raise WasmFormatError(size, "the file changed while being read")
        else:
            module.sha256_made = made  # asked for when it is wanted: the reading goes on meanwhile
    return module


def read_sections(path: str | os.PathLike[str]) -> WasmModule:
    """Only the section headers (and custom sections' names) of the module at `path`: each header and the
    sections' order and sizes are checked, no payload is parsed or hashed (what `strip` needs to copy
    ranges)."""
    stream, size = open_input(path)
    with stream:
        module = WasmModule(path=str(Path(path)), size=size)
        module.sections.extend(walk_sections(FileSource(stream, size, hashing=False)))
    return module
