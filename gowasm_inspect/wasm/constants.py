"""The constants function bodies push that could be memory addresses: what ties data to the code using it.

Bodies are decoded instruction by instruction, so an operand is never taken for
an opcode, by one compiled pattern that steps over every instruction of the core
set, sign extension, saturating conversion and bulk memory, and stops only where
Python must look: at an `i32.const` or `i64.const` whose operand is at least
2**13 and below 2**32 when non-negative (three to five LEB128 bytes: where
addresses lie), and at `br_table`, whose label count a pattern cannot follow.
Data must fit in the memory's initial size, so a constant at or above it is no
address: when that size is at most 2**28 bytes (Go's is a few MiB), five-byte
operands of 2**28 and more (Go's program counters, `index << 16`, half of all
constants) are stepped over in the pattern too.
A body using any other instruction (SIMD, exceptions, tail calls, GC) is left
unread and named, never guessed at.

The compiled scan (`native`) decodes the same sets the same way, about seven
times faster than RE2 (benchmarks/bench_size.py prints all three). Without it,
the pattern runs on RE2 (google-re2) when that is
installed: its DFA steps over a run of instructions about twice as fast as
`re`, and in linear time; `re` runs the same pattern otherwise. All three give
the same result.
"""

from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Callable, Sequence
from types import ModuleType

from msgspec import Struct, field

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.reader import LEB128_CONTINUATION, LEB128_PAYLOAD, scan_leb128
from gowasm_inspect.wasm.sections.code import FunctionBody
from gowasm_inspect.wasm.source import read_at


@functools.cache
def re2_module() -> ModuleType | None:
    """google-re2, imported when the Python scan first needs it (the compiled scan does without); None when
    the `fast` extra is not installed: `re` does the same work more slowly."""
    try:
        import re2
    except ImportError:
        return None
    module: ModuleType = re2
    return module


BR_TABLE = 0x0E
ADDRESS_LOW, ADDRESS_LIMIT = 1 << 13, 1 << 32  # values a padded encoding could give outside
_FIVE_BYTE_LOW = 1 << 28  # the least non-negative operand whose shortest encoding takes five bytes

LEB_PATTERN = rb"[\x80-\xff]*[\x00-\x7f]"
_LEB = LEB_PATTERN
CALL = 0x10
# local.get/set/tee, global.get/set, table.get/set, block, loop, if, br, br_if, memory.size/grow, ref.null,
# ref.func: one immediate (as `call` has: 0x10, apart, since calls.py stops at it)
ONE_IMMEDIATE = rb"\x20-\x26\x02-\x04\x0c\x0d\x3f\x40\xd0\xd2"
# the instructions whose immediates are the same to both scans: neither a constant nor a call
OTHER_INSTRUCTIONS = [
    rb"[\x28-\x3e]" + _LEB + _LEB,  # loads and stores: alignment and offset
    rb"[\x45-\xc4\x00\x01\x05\x0b\x0f\x1a\x1b\xd1]",  # numeric and control instructions without immediates
    rb"\x11" + _LEB + _LEB,  # call_indirect: type and table
    rb"\x43[\x00-\xff]{4}|\x44[\x00-\xff]{8}",  # f32.const, f64.const
    # saturating conversions; memory.init, data.drop, memory.copy/fill, table.init/copy/grow/size/fill, elem.drop
    rb"\xfc(?:[\x00-\x07]|[\x09\x0b\x0d\x0f-\x11]" + _LEB + rb"|[\x08\x0a\x0c\x0e]" + _LEB + _LEB + rb")",
]
_INSTRUCTION = b"|".join([
    rb"[" + ONE_IMMEDIATE + rb"\x10]" + _LEB,
    # i32.const and i64.const, but for a non-negative operand of three to five bytes
    rb"[\x41\x42](?:[\x80-\xff]?[\x00-\x7f]|[\x80-\xff]{2,4}[\x40-\x7f]|[\x80-\xff]{5,}[\x00-\x7f])",
    *OTHER_INSTRUCTIONS,
])
# i32.const and i64.const of a five-byte non-negative operand of 2**28 and more: stepped over when memory is smaller
_PROGRAM_COUNTER = rb"[\x41\x42][\x80-\xff]{4}[\x01-\x3f]"
StepOver = Callable[[bytes, int, int], int]  # (code, pos, end) -> where the run of instructions stepped over ends
_ADDRESS_CONSTANT = re.compile(rb"[\x41\x42]([\x80-\xff]{2,4}[\x00-\x3f])")
_LOCALS = re.compile(rb"[\x80-\xff]*[\x00-\x7f][\x6f\x70\x7b-\x7f]")  # a count and a value type


class BodyConstants(Struct):
    """Parallel columns: the wasm function index and the value of each address-sized constant, in body
    order; and the bodies that could not be decoded."""

    functions: array[int] = field(default_factory=lambda: array("q"))
    values: array[int] = field(default_factory=lambda: array("q"))
    unread: list[int] = field(default_factory=list)


def scan_code_section(path: str, payload_offset: int, payload_size: int, bodies: Sequence[FunctionBody],
                      address_limit: int = ADDRESS_LIMIT) -> BodyConstants:
    """`scan_constants` over the code section read again from the file, so that a caller need not keep its
    payload while the scan runs elsewhere; every body unread if the file no longer holds it."""
    payload = read_at(path, payload_offset, payload_size)
    if len(payload) != payload_size:
        return BodyConstants(unread=[body.function_index for body in bodies])
    return scan_constants(payload, payload_offset, bodies, address_limit)


