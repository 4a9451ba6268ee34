"""The small sections that declare a module's entities: function, table, memory, global, tag, start, datacount."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.wasm.reader import Reader
from gowasm_inspect.wasm.sections.expressions import ConstExpr, read_const_expr
from gowasm_inspect.wasm.sections.imports import read_tag_type
from gowasm_inspect.wasm.sections.types import (
    GlobalType,
    Limits,
    TableType,
    read_global_type,
    read_limits,
    read_table_type,
)


class Global(Struct, frozen=True):
    type: GlobalType
    init: ConstExpr


def parse_function_section(r: Reader) -> list[int]:
    """The type index of every defined function, in order."""
    return r.u32s(r.count("functions"), "function type index")


def parse_table_section(r: Reader) -> list[TableType]:
    return [read_table_type(r) for _ in range(r.count("tables", min_item_size=3))]


def parse_memory_section(r: Reader) -> list[Limits]:
    return [read_limits(r) for _ in range(r.count("memories", min_item_size=2))]


def _read_global(r: Reader) -> Global:
    global_type = read_global_type(r)
    return Global(global_type, read_const_expr(r, "global initialiser"))


def parse_global_section(r: Reader) -> list[Global]:
    return [_read_global(r) for _ in range(r.count("globals", min_item_size=4))]


def parse_tag_section(r: Reader) -> list[int]:
    return [read_tag_type(r) for _ in range(r.count("tags", min_item_size=2))]


def parse_start_section(r: Reader) -> int:
    return r.u32("start function index")


def parse_datacount_section(r: Reader) -> int:
    return r.u32("data segment count")
