"""The compressors themselves: gzip, brotli and zstd, each named with its library and version.

gzip sizes come from GNU gzip itself when it is installed: its deflate ends blocks
by its own heuristic, and zlib's output differs from it by up to about 0.5 % either
way on Go wasm. Without GNU gzip, zlib is used and the report names it.
"""

from __future__ import annotations

import gzip
import re
import shutil
import subprocess
import zlib
from functools import cache

import brotli
import zstandard

from gowasm_inspect.analyses.compression.settings import CompressionSettings

_VERSION_TIMEOUT_SECONDS = 10


@cache
def gnu_gzip() -> tuple[str, str] | None:
    """(path, version) of GNU gzip on PATH, or None; other gzips (BSD, Apple) wrap zlib anyway."""
    path = shutil.which("gzip")
    if path is None:
        return None
    try:
        first_line = subprocess.run([path, "--version"], capture_output=True, text=True,
                                    timeout=_VERSION_TIMEOUT_SECONDS).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.match(r"gzip (\d+(?:\.\d+)+)\s", first_line)
    return (path, match.group(1)) if match else None


def _gzip_library() -> str:
    found = gnu_gzip()
    return f"GNU gzip {found[1]}" if found else f"zlib {zlib.ZLIB_RUNTIME_VERSION}"


def _gzip_size(data: bytes, level: int) -> int:
    found = gnu_gzip()
    if found is None:
        return len(gzip.compress(data, compresslevel=level, mtime=0))
    run = subprocess.run([found[0], f"-{level}", "-n", "-c"], input=data, capture_output=True, check=False)
    if run.returncode != 0:
        raise OSError(f"gzip failed: {run.stderr.decode(errors='replace').strip()}")
    return len(run.stdout)


def library(algorithm: str) -> str:
    """The engine behind an algorithm's sizes, with its version: part of every cache key."""
    return {
        "gzip": _gzip_library(),
        "brotli": f"brotli {brotli.__version__}",
        "zstd": f"zstandard {zstandard.__version__} (libzstd {'.'.join(map(str, zstandard.ZSTD_VERSION))})",
    }[algorithm]


def compressed_size(algorithm: str, data: bytes, settings: CompressionSettings) -> int:
    if algorithm == "gzip":
        return _gzip_size(data, settings.gzip_level)
    if algorithm == "brotli":
        return len(brotli.compress(data, quality=settings.brotli_quality, lgwin=settings.brotli_window))
    if algorithm == "zstd":
        # streamed with the size pledged up front, as the zstd CLI compresses a file
        stream = zstandard.ZstdCompressor(level=settings.zstd_level, write_checksum=True).compressobj(size=len(data))
        return len(stream.compress(data) + stream.flush())
    raise ValueError(f"unknown compression algorithm {algorithm!r}")
