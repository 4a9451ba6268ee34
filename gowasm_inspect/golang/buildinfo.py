"""Build information from linear memory: runtime.modinfo and runtime.buildVersion.

`go version -m` cannot read wasm, and wasm binaries carry no `\\xff Go buildinf:`
blob. The module text is in the data, framed by 16-byte sentinels, as the
tab-separated lines of debug.BuildInfo: path, mod, dep, =>, build.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from msgspec import Struct, field

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.quoting import go_unquote

_INFO_START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
_INFO_END = bytes.fromhex("f932433186182072008242104116d8f2")
_MAX_INFO = 1 << 20
_LENGTH = struct.Struct("<Q")  # the length word after a Go string's pointer
# runtime.buildVersion: go1.N[.P][rcN|betaN] or devel ..., optionally with " X:experiments"
_VERSION = re.compile(rb"(?:go1\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?|devel [\x21-\x7e]+(?: [\x21-\x7e]+)*?)(?: X:[\w,-]+)?")


class GoModule(Struct, frozen=True):
    """A Go module as build info records it: the main module, a dependency, or a replacement."""

    path: str
    version: str
    sum: str | None = None
    replace: GoModule | None = None


class BuildInfo(Struct):
    path: str | None = None  # the main package's import path
    main: GoModule | None = None
    deps: list[GoModule] = field(default_factory=list)
    settings: dict[str, str] = field(default_factory=dict)


def _unquote(value: str) -> str:
    """Values with spaces, tabs, quotes or `=` are Go-quoted (strconv.Quote); others stand as written."""
    unquoted = go_unquote(value) if value.startswith(('"', "`")) else None
    return value if unquoted is None else unquoted


def _module(fields: list[str]) -> GoModule:
    path = fields[0] if fields else ""
    version = fields[1] if len(fields) > 1 else ""
    checksum = fields[2] if len(fields) > 2 and fields[2] else None
    return GoModule(path, version, checksum)


def parse_modinfo(text: str) -> BuildInfo:
    """Parse debug.BuildInfo's text form; unknown lines are ignored, as the runtime does."""
    info = BuildInfo()
    for line in text.splitlines():
        word, _, rest = line.partition("\t")
        fields = rest.split("\t")
        if word == "path":
            info.path = rest
        elif word == "mod":
            info.main = _module(fields)
        elif word == "dep":
            info.deps.append(_module(fields))
        elif word == "=>" and info.deps:
            last = info.deps[-1]
            info.deps[-1] = GoModule(last.path, last.version, last.sum, _module(fields))
        elif word == "build":
            key, _, value = rest.partition("=")
            info.settings[_unquote(key)] = _unquote(value)
    return info


def modinfo_span(image: MemoryImage) -> tuple[int, int] | None:
    """Where the module text lies in memory, its sentinels included."""
    start = image.find(_INFO_START)
    if start < 0:
        return None
    end = image.find(_INFO_END, start)
    if end < 0 or end - start > _MAX_INFO:
        return None
    return start, end + len(_INFO_END)


def find_modinfo(image: MemoryImage) -> BuildInfo | None:
    span = modinfo_span(image)
    if span is None:
        return None
    raw = image.data[span[0] + len(_INFO_START) - image.base : span[1] - len(_INFO_END) - image.base]
    return parse_modinfo(raw.decode("utf-8", "replace"))


def find_build_version(image: MemoryImage, hint: str | None) -> str | None:
    """runtime.buildVersion: a version string that a Go string header (pointer, length) points at.

    Other "go1." text can occur in a binary; requiring a string header that
    points at exactly this text, and preferring the producers section's version
    (`hint`), picks the runtime's own.
    """
    if hint:
        for version in _referenced_versions(image, hint.encode("ascii", "replace")):
            if version == hint or version.startswith(hint + " "):
                return version
    for prefix in (b"go1.", b"devel "):
        for version in _referenced_versions(image, prefix):
            return version
    return None


def _referenced_versions(image: MemoryImage, prefix: bytes) -> Iterator[str]:
    """Version texts starting with `prefix` that a Go string header (pointer, length) points at exactly,
    in address order."""
    texts = {}
    for address in image.find_all(prefix):
        match = _VERSION.match(image.data, address - image.base)
        if match:
            texts[address] = match[0]
    pointers_to = image.pointer_finder(texts)
    for address, text in texts.items():
        for pointer in pointers_to(address):
            length_at = pointer + _LENGTH.size
            if image.contains(length_at, _LENGTH.size) and \
                    _LENGTH.unpack_from(image.data, length_at - image.base)[0] == len(text):
                yield text.decode("ascii", "replace")
                break
