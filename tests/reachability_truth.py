"""The linker's reachability marks for a fixture (fixtures/deps/, recorded by fixtures/reachability.py):
for each symbol the linker kept, the symbol that first led to it, each with the tags it was marked with
(<UsedInIface>, <ReflectMethod>). "_" is the linker itself: the roots."""

from __future__ import annotations

import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DEPS = Path(__file__).resolve().parent.parent / "fixtures" / "deps"
_TAGGED = re.compile(r"^(.*?)((?: <[A-Za-z]+>)*)$")


@dataclass(frozen=True)
class Mark:
    source: str
    target: str
    source_tags: tuple[str, ...]
    target_tags: tuple[str, ...]


def _name_and_tags(text: str) -> tuple[str, tuple[str, ...]]:
    match = _TAGGED.match(text)
    assert match is not None
    return match[1], tuple(tag.strip(" <>") for tag in match[2].split(" <") if tag.strip())


@cache
def marks(wasm_name: str) -> dict[str, Mark]:
    """Each marked symbol -> its mark (the linker marks a symbol once, from the first that reaches it)."""
    found = {}
    for line in raw_marks(wasm_name).decode().splitlines():
        source, target = line.split(" -> ", 1)
        (source_name, source_tags), (target_name, target_tags) = _name_and_tags(source), _name_and_tags(target)
        found[target_name] = Mark(source_name, target_name, source_tags, target_tags)
    return found


def raw_marks(wasm_name: str) -> bytes:
    return gzip.decompress((DEPS / wasm_name.replace(".wasm", ".deps.gz")).read_bytes())


def marks_sha256(wasm_name: str) -> str:
    return hashlib.sha256(raw_marks(wasm_name)).hexdigest()


def wasm_name_of(symbol: str) -> str:
    """The name Go's wasm linker writes for a symbol in the name section: every character but A-Z, a-z, 0-9,
    `_` and `.` replaced by `_`."""
    return re.sub(r"[^A-Za-z0-9_.]", "_", symbol)
