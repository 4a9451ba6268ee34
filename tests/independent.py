"""Facts about fixtures read without gowasm-inspect: wabt's sections and bodies, a minimal name-section reader,
and binaries rewritten to carry hostile function names."""

from __future__ import annotations

from functools import cache

import groundtruth_facts
import leb128
from conftest import fixture_path

HOSTILE_NAMES = [  # each package-shaped, so that guessed package names carry the hostility too
    "[red]styled[/red].F",
    "line\nbreak\rreturn.F",
    "\x1b[31mescape.F",
    "%0A::warning file=x::pwned.F",
    "pipe|back`tick`,comma.F",
    "bidi\u202eevil.F",
    "::error::injected\n::error::twice.F",
    "@someone <b>html</b> *em* _x_ [link](http://x) | a | b |.F",
]


def _located(entry: dict) -> dict:
    return {**entry, "path": fixture_path(entry)}


def function_names(entry: dict) -> dict[int, str]:
    """Function index -> name, read straight from the name section's bytes at wabt's offsets."""
    return dict(_function_names(entry["file"]))


def function_sizes(entry: dict) -> dict[int, int]:
    """Function index -> body size plus its length prefix, from wabt."""
    return dict(_function_sizes(entry["file"]))


def _by_file(name: str) -> dict:
    from conftest import MANIFEST

    return _located(next(entry for entry in MANIFEST if entry["file"] == name))


@cache
def _function_sizes(name: str) -> tuple[tuple[int, int], ...]:
    sizes = groundtruth_facts.body_sizes(_by_file(name))
    return tuple((index, size + len(leb128.u.encode(size))) for index, size in sizes.items())


@cache
def _function_names(name: str) -> tuple[tuple[int, str], ...]:
    entry = _by_file(name)
    section = next(s for s in groundtruth_facts.sections(entry) if s["name"] == "name")
    data = fixture_path(entry).read_bytes()
    payload = data[section["payload_offset"] : section["payload_offset"] + section["payload_size"]]
    position = 1 + payload[0]  # the custom section's own name, "name"
    while position < len(payload):
        kind = payload[position]
        size, length = leb128.u.decode_reader(ByteStream(payload, position + 1))
        body_start = position + 1 + length
        if kind == 1:
            return tuple(_name_map(payload[body_start : body_start + size]).items())
        position = body_start + size
    return ()


def section_sizes(entry: dict) -> dict[str, int]:
    """Section name -> bytes from its id to its end (summed when a custom name repeats), from wabt."""
    sizes: dict[str, int] = {}
    names = [s["name"] or s["kind"] for s in groundtruth_facts.sections(_located(entry))]
    for name, (start, _, end) in zip(names, groundtruth_facts.section_spans(_located(entry)), strict=False):
        sizes[name] = sizes.get(name, 0) + end - start
    return sizes


def with_function_names(entry: dict, names: dict[int, str]) -> bytes:
    """The fixture with its name section (written last by Go) replaced by one naming the given indexes."""
    spans = groundtruth_facts.section_spans(_located(entry))
    kinds = [s["name"] for s in groundtruth_facts.sections(_located(entry))]
    start, _, end = spans[kinds.index("name")]
    data = fixture_path(entry).read_bytes()
    assert end == len(data)
    entries = b"".join(leb128.u.encode(index) + leb128.u.encode(len(n.encode())) + n.encode()
                       for index, n in sorted(names.items()))
    subsection = leb128.u.encode(len(names)) + entries
    payload = b"\x04name" + b"\x01" + leb128.u.encode(len(subsection)) + subsection
    return data[:start] + b"\x00" + leb128.u.encode(len(payload)) + payload


def hostile_names_on_the_largest(entry: dict) -> dict[int, str]:
    """The hostile names given to the largest functions, so that every view shows them."""
    largest = sorted(function_sizes(entry).items(), key=lambda item: -item[1])
    return {index: name for (index, _), name in zip(largest, HOSTILE_NAMES, strict=False)}


def _name_map(data: bytes) -> dict[int, str]:
    stream = ByteStream(data, 0)
    count, _ = leb128.u.decode_reader(stream)
    names = {}
    for _ in range(count):
        index, _ = leb128.u.decode_reader(stream)
        length, _ = leb128.u.decode_reader(stream)
        names[index] = stream.read(length).decode("utf-8")
    return names


class ByteStream:
    """Bytes read in order, as leb128's decode_reader wants them."""

    def __init__(self, data: bytes, position: int) -> None:
        self.data, self.position = data, position

    def read(self, count: int) -> bytes:
        chunk = self.data[self.position : self.position + count]
        self.position += count
        return chunk
