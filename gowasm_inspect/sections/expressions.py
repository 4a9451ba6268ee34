"""Constant expressions: the initialisers of globals and the offsets of active segments."""

from __future__ import annotations

import struct
from dataclasses import dataclass

from gowasm_inspect.sections.reader import Reader
from gowasm_inspect.sections.types import REFERENCE_TYPES

END = 0x0B
I32_CONST = 0x41
# Extended-constant arithmetic: no immediates, value not folded here.
_ARITHMETIC = {0x6A: "i32.add", 0x6B: "i32.sub", 0x6C: "i32.mul", 0x7C: "i64.add", 0x7D: "i64.sub", 0x7E: "i64.mul"}


@dataclass(frozen=True)
class ConstExpr:
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


def read_const_expr(r: Reader, what: str) -> ConstExpr:
    start = r.pos
    instructions: list[tuple[str, int | float | None]] = []
    while True:
        at = r.pos
        opcode = r.byte(f"instruction or end of {what}")
        if opcode == END:
            break
        if opcode == I32_CONST:
            instructions.append(("i32.const", r.s32("i32.const value")))
        elif opcode == 0x42:
            instructions.append(("i64.const", r.s64("i64.const value")))
        elif opcode == 0x43:
            instructions.append(("f32.const", struct.unpack("<f", r.bytes(4, "f32.const value"))[0]))
        elif opcode == 0x44:
            instructions.append(("f64.const", struct.unpack("<d", r.bytes(8, "f64.const value"))[0]))
        elif opcode == 0x23:
            instructions.append(("global.get", r.u32("global index")))
        elif opcode == 0xD0:
            kind = r.byte("reference type")
            if kind not in REFERENCE_TYPES:
                raise r.fail(f"expected a reference type after ref.null, found 0x{kind:02x}", at=r.pos - 1)
            instructions.append(("ref.null", None))
        elif opcode == 0xD2:
            instructions.append(("ref.func", r.u32("function index")))
        elif opcode in _ARITHMETIC:
            instructions.append((_ARITHMETIC[opcode], None))
        else:
            raise r.fail(f"expected a constant instruction in {what}, found opcode 0x{opcode:02x}", at=at)
    if not instructions:
        raise r.fail(f"{what} is empty", at=start)
    instruction, value = instructions[0]
    return ConstExpr(instruction, value if len(instructions) == 1 else None, r.pos - start)
