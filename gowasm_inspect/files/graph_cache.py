"""Reference graphs by content under $XDG_CACHE_HOME/gowasm-inspect/graphs: a second `why` (or `size
--by retained`, or the reflection check) on the same bytes skips reading the file.

A graph is stored with the report it was read with and each node's package and bytes, as msgpack,
keyed like whole reports by the file's SHA-256 and a fingerprint of this package's code. The
graph of the 19.7 MB benchmark build takes 4.6 MB, so only the newest few are kept. A cache that cannot be
used costs time, nothing else.
"""

from __future__ import annotations

import contextlib
import os
from array import array
from pathlib import Path
from typing import Any

from msgspec import msgpack

from gowasm_inspect.errors import InputError
from gowasm_inspect.files.cache import cache_root, code_fingerprint, file_digest, write_bytes_atomically
from gowasm_inspect.model.reference_graph import BuildGraph, DataItem, ReferenceGraph, Root, read_build_graph
from gowasm_inspect.model.report import Report

KEEP_GRAPHS = 8
_ARRAY = 1  # msgpack extension code of an array.array: its typecode, then its bytes


def _encode_array(value: object) -> Any:
    if isinstance(value, array):
        return msgpack.Ext(_ARRAY, value.typecode.encode() + value.tobytes())
    raise NotImplementedError(type(value))


def _decode_array(code: int, data: memoryview) -> Any:
    if code != _ARRAY:
        raise ValueError(f"unknown extension {code}")
    restored = array(bytes(data[:1]).decode())
    restored.frombytes(data[1:])
    return restored


def pack(build: BuildGraph) -> bytes:
    return msgpack.encode({"report": build.report.packed(), "graph": build.graph,
                           "item_packages": build.item_packages, "sizes": build.sizes}, enc_hook=_encode_array)


def unpack(data: bytes) -> BuildGraph:
    stored = msgpack.decode(data, ext_hook=_decode_array)
    fields = stored["graph"]
    fields["items"] = [DataItem(*row) for row in fields["items"]]
    fields["roots"] = [Root(*row) for row in fields["roots"]]
    return BuildGraph(Report.unpacked(stored["report"]), ReferenceGraph(**fields), stored["item_packages"],
                      stored["sizes"])


class GraphCache:
    """`read_build_graph`, answered from the cache when the same bytes were read by the same code before."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._fingerprint = code_fingerprint() if directory is not None else ""

    @classmethod
    def default(cls, enabled: bool = True) -> GraphCache:
        return cls(cache_root() / "graphs" if enabled else None)

    def read(self, path: Path) -> BuildGraph:
        if self.directory is None:
            return read_build_graph(path)
        try:
            stored: Path | None = self.directory / f"{file_digest(path)}-{self._fingerprint}.msgpack"
        except (OSError, InputError):
            stored = None  # reading the graph will say what is wrong with the file
        if stored is not None:
            with contextlib.suppress(OSError, ValueError, TypeError, KeyError, AttributeError):
                build = unpack(stored.read_bytes())
                build.report.file = str(path)  # the same bytes may have been read under another name
                return build
        build = read_build_graph(path)
        if stored is not None:
            self._put(stored, build)
        return build

    def _put(self, stored: Path, build: BuildGraph) -> None:
        assert self.directory is not None
        with contextlib.suppress(OSError):
            write_bytes_atomically(stored, pack(build))
            entries = sorted(self.directory.glob("*.msgpack"), key=lambda entry: entry.stat().st_mtime, reverse=True)
            for old in entries[KEEP_GRAPHS:]:
                old.unlink(missing_ok=True)


def read_graph(path: str | os.PathLike[str], cached: bool = True) -> BuildGraph:
    """The build graph of the file at `path`, from the user's cache unless `cached` is False."""
    return GraphCache.default(cached).read(Path(path))