def scan_constants(payload: bytes, payload_offset: int, bodies: Sequence[FunctionBody],
                   address_limit: int = ADDRESS_LIMIT, engine: str = "native") -> BodyConstants:
    """Every body's constants in [ADDRESS_LOW, address_limit) (at most ADDRESS_LIMIT); `payload` is the code
    section's, starting at file offset `payload_offset`. `engine`: "native", "re2" or "re"; the first
    available of those from it onwards runs."""
    limit = min(address_limit, ADDRESS_LIMIT)
    if engine == "native" and native.speedups is not None:
        return _scan_natively(payload, payload_offset, bodies, limit)
    found = BodyConstants()
    step_over = step_over_function(limit <= _FIVE_BYTE_LOW, engine)
    for body in bodies:
        start = body.offset + body.prefix_size - payload_offset
        if not _scan_body(payload, start, start + body.body_size, body.function_index, found, step_over, limit):
            found.unread.append(body.function_index)
    return found


def _scan_natively(payload: bytes, payload_offset: int, bodies: Sequence[FunctionBody], limit: int) -> BodyConstants:
    assert native.speedups is not None
    starts = array("q", [body.offset + body.prefix_size - payload_offset for body in bodies])
    ends = array("q", [start + body.body_size for start, body in zip(starts, bodies, strict=True)])
    indices = array("q", [body.function_index for body in bodies])
    functions, values, unread = native.speedups.scan_bodies(payload, starts, ends, indices, limit,
                                                            limit <= _FIVE_BYTE_LOW)
    found = BodyConstants(array("q"), array("q"), array("q", unread).tolist())
    found.functions.frombytes(functions)
    found.values.frombytes(values)
    return found


@functools.cache
def step_over_function(small_memory: bool, engine: str = "re2") -> StepOver:
    """The pattern compiled by RE2 (or by `re`, when google-re2 is missing or `engine` is "re")."""
    pattern = b"(?:%s)*" % (_INSTRUCTION + (b"|" + _PROGRAM_COUNTER if small_memory else b""))
    if engine in ("native", "re2") and re2_module() is not None:
        try:
            return _re2_step_over(pattern)
        except (AttributeError, TypeError):  # a google-re2 whose binding differs: re gives the same result
            pass
    stepper = re.compile(pattern + b"+", re.DOTALL).match  # possessive: no backtracking
    return lambda code, pos, end: stepper(code, pos, end).end()  # type: ignore[union-attr]  # * always matches


def _re2_step_over(pattern: bytes) -> StepOver:
    """The pattern on RE2's DFA, called through google-re2's binding directly: its Python wrapper builds a
    match object per call, which costs more than the match."""
    binding = re2_module()
    assert binding is not None
    options = binding.Options()
    options.encoding = binding.Options.Encoding.LATIN1  # bytes, not UTF-8
    options.longest_match = True  # instructions decode one way only: the longest run is the run
    options.never_capture = True
    options.log_errors = False
    options.max_mem = 64 << 20  # room for the DFA's states, so it never falls back to the slower NFA
    compiled = binding._re2.RE2(pattern, options)
    match, anchored = compiled.Match, binding._re2.RE2.Anchor.ANCHOR_START
    return lambda code, pos, end: match(anchored, code, pos, end)[0][1]


def _scan_body(code: bytes, pos: int, end: int, function: int, found: BodyConstants, step_over: StepOver,
               limit: int) -> bool:
    """Add the body's constants to `found`; False, with some perhaps added, when it cannot be decoded."""
    pos = skip_locals(code, pos, end)
    if pos < 0:
        return False
    address_constant = _ADDRESS_CONSTANT.match
    functions, values = found.functions, found.values
    while True:
        pos = step_over(code, pos, end)
        if pos >= end:
            return pos == end
        constant = address_constant(code, pos, end)
        if constant is not None:
            value = shift = 0
            for byte in constant.group(1):
                value |= (byte & LEB128_PAYLOAD) << shift
                shift += 7
            if ADDRESS_LOW <= value < limit:
                functions.append(function)
                values.append(value)
            pos = constant.end()
        elif code[pos] == BR_TABLE:
            pos = skip_br_table(code, pos + 1, end)
            if pos < 0:
                return False
        else:
            return False


def skip_locals(code: bytes, pos: int, end: int) -> int:
    """Past the locals declarations; -1 when they are not plain value types."""
    scanned = scan_leb128(code, pos, end)
    if scanned is None:
        return -1
    groups, pos, _ = scanned
    if groups > end - pos:
        return -1
    for _ in range(groups):
        match = _LOCALS.match(code, pos, end)
        if match is None:
            return -1
        pos = match.end()
    return pos


def skip_br_table(code: bytes, pos: int, end: int) -> int:
    """Past a br_table's label vector and default label; -1 when it runs past the body."""
    scanned = scan_leb128(code, pos, end)
    if scanned is None:
        return -1
    count, pos, _ = scanned
    if count >= end - pos:
        return -1
    for _ in range(count + 1):
        while pos < end and code[pos] >= LEB128_CONTINUATION:
            pos += 1
        pos += 1
    return pos if pos <= end else -1
