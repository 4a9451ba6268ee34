"""Read a whole WebAssembly module, section by section, into plain records.

Only one section payload is in memory at a time, and only for sections read in
detail; the others are skipped. Malformed standard sections raise
`WasmFormatError`; a malformed custom section is a warning, since the spec
never lets a custom section invalidate a module.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from gowasm_inspect.errors import InputError, WasmFormatError
from gowasm_inspect.sections.buildid import BUILD_ID_SECTION_NAMES, parse_build_id
from gowasm_inspect.sections.code import CodeSection, parse_code_section
from gowasm_inspect.sections.data import DataSection, parse_data_section
from gowasm_inspect.sections.declarations import (
    Global,
    parse_datacount_section,
    parse_function_section,
    parse_global_section,
    parse_memory_section,
    parse_start_section,
    parse_table_section,
    parse_tag_section,
)
from gowasm_inspect.sections.elements import ElementSegment, parse_element_section
from gowasm_inspect.sections.exports import Export, parse_export_section
from gowasm_inspect.sections.imports import Import, parse_import_section
from gowasm_inspect.sections.names import NameSection, parse_name_section
from gowasm_inspect.sections.producers import parse_producers_section
from gowasm_inspect.sections.reader import Reader
from gowasm_inspect.sections.types import FuncType, Limits, TableType, parse_type_section
from gowasm_inspect.sections.walk import (
    CUSTOM_SECTION_ID,
    FileSource,
    SectionHeader,
    walk_sections,
)


@dataclass
class Module:
    path: str
    size: int
    sha256: str = ""
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
    data: DataSection | None = None
    data_payload: bytes = b""  # the data section's payload, for readers of linear memory
    names: NameSection | None = None
    producers: dict[str, list[tuple[str, str]]] | None = None
    build_id: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def imported_function_count(self) -> int:
        return sum(1 for item in self.imports if item.kind == "func")

    def section(self, name: str) -> SectionHeader | None:
        return next((header for header in self.sections if header.name == name), None)


# Standard section id -> (Module attribute, parser). The code parser needs the imported function count.
_STANDARD_PARSERS: dict[int, tuple[str, Callable[[Reader, Module], Any]]] = {
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


def _read_standard(source: FileSource, header: SectionHeader, module: Module) -> None:
    attribute, parse = _STANDARD_PARSERS[header.id]
    payload = source.read(header.payload_size, f"{header.name} section")
    reader = Reader(payload, base=header.payload_offset)
    setattr(module, attribute, parse(reader, module))
    reader.expect_end(f"the {header.name} section's contents")
    if header.name == "data":
        module.data_payload = payload


def _read_custom(source: FileSource, header: SectionHeader, module: Module) -> None:
    name = header.custom_name
    if name not in ("name", "producers", *BUILD_ID_SECTION_NAMES):
        return
    payload = source.read(header.content_size, f"{name} section")
    if name in BUILD_ID_SECTION_NAMES:
        module.build_id = parse_build_id(payload)
        if module.build_id is None:
            module.warnings.append(f"{name} section at byte {header.offset} holds no Go build ID note")
        return
    reader = Reader(payload, base=header.content_offset)
    try:
        if name == "name":
            module.names = parse_name_section(reader)
        else:
            module.producers = parse_producers_section(reader)
    except WasmFormatError as error:
        module.warnings.append(f"{name} section is malformed at {error}; its contents were ignored")


def _check_consistency(module: Module) -> None:
    declared = len(module.function_types)
    bodies = len(module.code.bodies) if module.code else 0
    if declared != bodies:
        where = module.section("code") or module.section("function")
        raise WasmFormatError(
            where.offset if where else module.size,
            f"the function section declares {declared} functions but the code section has {bodies} bodies",
        )
    if module.datacount is not None and module.data is not None and module.datacount != len(module.data.segments):
        raise WasmFormatError(
            module.section("data").offset,  # type: ignore[union-attr]
            f"the datacount section declares {module.datacount} segments but the data section has "
            f"{len(module.data.segments)}",
        )


def open_input(path: str | os.PathLike[str]) -> tuple[Any, int]:
    """Open a regular file for reading; InputError says plainly why not."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the caller
    except FileNotFoundError:
        raise InputError("no such file") from None
    except IsADirectoryError:
        raise InputError("is a directory, not a .wasm file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as error:
        raise InputError(error.strerror or str(error)) from None
    info = os.fstat(stream.fileno())
    if not stat.S_ISREG(info.st_mode):
        stream.close()
        raise InputError("is not a regular file")
    return stream, info.st_size


def read_module(path: str | os.PathLike[str]) -> Module:
    stream, size = open_input(path)
    with stream:
        source = FileSource(stream, size)
        module = Module(path=str(Path(path)), size=size)
        for header in walk_sections(source):
            module.sections.append(header)
            if header.id == CUSTOM_SECTION_ID:
                _read_custom(source, header, module)
            elif header.id in _STANDARD_PARSERS:
                _read_standard(source, header, module)
            else:
                module.warnings.append(
                    f"section with unknown id {header.id} at byte {header.offset} "
                    f"({header.payload_size} bytes) is counted but not understood"
                )
        _check_consistency(module)
        module.sha256 = source.sha256.hexdigest()
    return module

