"""The functions each body calls by index (`call`): the direct edges of a module's call graph.

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
from gowasm_inspect.wasm.reader import scan_leb128
from gowasm_inspect.wasm.sections.code import FunctionBody

_LARGEST_INDEX = (1 << 32) - 1
# every instruction the scans know but `call` and `br_table`, any number of them (possessive: no backtracking)
_STEP_OVER = re.compile(b"(?:%s)*+" % b"|".join([rb"[" + ONE_IMMEDIATE + rb"]" + LEB_PATTERN,
                                                  rb"[\x41\x42]" + LEB_PATTERN, *OTHER_INSTRUCTIONS]), re.DOTALL)


class DirectCalls(Struct):
    """Parallel columns: the wasm function index of each `call` and of the function it calls, in body order;
    and the bodies that could not be decoded."""

    callers: array[int] = field(default_factory=lambda: array("q"))
    callees: array[int] = field(default_factory=lambda: array("q"))
    unread: list[int] = field(default_factory=list)


def direct_calls(payload: bytes, payload_offset: int, bodies: Sequence[FunctionBody]) -> DirectCalls:
    """Every `call` of every body; `payload` is the code section's, starting at file offset `payload_offset`."""
    starts = array("q", [body.offset + body.prefix_size - payload_offset for body in bodies])
    ends = array("q", [start + body.body_size for start, body in zip(starts, bodies, strict=True)])
    indices = array("q", [body.function_index for body in bodies])
    if native.speedups is not None:
        callers, callees, unread = native.speedups.body_calls(payload, starts, ends, indices)
        return DirectCalls(array("q", callers), array("q", callees), array("q", unread).tolist())
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
        if code[pos] == CALL:
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
