"""The element section: function references that fill tables (Go's indirect-call table)."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.wasm.format import (
    ELEMENT_EXPLICIT_TABLE,
    ELEMENT_EXPRESSIONS,
    ELEMENT_FLAGS_MAX,
    ELEMENT_PASSIVE_OR_DECLARATIVE,
)
from gowasm_inspect.wasm.reader import Reader
from gowasm_inspect.wasm.sections.expressions import ConstExpr, read_const_expr
from gowasm_inspect.wasm.sections.types import read_reference_type


class ElementSegment(Struct, frozen=True):
    mode: str  # active, passive or declarative
    table_index: int | None
    offset: ConstExpr | None
    element_type: str
    count: int


def _read_element(r: Reader) -> ElementSegment:
    at = r.pos
    flags = r.u32("element segment flags")
    if flags > ELEMENT_FLAGS_MAX:
        raise r.fail(f"expected element segment flags 0-{ELEMENT_FLAGS_MAX}, found {flags}", at=at)
    active = not flags & ELEMENT_PASSIVE_OR_DECLARATIVE
    explicit = bool(flags & ELEMENT_EXPLICIT_TABLE)  # active: a table index; otherwise: declarative
    mode = "active" if active else ("declarative" if explicit else "passive")
    table_index = (r.u32("table index") if explicit else 0) if active else None
    offset = read_const_expr(r, "element segment offset") if active else None
    uses_expressions = bool(flags & ELEMENT_EXPRESSIONS)
    element_type = "funcref"
    if flags & (ELEMENT_PASSIVE_OR_DECLARATIVE | ELEMENT_EXPLICIT_TABLE):  # an element kind or type follows
        if uses_expressions:
            element_type = read_reference_type(r)
        else:
            kind_at = r.pos
            if r.byte("element kind") != 0:
                raise r.fail("expected element kind 0x00 (funcref)", at=kind_at)
    count = r.count("elements")
    if uses_expressions:
        for _ in range(count):
            read_const_expr(r, "element expression")
    else:
        r.u32s(count, "function index")
    return ElementSegment(mode, table_index, offset, element_type, count)


def parse_element_section(r: Reader) -> list[ElementSegment]:
    return [_read_element(r) for _ in range(r.count("element segments", min_item_size=2))]
