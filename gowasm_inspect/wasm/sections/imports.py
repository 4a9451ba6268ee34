"""The import section: what the host provides (for Go: `gojs`/`go` or `wasi_snapshot_preview1`)."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.wasm.format import EXTERNAL_KINDS
from gowasm_inspect.wasm.reader import Reader
from gowasm_inspect.wasm.sections.types import (
    GlobalType,
    Limits,
    TableType,
    read_global_type,
    read_limits,
    read_table_type,
)


class Import(Struct, frozen=True):
    module: str
    name: str
    kind: str  # func, table, memory, global or tag
    type: int | TableType | Limits | GlobalType  # a type index for func and tag


def read_external_kind(r: Reader) -> str:
    return r.enum(EXTERNAL_KINDS, "external kind")


def read_tag_type(r: Reader) -> int:
    at = r.pos
    attribute = r.byte("tag attribute")
    if attribute != 0:
        raise r.fail(f"expected tag attribute 0 (exception), found 0x{attribute:02x}", at=at)
    return r.u32("tag type index")


def _read_import(r: Reader) -> Import:
    module = r.name("import module name")
    name = r.name("import name")
    kind = read_external_kind(r)
    description: int | TableType | Limits | GlobalType
    if kind == "func":
        description = r.u32("function type index")
    elif kind == "table":
        description = read_table_type(r)
    elif kind == "memory":
        description = read_limits(r)
    elif kind == "global":
        description = read_global_type(r)
    else:
        description = read_tag_type(r)
    return Import(module, name, kind, description)


def parse_import_section(r: Reader) -> list[Import]:
    return [_read_import(r) for _ in range(r.count("imports", min_item_size=4))]
