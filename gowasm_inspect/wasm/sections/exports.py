"""The export section: what the module offers its host (`run`, `_start`, `//go:wasmexport` functions, memory)."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.wasm.reader import Reader
from gowasm_inspect.wasm.sections.imports import read_external_kind


class Export(Struct, frozen=True):
    name: str
    kind: str
    index: int


def _read_export(r: Reader) -> Export:
    name = r.name("export name")
    kind = read_external_kind(r)
    return Export(name, kind, r.u32(f"{kind} index"))


def parse_export_section(r: Reader) -> list[Export]:
    return [_read_export(r) for _ in range(r.count("exports", min_item_size=3))]
