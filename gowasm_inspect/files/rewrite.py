"""Write a copy of a file without some of its byte ranges: `strip` without rebuilding.

The copy is written to a temporary file beside the target, flushed to disk and
renamed over it, so a reader never sees a half-written file and a failure
leaves the target as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from gowasm_inspect.wasm.format import READ_CHUNK
from gowasm_inspect.wasm.ranges import kept_ranges


def write_without(source: Path, target: Path, size: int, removed: list[tuple[int, int]]) -> int:
    """Copy `source` to `target` without the `removed` (start, end) ranges, atomically; returns the bytes written."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    written = 0
    try:
        with open(source, "rb") as reader, os.fdopen(handle, "wb") as writer:
            for start, end in kept_ranges(size, removed):
                reader.seek(start)
                while start < end:
                    chunk = reader.read(min(READ_CHUNK, end - start))
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
