"""Constant expressions: the initialisers of globals and the offsets of active segments."""

from __future__ import annotations

import struct
from collections.abc import Callable

from msgspec import Struct

from gowasm_inspect.wasm.format import (
    END,
    F32_CONST,
    F64_CONST,
    GLOBAL_GET,
    I32_ADD,
    I32_CONST,
    I32_MUL,
    I32_SUB,
    I64_ADD,
    I64_CONST,
    I64_MUL,
    I64_SUB,
    REF_FUNC,
    REF_NULL,
    REFERENCE_TYPES,
    SIMD_PREFIX,
    V128_CONST,
)
from gowasm_inspect.wasm.reader import Reader

# Extended-constant arithmetic: no immediates, value not folded here.
_ARITHMETIC = {I32_ADD: "i32.add", I32_SUB: "i32.sub", I32_MUL: "i32.mul",
               I64_ADD: "i64.add", I64_SUB: "i64.sub", I64_MUL: "i64.mul"}


class ConstExpr(Struct, frozen=True):
    """A constant expression; `value` is set when it is a single constant instruction."""

    instruction: str  # the first instruction, e.g. "i32.const", "global.get"
    value: int | float | None
    size: int  # bytes, including the end opcode

    @property
    def constant_offset(self) -> int | None:
        """The address an i32/i64.const offset names, read as unsigned."""
        if self.instruction == "i32.const" and isinstance(self.value, int):
            return self.value & 0xFFFF_FFFF
        if self.instruction == "i64.const" and isinstance(self.value, int):
            return self.value & 0xFFFF_FFFF_FFFF_FFFF
        return None


def _ref_null(r: Reader) -> None:
    kind = r.byte("reference type")
    if kind not in REFERENCE_TYPES:
        raise r.fail(f"expected a reference type after ref.null, found 0x{kind:02x}", at=r.pos - 1)


def _v128_const(r: Reader) -> int:
    at = r.pos
    opcode = r.u32("SIMD opcode")
    if opcode != V128_CONST:
        raise r.fail(f"expected a constant instruction, found SIMD opcode {opcode}", at=at)
    return int.from_bytes(r.bytes(16, "v128.const value"), "little")


# opcode -> (instruction name, reader of its immediate)
_CONSTANTS: dict[int, tuple[str, Callable[[Reader], int | float | None]]] = {
    I32_CONST: ("i32.const", lambda r: r.s32("i32.const value")),
    I64_CONST: ("i64.const", lambda r: r.s64("i64.const value")),
    F32_CONST: ("f32.const", lambda r: float(struct.unpack("<f", r.bytes(4, "f32.const value"))[0])),
    F64_CONST: ("f64.const", lambda r: float(struct.unpack("<d", r.bytes(8, "f64.const value"))[0])),
    GLOBAL_GET: ("global.get", lambda r: r.u32("global index")),
    REF_NULL: ("ref.null", _ref_null),
    REF_FUNC: ("ref.func", lambda r: r.u32("function index")),
    SIMD_PREFIX: ("v128.const", _v128_const),
    **{opcode: (name, lambda r: None) for opcode, name in _ARITHMETIC.items()},
}


def read_const_expr(r: Reader, what: str) -> ConstExpr:
    start = r.pos
    instructions: list[tuple[str, int | float | None]] = []
    while True:
        at = r.pos
        opcode = r.byte(f"instruction or end of {what}")
        if opcode == END:
            break
        if opcode not in _CONSTANTS:
            raise r.fail(f"expected a constant instruction in {what}, found opcode 0x{opcode:02x}", at=at)
        name, immediate = _CONSTANTS[opcode]
        instructions.append((name, immediate(r)))
    if not instructions:
        raise r.fail(f"{what} is empty", at=start)
    instruction, value = instructions[0]
    return ConstExpr(instruction, value if len(instructions) == 1 else None, r.pos - start)
