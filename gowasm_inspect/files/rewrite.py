"""Write a copy of a file without some of its byte ranges: `strip` without rebuilding.

The copy is written to a temporary file beside the target, flushed to disk and
renamed over it, so a reader never sees a half-written file and a failure
leaves the target as it was.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import tempfile
from pathlib import Path

from gowasm_inspect.wasm.format import READ_CHUNK
from gowasm_inspect.wasm.ranges import kept_ranges
from gowasm_inspect.wasm.source import describe_kind


def _refuse_special(target: Path) -> None:
    """Only a new path or a regular file may be written: never a device, FIFO, socket or link in its place."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if not stat.S_ISREG(mode):
        kind = "a symbolic link" if stat.S_ISLNK(mode) else describe_kind(mode)
        raise OSError(errno.EINVAL, f"is {kind}; only a new path or a regular file is written")


def append_text(target: Path, text: str) -> None:
    """Append to a regular file (created if missing), without waiting on anything else at that path."""
    _refuse_special(target)
    descriptor = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK, 0o666)
    with os.fdopen(descriptor, "a", encoding="utf-8") as stream:
        stream.write(text)


def write_without(source: Path, target: Path, size: int, removed: list[tuple[int, int]]) -> int:
    """Copy `source` to `target` without the `removed` (start, end) ranges, atomically; returns the bytes written."""
    _refuse_special(target)
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
