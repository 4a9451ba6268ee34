"""Walk a WebAssembly file section by section, without holding the whole file.

`walk_sections` reads the 8-byte module header, then each section's id and
size (and a custom section's name), and yields a `SectionHeader`. The caller
may read the payload (the sections it details) or leave it; the walk skips
whatever the caller did not read. Every byte passes through one SHA-256, so
the file's hash costs no second read.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import BinaryIO
from collections.abc import Iterator

from gowasm_inspect.errors import WasmFormatError
from gowasm_inspect.sections.reader import Reader

MAGIC = b"\0asm"
VERSION = b"\x01\0\0\0"
MODULE_HEADER_SIZE = 8
CUSTOM_SECTION_ID = 0

# Standard sections by id, with their spec names; tag (13) is the exception-handling proposal.
SECTION_NAMES = {
    1: "type", 2: "import", 3: "function", 4: "table", 5: "memory", 6: "global", 7: "export",
    8: "start", 9: "elem", 10: "code", 11: "data", 12: "datacount", 13: "tag",
}
# The order in which standard sections must appear (by id); each at most once.
SECTION_ORDER = [1, 2, 3, 4, 5, 13, 6, 7, 8, 9, 12, 10, 11]
_RANK = {section_id: rank for rank, section_id in enumerate(SECTION_ORDER)}

_CHUNK = 1 << 20


class FileSource:
    """Sequential reads from a binary file: offsets tracked, every byte hashed, a little lookahead."""

    def __init__(self, stream: BinaryIO, size: int) -> None:
        self._stream = stream
        self._ahead = b""
        self.size = size
        self.offset = 0
        self.sha256 = hashlib.sha256()

    @property
    def remaining(self) -> int:
        return self.size - self.offset

    def peek(self, n: int) -> Reader:
        """A reader over the next min(n, remaining) bytes, which stay unread."""
        n = min(n, self.remaining)
        if len(self._ahead) < n:
            self._ahead += self._fetch(n - len(self._ahead), self.offset + len(self._ahead))
        return Reader(self._ahead[:n], base=self.offset)

    def read(self, n: int, what: str) -> bytes:
        if n > self.remaining:
            raise WasmFormatError(self.offset, f"expected {what} of {n} bytes, but only {self.remaining} remain")
        data, self._ahead = self._ahead[:n], self._ahead[n:]
        if len(data) < n:
            data += self._fetch(n - len(data), self.offset + len(data))
        self.sha256.update(data)
        self.offset += n
        return data

    def skip(self, n: int, what: str) -> None:
        while n:
            step = min(n, _CHUNK)
            self.read(step, what)
            n -= step

    def _fetch(self, n: int, at: int) -> bytes:
        data = self._stream.read(n)
        if len(data) != n:  # the file shrank while being read
            raise WasmFormatError(at + len(data), "the file ended early (was it changed while being read?)")
        return data


@dataclass(frozen=True)
class SectionHeader:
    id: int
    offset: int  # file offset of the section id byte
    header_size: int  # the id byte and the payload-size LEB128
    payload_size: int
    custom_name: str | None = None  # custom sections only
    custom_name_size: int = 0  # the name and its length prefix, which open a custom payload

    @property
    def payload_offset(self) -> int:
        return self.offset + self.header_size

    @property
    def content_offset(self) -> int:
        """Where the payload proper starts: after a custom section's name."""
        return self.payload_offset + self.custom_name_size

    @property
    def content_size(self) -> int:
        return self.payload_size - self.custom_name_size

    @property
    def end(self) -> int:
        return self.payload_offset + self.payload_size

    @property
    def size(self) -> int:
        """The whole section: header and payload."""
        return self.header_size + self.payload_size

    @property
    def name(self) -> str:
        if self.id == CUSTOM_SECTION_ID:
            return self.custom_name or ""
        return SECTION_NAMES.get(self.id, f"unknown-{self.id}")


def read_module_header(source: FileSource) -> None:
    head = source.peek(MODULE_HEADER_SIZE).data
    if not head:
        raise WasmFormatError(0, "expected the WebAssembly magic \\0asm, but the file is empty")
    if head[:4] != MAGIC:
        if MAGIC.startswith(head):
            raise WasmFormatError(len(head), "expected the WebAssembly magic \\0asm, but the file ends inside it")
        raise WasmFormatError(0, f"expected the WebAssembly magic \\0asm, found {bytes(head[:4])!r}")
    if len(head) < MODULE_HEADER_SIZE:
        raise WasmFormatError(len(head), "expected the 4-byte version after the magic, but the file ends")
    if head[4:] != VERSION:
        version = int.from_bytes(head[4:], "little")
        kind = " (a WebAssembly component, not a core module)" if head[6:8] == b"\x01\0" else ""
        raise WasmFormatError(4, f"expected WebAssembly version 1, found 0x{version:08x}{kind}")
    source.read(MODULE_HEADER_SIZE, "module header")


def read_section_header(source: FileSource) -> SectionHeader:
    offset = source.offset
    head = source.peek(1 + 5)
    section_id = head.byte("section id")
    payload_size = head.u32("section size")
    header_size = head.pos
    source.read(header_size, "section header")
    if payload_size > source.remaining:
        raise WasmFormatError(
            offset + 1,
            f"{SECTION_NAMES.get(section_id, f'id {section_id}')} section declares {payload_size} bytes, "
            f"but only {source.remaining} remain in the file",
        )
    if section_id != CUSTOM_SECTION_ID:
        return SectionHeader(section_id, offset, header_size, payload_size)
    # a custom section's payload opens with its name; read it bounded by the payload
    name_length_reader = source.peek(min(5, payload_size))
    name_length = name_length_reader.u32("length of custom section name")
    name_size = name_length_reader.pos + name_length
    names = source.peek(min(name_size, payload_size))
    if name_size > payload_size:
        raise names.fail(f"custom section name of {name_length} bytes runs past the section's {payload_size} bytes")
    custom_name = names.name("custom section name")
    source.read(name_size, "custom section name")
    return SectionHeader(section_id, offset, header_size, payload_size, custom_name, name_size)


def walk_sections(source: FileSource) -> Iterator[SectionHeader]:
    """Yield each section's header; skip what the consumer leaves of its payload."""
    read_module_header(source)
    previous: SectionHeader | None = None
    while source.remaining:
        header = read_section_header(source)
        _check_order(previous, header)
        if header.id in _RANK:
            previous = header
        yield header
        unread = header.end - source.offset
        if unread < 0:
            raise AssertionError("a section reader read past its section")
        source.skip(unread, f"{header.name} section")


def _check_order(previous: SectionHeader | None, header: SectionHeader) -> None:
    if header.id not in _RANK or previous is None:
        return
    if header.id == previous.id:
        raise WasmFormatError(header.offset, f"a second {header.name} section (each may appear once)")
    if _RANK[header.id] < _RANK[previous.id]:
        raise WasmFormatError(
            header.offset,
            f"{header.name} section after {previous.name} section: expected standard sections in the order "
            + ", ".join(SECTION_NAMES[i] for i in SECTION_ORDER),
        )
