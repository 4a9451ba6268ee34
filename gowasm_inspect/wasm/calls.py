"""What each body refers to by function: the functions it calls by index (`call`), the direct
edges of a module's call graph, and the constants from 2**28 up to 2**32 it pushes (where Go
keeps its program counters: golang/ reads them).

Bodies are decoded as the constant scan (constants.py) decodes them, instruction by
instruction, in C where it is built; a body using an instruction that scan does not
know is named, never guessed at. `call_indirect` names no function (what it can reach
is the table's to say), and a `call` whose index does not fit 32 bits names none either.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence

from msgspec import Struct, field

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.constants import (
    BR_TABLE,
    CALL,
    LEB_PATTERN,
    ONE_IMMEDIATE,
    OTHER_INSTRUCTIONS,
    skip_br_table,
    skip_locals,
)
from gowasm_inspect.wasm.reader import LEB128_PAYLOAD, scan_leb128
from gowasm_inspect.wasm.sections.code import FunctionBody

_LARGEST_INDEX = (1 << 32) - 1
HIGH_LOW, HIGH_LIMIT = 1 << 28, 1 << 32  # the constants kept: HIGH_LOW <= value <= HIGH_LIMIT - 1
# every instruction the scans know but `call`, `br_table` and a constant of five bytes, not negative (the
# encoding of every value from 2**28 to 2**32), any number of them (possessive: no backtracking)
_STEP_OVER = re.compile(b"(?:%s)*+" % b"|".join([
    rb"[" + ONE_IMMEDIATE + rb"]" + LEB_PATTERN,
    rb"[\x41\x42](?:[\x80-\xff]{0,3}[\x00-\x7f]|[\x80-\xff]{4}[\x40-\x7f]|[\x80-\xff]{5,}[\x00-\x7f])",
    *OTHER_INSTRUCTIONS]), re.DOTALL)
_FIVE_BYTE_CONSTANT = re.compile(rb"[\x41\x42]([\x80-\xff]{4}[\x00-\x3f])")


class DirectCalls(Struct):
    """Parallel columns: the wasm function index of each `call` and of the function it calls, and of each
    constant from 2**28 up to 2**32 the function that pushes it and its value, in body order; and the bodies
    that could not be decoded."""

    callers: array[int] = field(default_factory=lambda: array("q"))
    callees: array[int] = field(default_factory=lambda: array("q"))
    holders: array[int] = field(default_factory=lambda: array("q"))
    values: array[int] = field(default_factory=lambda: array("q"))
    unread: list[int] = field(default_factory=list)


def direct_calls(payload: bytes, payload_offset: int, bodies: Sequence[FunctionBody]) -> DirectCalls:
    """Every `call` of every body; `payload` is the code section's, starting at file offset `payload_offset`."""
    starts = array("q", [body.offset + body.prefix_size - payload_offset for body in bodies])
    ends = array("q", [start + body.body_size for start, body in zip(starts, bodies, strict=True)])
    indices = array("q", [body.function_index for body in bodies])
    if native.speedups is not None:
        callers, callees, holders, values, unread = native.speedups.body_calls(payload, starts, ends, indices)
        return DirectCalls(array("q", callers), array("q", callees), array("q", holders), array("q", values),
                           array("q", unread).tolist())
    found = DirectCalls()
    for start, end, function in zip(starts, ends, indices, strict=True):
        if not _body_calls(payload, start, end, function, found):
            found.unread.append(function)
    return found


def _body_calls(code: bytes, pos: int, end: int, function: int, found: DirectCalls) -> bool:
    """Add the body's calls to `found`; False, with some perhaps added, when it cannot be decoded."""
    pos = skip_locals(code, pos, end)
    if pos < 0:
        return False
    step_over = _STEP_OVER.match
    while True:
        stepped = step_over(code, pos, end)
        pos = stepped.end() if stepped is not None else pos
        if pos >= end:
            return pos == end
        constant = _FIVE_BYTE_CONSTANT.match(code, pos, end)
        if constant is not None:
            value = sum((byte & LEB128_PAYLOAD) << (7 * at) for at, byte in enumerate(constant.group(1)))
            if HIGH_LOW <= value < HIGH_LIMIT:
                found.holders.append(function)
                found.values.append(value)
            pos = constant.end()
        elif code[pos] == CALL:
            scanned = scan_leb128(code, pos + 1, end)
            if scanned is None:
                return False
            callee, pos, _ = scanned
            if callee <= _LARGEST_INDEX:
                found.callers.append(function)
                found.callees.append(callee)
        elif code[pos] == BR_TABLE:
            pos = skip_br_table(code, pos + 1, end)
            if pos < 0:
                return False
        else:
            return False
