"""The code section: one body per defined function; only sizes and places are read, not instructions."""

from __future__ import annotations

from array import array
from itertools import repeat
from operator import add

from msgspec import Struct

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.reader import Reader

# A body is at least its size byte, an empty locals vector and `end`.
_MIN_ENTRY_SIZE = 3


class FunctionBody(Struct, frozen=True, gc=False):  # one per function: quick to make (msgspec, in C)
    function_index: int  # wasm function index: imported functions come first
    offset: int  # file offset of the body's length prefix
    prefix_size: int  # bytes of the length prefix
    body_size: int  # bytes of the body itself (locals and instructions)

    @property
    def size(self) -> int:
        return self.prefix_size + self.body_size


class CodeSection(Struct, frozen=True):
    count_size: int  # bytes of the vector count that opens the section
    bodies: list[FunctionBody]


def parse_code_section(r: Reader, first_index: int) -> CodeSection:
    count = r.count("function bodies", min_item_size=_MIN_ENTRY_SIZE)
    count_size = r.pos
    bodies = []
    base = r.base
    if native.speedups is not None:  # well-formed entries in C; Python reads (and names the fault of) the rest
        read, r.pos, *packed = native.speedups.sized_entries(r.data, r.pos, r.end, count)
        offsets, prefix_sizes, body_sizes = (array("q", column) for column in packed)
        bodies = list(map(FunctionBody, range(first_index, first_index + read), map(add, offsets, repeat(base)),
                          prefix_sizes, body_sizes))
    for index in range(first_index + len(bodies), first_index + count):
        start = r.pos
        body_size = r.u32("function body size")
        prefix_size = r.pos - start
        r.skip(body_size, f"body of function {index}")
        bodies.append(FunctionBody(index, base + start, prefix_size, body_size))
    return CodeSection(count_size, bodies)
