"""Type encodings shared by several sections: value types, limits, function/table/global types."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.wasm.format import (
    FUNC_TYPE_FORM,
    GC_TYPE_FORMS,
    LIMITS_64,
    LIMITS_FLAGS_MAX,
    LIMITS_HAS_MAX,
    LIMITS_SHARED,
    REFERENCE_TYPES,
    VALUE_TYPES,
)
from gowasm_inspect.wasm.reader import Reader


class FuncType(Struct, frozen=True):
    params: tuple[str, ...]
    results: tuple[str, ...]


class Limits(Struct, frozen=True):
    min: int
    max: int | None
    shared: bool = False
    is64: bool = False  # memory64


class TableType(Struct, frozen=True):
    element: str
    limits: Limits


class GlobalType(Struct, frozen=True):
    value: str
    mutable: bool


def read_value_type(r: Reader) -> str:
    return r.enum(VALUE_TYPES, "value type")


def read_reference_type(r: Reader) -> str:
    return r.enum(REFERENCE_TYPES, "reference type")


def read_limits(r: Reader) -> Limits:
    at = r.pos
    flags = r.byte("limits flags")
    if flags > LIMITS_FLAGS_MAX:
        raise r.fail(f"expected limits flags 0x00-0x{LIMITS_FLAGS_MAX:02x}, found 0x{flags:02x}", at=at)
    is64 = bool(flags & LIMITS_64)
    read = r.u64 if is64 else r.u32
    minimum = read("limits minimum")
    maximum = read("limits maximum") if flags & LIMITS_HAS_MAX else None
    return Limits(minimum, maximum, shared=bool(flags & LIMITS_SHARED), is64=is64)


def read_table_type(r: Reader) -> TableType:
    element = read_reference_type(r)
    return TableType(element, read_limits(r))


def read_global_type(r: Reader) -> GlobalType:
    value = read_value_type(r)
    at = r.pos
    mutability = r.byte("global mutability")
    if mutability > 1:
        raise r.fail(f"expected global mutability 0 or 1, found 0x{mutability:02x}", at=at)
    return GlobalType(value, bool(mutability))


def read_func_type(r: Reader) -> FuncType:
    at = r.pos
    form = r.byte("function type")
    if form != FUNC_TYPE_FORM:
        raise r.fail(
            f"expected a function type (0x{FUNC_TYPE_FORM:02x}), found 0x{form:02x}"
            + (" (garbage-collection proposal types are not supported)" if form in GC_TYPE_FORMS else ""),
            at=at,
        )
    params = tuple(read_value_type(r) for _ in range(r.count("parameter types")))
    results = tuple(read_value_type(r) for _ in range(r.count("result types")))
    return FuncType(params, results)


def parse_type_section(r: Reader) -> list[FuncType]:
    return [read_func_type(r) for _ in range(r.count("types", min_item_size=3))]
