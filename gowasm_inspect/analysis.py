"""Turn a parsed module into the report model."""

from __future__ import annotations

import os

from gowasm_inspect.model import ExportEntry, FunctionEntry, ImportEntry, Report, SectionEntry
from gowasm_inspect.sections.module import Module, read_module


def _import_entries(module: Module) -> list[ImportEntry]:
    next_index: dict[str, int] = {}
    entries = []
    for item in module.imports:
        index = next_index.get(item.kind, 0)
        next_index[item.kind] = index + 1
        entries.append(ImportEntry(item.module, item.name, item.kind, index))
    return entries


def build_report(module: Module) -> Report:
    names = module.names.function_names if module.names else {}
    bodies = module.code.bodies if module.code else []
    return Report(
        file=module.path,
        size=module.size,
        sha256=module.sha256,
        sections=[
            SectionEntry(header.id, header.name, header.offset, header.header_size, header.payload_size)
            for header in module.sections
        ],
        functions=[FunctionEntry(body.index, names.get(body.index), body.body_size, body.size) for body in bodies],
        imports=_import_entries(module),
        exports=[ExportEntry(item.name, item.kind, item.index) for item in module.exports],
        warnings=list(module.warnings),
    )


def analyze(path: str | os.PathLike[str]) -> Report:
    """Read a .wasm file and build its report."""
    return build_report(read_module(path))
