"""The data section: segments that initialise linear memory (Go's rodata, pclntab, typelinks, ...).

The section keeps its payload, so that the memory image takes each segment's
bytes from the section itself, and hands it over to that image once it holds
them all (a Go build's payload is several MB, and the image is kept anyway).
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from itertools import chain, islice, repeat
from operator import add, le, sub
from typing import NamedTuple, overload

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.coverage import Coverage
from gowasm_inspect.wasm.format import (
    DATA_ACTIVE,
    DATA_ACTIVE_EXPLICIT_MEMORY,
    DATA_PASSIVE,
    END,
    I32_CONST,
)
from gowasm_inspect.wasm.ordering import ascending_order
from gowasm_inspect.wasm.reader import LEB128_SIGN, Reader
from gowasm_inspect.wasm.sections.expressions import read_const_expr

# flags byte, an offset expression of at least `end`, a length byte
_MIN_SEGMENT_SIZE = 2
# Go's header: flags 0, i32.const, a signed LEB128 of at most 5 bytes, end, an unsigned one of at most 5
_LEB128 = rb"([\x80-\xff]{0,4}[\x00-\x7f])"
_GO_SEGMENT_HEADER = re.compile(re.escape(bytes([DATA_ACTIVE, I32_CONST])) + _LEB128 + re.escape(bytes([END])) + _LEB128)
_JOINED_AT_ONCE = 8192  # segments' bytes and gaps copied into the image per join
_DROPPED_RUN = 8  # Go's linker ends a segment before a run of this many zeros (a segment header's cost)
_ZERO_RUN = re.compile(rb"\0{%d,}" % _DROPPED_RUN)
_EIGHT_ZEROS = bytes(_DROPPED_RUN)


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


_ELSEWHERE = -1  # the address column of a segment that is passive, for another memory, or at a computed offset


class DataSegments(Sequence[DataSegment]):
    """The segments as columns: a Go binary has up to 100,000 of them, where a tuple each would cost about
    15 MB. Those that do not initialise memory 0 at a constant offset are also kept whole."""

    def __init__(self) -> None:
        self.offsets, self.header_sizes, self.sizes, self.addresses = (array("q") for _ in range(4))
        self.elsewhere: dict[int, DataSegment] = {}
        self._by_address: tuple[array[int], array[int], array[int]] | None = None

    def add(self, offset: int, header_size: int, size: int, address: int) -> None:
        """A segment that initialises memory 0 at `address`."""
        self.offsets.append(offset)
        self.header_sizes.append(header_size)
        self.sizes.append(size)
        self.addresses.append(address)

    def append(self, segment: DataSegment) -> None:
        if segment.active and segment.memory_index == 0 and segment.memory_offset is not None:
            self.add(segment.offset, segment.header_size, segment.data_size, segment.memory_offset)
        else:
            self.elsewhere[len(self.offsets)] = segment
            self.add(segment.offset, segment.header_size, segment.data_size, _ELSEWHERE)

    def __len__(self) -> int:
        return len(self.offsets)

    @overload
    def __getitem__(self, index: int) -> DataSegment: ...

    @overload
    def __getitem__(self, index: slice) -> list[DataSegment]: ...

    def __getitem__(self, index: int | slice) -> DataSegment | list[DataSegment]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        index = range(len(self))[index]  # negative indices, and IndexError past the end
        if index in self.elsewhere:
            return self.elsewhere[index]
        return DataSegment(self.offsets[index], self.header_sizes[index], self.sizes[index], True, 0,
                           self.addresses[index])

    def by_address(self) -> tuple[array[int], array[int], array[int]]:
        """(address, size, file offset of the contents) of each segment initialising memory 0 at a constant,
        ordered by address (ties in file order; Go 1.26 and later write two interleaved ascending runs)."""
        if self._by_address is not None and len(self._by_address[0]) + len(self.elsewhere) == len(self):
            return self._by_address
        if native.speedups is not None:  # asked once (for the coverage): not kept, as it costs 6 ms to make
            columns = native.speedups.by_address(self.offsets, self.header_sizes, self.sizes, self.addresses)
            by_address = array("q"), array("q"), array("q")
            for column, packed in zip(by_address, columns, strict=True):
                column.frombytes(packed)
            return by_address
        addresses, sizes = self.addresses.tolist(), self.sizes.tolist()
        contents = list(map(add, self.offsets, self.header_sizes))
        if self.elsewhere:
            keep = [index for index, address in enumerate(addresses) if address != _ELSEWHERE]
            addresses, sizes, contents = ([column[index] for index in keep] for column in (addresses, sizes, contents))
        order = ascending_order(addresses)
        if order is not None:
            addresses, sizes, contents = (list(map(column.__getitem__, order)) for column in (addresses, sizes, contents))
        self._by_address = array("q", addresses), array("q", sizes), array("q", contents)  # 3 MB less than lists
        return self._by_address

    def initialising(self) -> Iterator[tuple[int, int, int, int]]:
        """(offset, header size, size, address) of each segment that initialises memory 0 at a constant."""
        return ((offset, header, size, address) for offset, header, size, address
                in zip(self.offsets, self.header_sizes, self.sizes, self.addresses, strict=True)
                if address != _ELSEWHERE)


class _Zeros(dict[int, bytes]):
    """n -> n zero bytes, each length made once (gaps between Go's segments come in a few dozen lengths)."""

    def __missing__(self, size: int) -> bytes:
        zeros = self[size] = bytes(size)
        return zeros


class DataSection:
    """The segments, and where their bytes are read from: the section's payload, until `contents_in` hands
    that over to a memory image that holds every segment's bytes (the payload, several MB, is then let go)."""

    __slots__ = ("_memory", "count_size", "payload", "payload_offset", "segments")

    def __init__(self, count_size: int, segments: DataSegments, payload: bytes, payload_offset: int) -> None:
        self.count_size = count_size
        self.segments = segments
        self.payload: bytes | None = payload  # the section's payload (None once handed over)
        self.payload_offset = payload_offset  # its file offset
        self._memory: tuple[bytearray, int] | None = None  # (image, its base address), once handed over

    def contents_in(self, image: bytearray, base: int, covered: int) -> bool:
        """Read the segments' bytes from `image` (memory from `base`, as `memory_image` made it) from now on,
        and let the payload go, when the image holds each segment's bytes as they are: every segment
        initialises memory 0 and none overlaps another (the bytes they cover, `covered`, are all their
        contents), as Go writes them. Returns whether it did."""
        if self.segments.elsewhere or not len(self.segments) or covered != self.contents_size:
            return False
        self._memory, self.payload = (image, base), None
        return True

    def _contents(self) -> tuple[bytes | bytearray, int, array[int], array[int]]:
        """(buffer, shift, offsets, header sizes): segment i's bytes are those of `buffer` from offsets[i] +
        header_sizes[i] - shift, sizes[i] of them."""
        segments = self.segments
        if self.payload is not None:
            return self.payload, self.payload_offset, segments.offsets, segments.header_sizes
        assert self._memory is not None
        image, base = self._memory
        return image, base, segments.addresses, array("q", bytes(8 * len(segments)))

    # The methods below read the columns: a Go binary has up to 100,000 segments.

    def memory_extent(self) -> tuple[int, int, int] | None:
        """(lowest address, end address, bytes) that the segments initialising memory 0 at constant
        offsets cover; None when there are none."""
        segments = self.segments
        if native.speedups is not None:  # addresses, sizes: a column each; the others' address is _ELSEWHERE
            return native.speedups.extent(segments.addresses, segments.sizes)
        if not segments.elsewhere:  # every segment at a constant in memory 0, as Go writes them: all in C
            if not segments.addresses:
                return None
            return (min(segments.addresses), max(map(add, segments.addresses, segments.sizes)),
                    sum(segments.sizes))
        low, high, total = None, 0, 0
        for _, _, size, address in segments.initialising():
            low = address if low is None or address < low else low
            high = max(high, address + size)
            total += size
        return None if low is None else (low, high, total)

    @property
    def framing_size(self) -> int:
        """The segment count and every segment's header: the bytes that are not memory contents."""
        return self.count_size + sum(self.segments.header_sizes)

    def zeros_kept(self) -> int:
        """Zero bytes written inside segments that a run of eight or more, or a segment's end, would let
        Go's linker drop (it keeps them only once it has reached its segment cap)."""
        (payload, shift, offsets, header_sizes), run, kept = self._contents(), _ZERO_RUN, 0
        sizes = self.segments.sizes
        if native.speedups is not None:
            return native.speedups.zeros_kept(payload, shift, offsets, header_sizes, sizes, _DROPPED_RUN)
        for offset, header_size, size in zip(offsets, header_sizes, sizes, strict=True):
            start = offset + header_size - shift
            end = start + size
            if payload.find(_EIGHT_ZEROS, start, end) >= 0:  # in C; most segments have no such run
                kept += sum(map(len, run.findall(payload, start, end)))
            if size and payload[end - 1] == 0:  # a shorter run at the end
                trailing = size - len(payload[start:end].rstrip(b"\0"))
                kept += trailing if trailing < _DROPPED_RUN else 0
        return kept

    def memory_image(self, base: int, end: int) -> bytearray:
        """Memory from address `base` to `end` as the segments initialising memory 0 leave it (zeros
        elsewhere; where segments overlap, the later one's bytes)."""
        if self.payload is None:  # handed over to an image, which holds all this memory: copied from it
            assert self._memory is not None
            held, held_base = self._memory
            image = bytearray(end - base)
            low, high = max(base, held_base), min(end, held_base + len(held))
            if low < high:
                image[low - base : high - base] = held[low - held_base : high - held_base]
            return image
        payload, shift = self.payload, self.payload_offset
        if native.speedups is not None:  # every segment copied in file order, in C
            image = bytearray(end - base)
            segments = self.segments
            native.speedups.fill_image(image, base, payload, shift, segments.offsets, segments.header_sizes,
                                       segments.sizes, segments.addresses)
            return image
        addresses, sizes, contents_at = self.segments.by_address()
        ends = list(map(add, addresses, sizes))
        if not addresses or addresses[0] < base or ends[-1] > end or not all(map(le, ends, islice(addresses, 1, None))):
            image = bytearray(end - base)
            self._copy_into(image, base, payload, shift)
            return image
        # disjoint, as Go writes them: the segments' bytes with the gaps' zeros between them, joined in C
        starts = list(map(sub, contents_at, repeat(shift)))
        contents = map(payload.__getitem__, map(slice, starts, map(add, starts, sizes)))
        gaps = map(_Zeros().__getitem__, map(sub, addresses, chain((base,), ends)))
        pieces = chain.from_iterable(zip(gaps, contents, strict=True))
        image = bytearray()
        while chunk := list(islice(pieces, _JOINED_AT_ONCE)):  # join holds its pieces: a few at a time
            image += b"".join(chunk)
        image.extend(bytes(end - ends[-1]))
        return image

    def _copy_into(self, image: bytearray, base: int, contents: bytes | bytearray, shift: int) -> None:
        payload = memoryview(contents)
        for offset, header_size, size, address in self.segments.initialising():
            start, at = offset + header_size - shift, address - base
            image[at : at + size] = payload[start : start + size]

    def coverage(self) -> Coverage:
        """The memory the file initialises (memory 0, constant offsets)."""
        addresses, sizes, _ = self.segments.by_address()
        return Coverage.of_sizes(addresses, sizes)

    @property
    def contents_size(self) -> int:
        """Bytes of all segments' contents."""
        return sum(self.segments.sizes)


def _read_segment(r: Reader) -> DataSegment:
    start = r.pos
    flags = r.u32("data segment flags")
    if flags > DATA_ACTIVE_EXPLICIT_MEMORY:
        raise r.fail(f"expected data segment flags 0, 1 or 2, found {flags}", at=start)
    active = flags != DATA_PASSIVE
    memory_index = memory_offset = None
    if active:
        memory_index = r.u32("memory index") if flags == DATA_ACTIVE_EXPLICIT_MEMORY else 0
        memory_offset = read_const_expr(r, "data segment offset").constant_offset
    data_size = r.u32("data segment size")
    header_size = r.pos - start
    r.skip(data_size, "data segment bytes")
    return DataSegment(r.base + start, header_size, data_size, active, memory_index, memory_offset)


def _leb128_value(encoded: bytes) -> int:
    """The unsigned value of a LEB128 of at most 5 bytes (the caller's pattern has checked its form), in
    one expression: byte i's low 7 bits moved from bit 8i to bit 7i."""
    bits = int.from_bytes(encoded, "little")
    return (bits & 0x7F) | (bits >> 1 & 0x3F80) | (bits >> 2 & 0x1FC000) | (bits >> 3 & 0xFE00000) \
        | (bits >> 4 & 0x7F0000000)


def _read_go_segments(r: Reader, count: int, segments: DataSegments) -> int:
    """Read segments in Go's form, `0x00 i32.const OFFSET end SIZE BYTES`, while they come (100,000 a
    binary: one pattern match and a few integer operations each, no call); returns how many were read.
    Reading stops, with nothing of that segment consumed, at any other form or any problem."""
    if native.speedups is not None:
        read, r.pos, *columns = native.speedups.go_segments(r.data, r.pos, r.end, count, r.base)
        for column, packed in zip((segments.offsets, segments.header_sizes, segments.sizes, segments.addresses),
                                  columns, strict=True):
            column.frombytes(packed)
        return read
    data, pos, end, base = r.data, r.pos, r.end, r.base
    match = _GO_SEGMENT_HEADER.match
    offsets, header_sizes, sizes, addresses = (segments.offsets.append, segments.header_sizes.append,
                                               segments.sizes.append, segments.addresses.append)
    for number in range(count):
        header = match(data, pos, end)
        if header is None:
            r.pos = pos
            return number
        address_bytes, size_bytes = header.group(1, 2)
        bits = int.from_bytes(address_bytes, "little")  # _leb128_value, inline
        address = (bits & 0x7F) | (bits >> 1 & 0x3F80) | (bits >> 2 & 0x1FC000) | (bits >> 3 & 0xFE00000) \
            | (bits >> 4 & 0x7F0000000)
        if address_bytes[-1] & LEB128_SIGN:
            address -= 1 << 7 * len(address_bytes)
        size = size_bytes[0] if len(size_bytes) == 1 else _leb128_value(size_bytes)
        content = header.end()
        if not -(1 << 31) <= address < (1 << 31) or size >= 1 << 32 or content + size > end:
            r.pos = pos
            return number
        offsets(base + pos)
        header_sizes(content - pos)
        sizes(size)
        addresses(address & 0xFFFF_FFFF)
        pos = content + size
    r.pos = pos
    return count


def parse_data_section(r: Reader) -> DataSection:
    count = r.count("data segments", min_item_size=_MIN_SEGMENT_SIZE)
    count_size = r.pos
    segments = DataSegments()
    while len(segments) < count:
        if _read_go_segments(r, count - len(segments), segments) < count - len(segments):
            segments.append(_read_segment(r))
    return DataSection(count_size, segments, r.data, r.base)
