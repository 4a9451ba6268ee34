"""Crafted and mutated WebAssembly inputs, made from a real Go build: what random damage rarely reaches.

Shared by the seeded sweep in the suite and the long sweep in tools/hostile_sweep.py. Each input is
(kind, bytes); the kinds aim at one defence each: bounded reads, linear searches, bounded memory,
inert names.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import leb128
from independent import ByteStream

HEADER = 8
CUSTOM, DATA = 0, 11
HOSTILE_TEXT = ["::error::x", "##[error]y", "\x1b[31mred", "\u202ebidi", "line\nbreak", "a" * 5_000 + "::warning::z"]


def _sections(data: bytes) -> list[tuple[int, int, int, int]]:
    """(id, start, payload start, end) of each section, read with the leb128 package."""
    found, at = [], HEADER
    while at < len(data):
        size, length = leb128.u.decode_reader(ByteStream(data, at + 1))
        found.append((data[at], at, at + 1 + length, at + 1 + length + size))
        at = at + 1 + length + size
    return found


def _section(section_id: int, payload: bytes) -> bytes:
    return bytes([section_id]) + leb128.u.encode(len(payload)) + payload


def _custom(name: str, content: bytes) -> bytes:
    raw = name.encode("utf-8", "surrogatepass")
    return _section(CUSTOM, leb128.u.encode(len(raw)) + raw + content)


def _with_data_segments(base: bytes, segments: list[tuple[int, bytes]]) -> bytes:
    """The module with more active segments appended to its data section."""
    data_id, start, payload, end = next(s for s in _sections(base) if s[0] == DATA)
    count, length = leb128.u.decode_reader(ByteStream(base, payload))
    extra = b"".join(b"\x00\x41" + leb128.i.encode(address) + b"\x0b" + leb128.u.encode(len(content)) + content
                     for address, content in segments)
    body = leb128.u.encode(count + len(segments)) + base[payload + length : end] + extra
    return base[:start] + _section(data_id, body) + base[end:]


def _memory_end(base: bytes) -> int:
    """The address just past the data Go's segments place (flags 0, i32.const OFFSET, end, size, bytes)."""
    _, _, payload, _ = next(s for s in _sections(base) if s[0] == DATA)
    reader = ByteStream(base, payload)
    count, _ = leb128.u.decode_reader(reader)
    end = 0
    for _ in range(count):
        reader.read(2)  # flags 0, i32.const
        offset, _ = leb128.i.decode_reader(reader)
        reader.read(1)  # end
        size, _ = leb128.u.decode_reader(reader)
        reader.read(size)
        end = max(end, offset + size)
    return end


def _flip(base: bytes, rng: random.Random) -> bytes:
    data = bytearray(base)
    for _ in range(rng.choice([1, 2, 8, 32])):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def _truncate(base: bytes, rng: random.Random) -> bytes:
    return base[: rng.randrange(len(base))]


def _huge_length(base: bytes, rng: random.Random) -> bytes:
    """A section's size, or the count that opens its payload, set to 2^32 - 1."""
    _, start, payload, end = rng.choice(_sections(base))
    if rng.random() < 0.5:
        return base[: start + 1] + leb128.u.encode(0xFFFF_FFFF) + base[payload:]
    _, length = leb128.u.decode_reader(ByteStream(base, payload)) if payload < end else (0, 0)
    return base[:payload] + leb128.u.encode(0xFFFF_FFFF) + base[payload + length :]


def _duplicate_section(base: bytes, rng: random.Random) -> bytes:
    _, start, _, end = rng.choice(_sections(base))
    return base[:end] + base[start:end] + base[end:]


def _version_spray(base: bytes, rng: random.Random) -> bytes:
    return _with_data_segments(base, [(_memory_end(base), b"go1.1" * rng.randrange(1_000, 80_000))])


def _header_spray(base: bytes, rng: random.Random) -> bytes:
    header = b"\xf1\xff\xff\xff\x00\x00\x01\x08" + leb128.u.encode(1).ljust(8, b"\0") + bytes(8) + bytes(8) \
        + b"\x48\0\0\0\0\0\0\0" * 5
    return _with_data_segments(base, [(_memory_end(base), header * rng.randrange(100, 3_000))])


def _sparse(base: bytes, rng: random.Random) -> bytes:
    return _with_data_segments(base, [(rng.choice([0x7FFF_FFF0, 0x4000_0000, 0x1000_0000]), b"\x01" * 4096)])


def _hostile_custom(base: bytes, rng: random.Random) -> bytes:
    return base + _custom(rng.choice(HOSTILE_TEXT), b"x" * rng.randrange(100))


def _hostile_names(base: bytes, rng: random.Random) -> bytes:
    names = b"".join(leb128.u.encode(index) + leb128.u.encode(len(raw)) + raw
                     for index in range(0, 40, 3) for raw in [rng.choice(HOSTILE_TEXT).encode()])
    subsection = leb128.u.encode(len(range(0, 40, 3))) + names
    payload = b"\x04name" + b"\x01" + leb128.u.encode(len(subsection)) + subsection
    stripped = b"".join(base[start:end] for section_id, start, _, end in _sections(base)
                        if not (section_id == CUSTOM and base[start:end].find(b"\x04name", 0, 12) >= 0))
    return base[:HEADER] + stripped + bytes([CUSTOM]) + leb128.u.encode(len(payload)) + payload


MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "flip": _flip, "truncate": _truncate, "huge length": _huge_length, "duplicate section": _duplicate_section,
    "version spray": _version_spray, "header spray": _header_spray, "sparse segment": _sparse,
    "hostile custom section": _hostile_custom, "hostile names": _hostile_names,
}


_NEED_DATA = ("version spray", "header spray", "sparse segment")  # they add segments to a data section


def crafted_inputs(base: bytes, seed: int, count: int) -> Iterator[tuple[str, bytes]]:
    """`count` inputs, every kind in turn (those adding segments only to a base with a data section),
    reproducible from `seed`."""
    rng = random.Random(seed)
    has_data = any(section[0] == DATA for section in _sections(base))
    kinds = [kind for kind in MUTATORS if has_data or kind not in _NEED_DATA]
    for number in range(count):
        kind = kinds[number % len(kinds)]
        yield kind, MUTATORS[kind](base, rng)
