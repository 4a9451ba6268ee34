"""The data section: segments that initialise linear memory (Go's rodata, pclntab, typelinks, ...)."""

from __future__ import annotations

from typing import NamedTuple

from gowasm_inspect.sections.expressions import END, I32_CONST, read_const_expr
from gowasm_inspect.sections.reader import Reader

# flags byte, an offset expression of at least `end`, a length byte
_MIN_SEGMENT_SIZE = 2


class DataSegment(NamedTuple):
    offset: int  # file offset of the segment's first byte (its flags)
    header_size: int  # flags, memory index, offset expression and length prefix
    data_size: int  # the bytes copied into memory
    active: bool
    memory_index: int | None  # active segments only
    memory_offset: int | None  # active segments with a constant offset only

    @property
    def data_offset(self) -> int:
        """File offset of the segment's bytes."""
        return self.offset + self.header_size

    @property
    def size(self) -> int:
        return self.header_size + self.data_size


class DataSection(NamedTuple):
    count_size: int
    segments: list[DataSegment]


def _read_segment(r: Reader) -> DataSegment:
    start = r.pos
    flags_at = r.pos
    flags = r.u32("data segment flags")
    if flags > 2:
        raise r.fail(f"expected data segment flags 0, 1 or 2, found {flags}", at=flags_at)
    active = flags != 1
    memory_index = memory_offset = None
    if flags == 0 and r.pos < r.end and r.data[r.pos] == I32_CONST:
        # Go's form, up to 100,000 times a binary: `i32.const OFFSET end`
        memory_index = 0
        r.pos += 1
        memory_offset = r.s32("i32.const value") & 0xFFFF_FFFF
        if r.byte("end of data segment offset") != END:
            raise r.fail("expected end (0x0b) after the data segment's i32.const offset", at=r.pos - 1)
    elif active:
        memory_index = r.u32("memory index") if flags == 2 else 0
        memory_offset = read_const_expr(r, "data segment offset").constant_offset
    data_size = r.u32("data segment size")
    header_size = r.pos - start
    r.skip(data_size, "data segment bytes")
    return DataSegment(r.base + start, header_size, data_size, active, memory_index, memory_offset)


def parse_data_section(r: Reader) -> DataSection:
    count = r.count("data segments", min_item_size=_MIN_SEGMENT_SIZE)
    count_size = r.pos
    return DataSection(count_size, [_read_segment(r) for _ in range(count)])
