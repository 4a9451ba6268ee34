"""Walk a WebAssembly file section by section, without holding the whole file.

`walk_sections` reads the 8-byte module header, then each section's id and
size (and a custom section's name), and yields a `SectionHeader`. The caller
may read the payload (the sections it details) or leave it; the walk skips
whatever the caller did not read. Every byte passes through one SHA-256, so
the file's hash costs no second read.
"""

from __future__ import annotations

from collections.abc import Iterator

from msgspec import Struct

from gowasm_inspect.errors import WasmFormatError
from gowasm_inspect.wasm.format import (
    COMPONENT_LAYER,
    CUSTOM_SECTION_ID,
    MAGIC,
    MAX_U32_LEB_BYTES,
    MODULE_HEADER_SIZE,
    SECTION_NAMES,
    SECTION_ORDER,
    VERSION,
)
from gowasm_inspect.wasm.source import FileSource

_RANK = {section_id: rank for rank, section_id in enumerate(SECTION_ORDER)}


class SectionHeader(Struct, frozen=True):
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
    if head[: len(MAGIC)] != MAGIC:
        if MAGIC.startswith(head):
            raise WasmFormatError(len(head), "expected the WebAssembly magic \\0asm, but the file ends inside it")
        found = bytes(head[: len(MAGIC)])
        raise WasmFormatError(0, f"expected the WebAssembly magic 00 61 73 6d (\\0asm), found {found.hex(' ')}")
    if len(head) < MODULE_HEADER_SIZE:
        raise WasmFormatError(len(head), "expected the 4-byte version after the magic, but the file ends")
    if head[len(MAGIC) :] != VERSION:
        version = int.from_bytes(head[len(MAGIC) :], "little")
        kind = " (a WebAssembly component, not a core module)" if head[6:8] == COMPONENT_LAYER else ""
        raise WasmFormatError(4, f"expected WebAssembly version 1, found 0x{version:08x}{kind}")
    source.read(MODULE_HEADER_SIZE, "module header")


def read_section_header(source: FileSource) -> SectionHeader:
    offset = source.offset
    head = source.peek(1 + MAX_U32_LEB_BYTES)
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
    name_length_reader = source.peek(min(MAX_U32_LEB_BYTES, payload_size))
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
