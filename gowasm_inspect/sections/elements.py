"""The element section: function references that fill tables (Go's indirect-call table)."""

from __future__ import annotations

from dataclasses import dataclass

from gowasm_inspect.sections.expressions import ConstExpr, read_const_expr
from gowasm_inspect.sections.reader import Reader
from gowasm_inspect.sections.types import read_reference_type


@dataclass(frozen=True)
class ElementSegment:
    mode: str  # active, passive or declarative
    table_index: int | None
    offset: ConstExpr | None
    element_type: str
    count: int


def _read_element(r: Reader) -> ElementSegment:
    at = r.pos
    flags = r.u32("element segment flags")
    if flags > 7:
        raise r.fail(f"expected element segment flags 0-7, found {flags}", at=at)
    active = not flags & 0x01
    mode = "active" if active else ("declarative" if flags & 0x02 else "passive")
    table_index = (r.u32("table index") if flags & 0x02 else 0) if active else None
    offset = read_const_expr(r, "element segment offset") if active else None
    uses_expressions = bool(flags & 0x04)
    element_type = "funcref"
    if flags & 0x03:  # an explicit element kind or reference type follows
        if uses_expressions:
            element_type = read_reference_type(r)
        else:
            kind_at = r.pos
            if r.byte("element kind") != 0:
                raise r.fail("expected element kind 0x00 (funcref)", at=kind_at)
    count = r.count("elements")
    for _ in range(count):
        if uses_expressions:
            read_const_expr(r, "element expression")
        else:
            r.u32("function index")
    return ElementSegment(mode, table_index, offset, element_type, count)


def parse_element_section(r: Reader) -> list[ElementSegment]:
    return [_read_element(r) for _ in range(r.count("element segments", min_item_size=2))]
