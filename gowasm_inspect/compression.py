"""Compressed sizes as servers and precompression tools produce them: parallel, and cached by content.

Defaults are those of the tools people precompress with: gzip -9 (as `gzip -9 -n`:
no name, no timestamp), brotli quality 11 with a 2^24 window (the `brotli` CLI's
defaults) and zstd -19 with a checksum (as the `zstd` CLI writes). All three
libraries release the GIL while compressing, so threads use every core. Results
are cached under the user's cache directory, keyed by the content's SHA-256,
the algorithm, its settings and the library version.

gzip sizes come from GNU gzip itself when it is installed: its deflate ends blocks
by its own heuristic, and zlib's output differs from it by up to about 0.5 % either
way on Go wasm. Without GNU gzip, zlib is used and the report names it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import zlib
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from collections.abc import Callable, Iterator

import brotli
import zstandard

from gowasm_inspect.model import Report
from gowasm_inspect.stripping import NAME_SECTION, kept_ranges

ALGORITHMS = ("gzip", "brotli", "zstd")
# Rough speeds at the default settings, to decide whether work is long enough to show progress.
_BYTES_PER_SECOND = {"gzip": 8e6, "brotli": 0.5e6, "zstd": 4e6}


@dataclass(frozen=True)
class CompressionSettings:
    gzip_level: int = 9
    brotli_quality: int = 11
    brotli_window: int = 24
    zstd_level: int = 19

    def describe(self, algorithm: str) -> str:
        return {
            "gzip": f"level {self.gzip_level}",
            "brotli": f"quality {self.brotli_quality}, window {self.brotli_window}",
            "zstd": f"level {self.zstd_level}, checksum",
        }[algorithm]


@cache
def gnu_gzip() -> tuple[str, str] | None:
    """(path, version) of GNU gzip on PATH, or None; other gzips (BSD, Apple) wrap zlib anyway."""
    path = shutil.which("gzip")
    if path is None:
        return None
    try:
        first_line = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout
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
        return len(zstandard.ZstdCompressor(level=settings.zstd_level, write_checksum=True).compress(data))
    raise ValueError(f"unknown compression algorithm {algorithm!r}")


def cache_root() -> Path:
    """gowasm-inspect's folder in the user's cache directory (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gowasm-inspect"


def default_cache_directory() -> Path:
    return cache_root() / "compressed"


class CompressionCache:
    """Small results by content and settings, one file each; a cache that cannot be used is skipped."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory

    def _path(self, key: list[str]) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / hashlib.sha256(json.dumps(key).encode()).hexdigest()[:32]

    def _get(self, key: list[str]) -> object:
        path = self._path(key)
        try:
            return json.loads(path.read_text())["value"] if path else None
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _put(self, key: list[str], value: object) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"key": key, "value": value}))
            os.replace(temporary, path)
        except OSError:
            pass  # an unwritable cache costs time on the next run, nothing else

    @staticmethod
    def _size_key(digest: str, algorithm: str, settings: CompressionSettings) -> list[str]:
        return [digest, algorithm, settings.describe(algorithm), library(algorithm)]

    def get(self, digest: str, algorithm: str, settings: CompressionSettings) -> int | None:
        size = self._get(self._size_key(digest, algorithm, settings))
        return size if isinstance(size, int) and not isinstance(size, bool) else None

    def put(self, digest: str, algorithm: str, settings: CompressionSettings, size: int) -> None:
        self._put(self._size_key(digest, algorithm, settings), size)

    def get_weights(self, digest: str) -> list[int] | None:
        weights = self._get([digest, "section-weights", SHARE_METHOD, library("zstd")])
        ok = isinstance(weights, list) and all(isinstance(w, int) and not isinstance(w, bool) for w in weights)
        return weights if ok else None  # type: ignore[return-value]

    def put_weights(self, digest: str, weights: list[int]) -> None:
        self._put([digest, "section-weights", SHARE_METHOD, library("zstd")], weights)


# (steps, expected seconds) -> a context yielding the callback to call once per finished step
Tracker = Callable[[int, float], AbstractContextManager[Callable[[], None]]]


def compress_all(
    variants: dict[str, bytes],
    algorithms: list[str],
    settings: CompressionSettings,
    cache: CompressionCache,
    track: Tracker | None = None,
) -> dict[str, dict[str, int]]:
    """variant -> algorithm -> compressed size; cached sizes are reused, the rest computed in parallel.

    `track` is told how much work is left once the cache has answered, so that a run served
    from the cache shows no progress bar."""
    results: dict[str, dict[str, int]] = {name: {} for name in variants}
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in variants.items()}
    jobs = []
    for name in variants:
        for algorithm in algorithms:
            cached = cache.get(digests[name], algorithm, settings)
            if cached is None:
                jobs.append((name, algorithm))
            else:
                results[name][algorithm] = cached
    # the slowest first, so that the pool is not left waiting on one long job at the end
    jobs.sort(key=lambda job: -len(variants[job[0]]) / _BYTES_PER_SECOND[job[1]])
    workers = max(1, min(len(jobs), os.cpu_count() or 1))
    expected = sum(len(variants[name]) / _BYTES_PER_SECOND[algorithm] for name, algorithm in jobs) / workers
    with (track or _untracked)(len(jobs), expected) as done, ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(compressed_size, algorithm, variants[name], settings): (name, algorithm)
                   for name, algorithm in jobs}
        for future, (name, algorithm) in futures.items():
            size = future.result()
            results[name][algorithm] = size
            cache.put(digests[name], algorithm, settings, size)
            done()
    return {name: {algorithm: sizes[algorithm] for algorithm in algorithms} for name, sizes in results.items()}


@contextmanager
def _untracked(steps: int, expected_seconds: float) -> Iterator[Callable[[], None]]:
    yield lambda: None


AS_IS = "as-is"
STRIPPED = "stripped"


def compression_variants(report: Report, data: bytes) -> dict[str, bytes]:
    """The file as it is and, when strip predictions were asked for, as `strip` would write it."""
    variants = {AS_IS: data}
    name = report.section(NAME_SECTION)
    if report.strip and name is not None:
        kept = kept_ranges(len(data), [(name.offset, name.offset + name.size)])
        variants[STRIPPED] = b"".join(data[start:end] for start, end in kept)
    return variants


SHARE_METHOD = ("estimate: each section (id, size and payload) compressed alone with zstd level 3 "
                "(at most its own size), and each compressed total divided in those proportions")
_SHARE_PROXY_LEVEL = 3  # fast (~300 MB/s) and, on Go wasm, within a few percent for code and data


def section_shares(report: Report, data: bytes, cache: CompressionCache) -> dict:
    """How much of each compressed size each section accounts for: an estimate, labelled with its method.

    Compressors find matches across section boundaries, so no exact split exists. Measured
    against each section's marginal cost (the file compressed with and without it), code and
    data come within ~3 %; small sections whose strings repeat elsewhere (name) are
    overestimated by up to ~20 %. The shares of each algorithm add up to its total exactly."""
    weights = cache.get_weights(report.sha256)
    if weights is None or len(weights) != len(report.sections):
        proxy = zstandard.ZstdCompressor(level=_SHARE_PROXY_LEVEL)
        # capped at the raw size: a tiny section is not charged the compressor's frame overhead
        weights = [min(len(proxy.compress(data[s.offset : s.offset + s.size])), s.size) for s in report.sections]
        cache.put_weights(report.sha256, weights)
    rows = [{"name": s.name, "offset": s.offset} for s in report.sections]
    for algorithm, total in report.compressed.items():
        for row, share in zip(rows, _apportion(total, weights), strict=True):
            row[algorithm] = share
    return {"method": SHARE_METHOD, "sections": rows}


def _apportion(total: int, weights: list[int]) -> list[int]:
    """total split in proportion to weights, in whole bytes that add up to total (largest remainders)."""
    whole = sum(weights) or 1
    exact = [total * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda index: shares[index] - exact[index])
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares


def attach_compression(report: Report, sizes: dict[str, dict[str, int]], algorithms: list[str],
                       settings: CompressionSettings) -> None:
    """Record compressed sizes in the report: of the file, and of each strip prediction's variant."""
    report.compressed = dict(sizes[AS_IS])
    report.compression = {a: {"settings": settings.describe(a), "library": library(a)} for a in algorithms}
    for number, prediction in enumerate(report.strip):
        variant = STRIPPED if "-s" in prediction.flags.split() and STRIPPED in sizes else AS_IS
        report.strip[number] = type(prediction)(prediction.flags, prediction.size, prediction.saved,
                                                prediction.changes, dict(sizes[variant]))
