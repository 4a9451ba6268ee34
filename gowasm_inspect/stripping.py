"""Write a module without its debug sections: what `-ldflags=-s` removes, without rebuilding.

The copy is written to a temporary file beside the target, flushed to disk and
renamed over it, so a reader never sees a half-written file and a failure
leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from gowasm_inspect.sections.buildid import BUILD_ID_SECTION_NAMES
from gowasm_inspect.sections.module import Module
from gowasm_inspect.sections.walk import CUSTOM_SECTION_ID, SectionHeader

NAME_SECTION = "name"
_CHUNK = 1 << 20


def sections_to_strip(module: Module, *, all_custom: bool = False, drop_build_id: bool = False) -> list[SectionHeader]:
    """The name section; with `all_custom` every other custom section but Go's build ID; that too if asked."""
    removed = []
    for header in module.sections:
        if header.id != CUSTOM_SECTION_ID:
            continue
        is_build_id = header.custom_name in BUILD_ID_SECTION_NAMES
        if header.custom_name == NAME_SECTION or (is_build_id and drop_build_id) or (all_custom and not is_build_id):
            removed.append(header)
    return removed


def kept_ranges(size: int, removed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) byte ranges of a `size`-byte file that remain once the `removed` ranges go."""
    ranges, position = [], 0
    for start, end in sorted(removed):
        if start > position:
            ranges.append((position, start))
        position = end
    if position < size:
        ranges.append((position, size))
    return ranges


def write_without(source: Path, target: Path, size: int, removed: list[SectionHeader]) -> int:
    """Copy `source` to `target` without the `removed` sections, atomically; returns the bytes written."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    written = 0
    try:
        with open(source, "rb") as reader, os.fdopen(handle, "wb") as writer:
            for start, end in kept_ranges(size, [(header.offset, header.end) for header in removed]):
                reader.seek(start)
                while start < end:
                    chunk = reader.read(min(_CHUNK, end - start))
                    if not chunk:
                        raise OSError(f"{source} shrank while being copied")
                    writer.write(chunk)
                    start += len(chunk)
                    written += len(chunk)
            writer.flush()
            os.fsync(writer.fileno())
        shutil.copymode(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return written
