"""Many compressed sizes at once: cached ones reused, the rest computed on every core.

All three compressors release the GIL, so threads run them in parallel.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from gowasm_inspect.analyses.compression.engines import compressed_size, library
from gowasm_inspect.analyses.compression.settings import CompressionSettings

# Rough speeds at the default settings, to decide whether work is long enough to show progress.
_BYTES_PER_SECOND = {"gzip": 8e6, "brotli": 0.5e6, "zstd": 4e6}


class ResultCache(Protocol):
    """Small JSON values by a key that names everything they depend on; `files.cache` keeps them on disk."""

    def get(self, key: list[str]) -> object: ...

    def put(self, key: list[str], value: object) -> None: ...


# bumped when how a size is measured changes without its settings or library changing
_SIZE_METHOD = "3"  # 3: variants named by the file's digest and the sections they drop


def _size_key(digest: str, algorithm: str, settings: CompressionSettings) -> list[str]:
    return [digest, algorithm, settings.describe(algorithm), library(algorithm), _SIZE_METHOD]


def _cached_size(cache: ResultCache, key: list[str]) -> int | None:
    size = cache.get(key)
    return size if isinstance(size, int) and not isinstance(size, bool) else None


# (steps, expected seconds) -> a context yielding the callback to call once per finished step
Tracker = Callable[[int, float], AbstractContextManager[Callable[[], None]]]


def compress_all(
    variants: Mapping[str, bytes],
    algorithms: list[str],
    settings: CompressionSettings,
    cache: ResultCache,
    track: Tracker | None = None,
    digests: dict[str, str] | None = None,
) -> dict[str, dict[str, int]]:
    """variant -> algorithm -> compressed size; cached sizes are reused, the rest computed in parallel.

    `digests` names each variant's contents for the cache (their SHA-256 when not given); with it, a
    variant's bytes are asked for only when a size has to be computed. `track` is told how much work is
    left once the cache has answered, so that a run served from the cache shows no progress bar."""
    results: dict[str, dict[str, int]] = {name: {} for name in variants}
    if digests is None:
        digests = {name: hashlib.sha256(data).hexdigest() for name, data in variants.items()}
    jobs = []
    for name in variants:
        for algorithm in algorithms:
            cached = _cached_size(cache, _size_key(digests[name], algorithm, settings))
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
            cache.put(_size_key(digests[name], algorithm, settings), size)
            done()
    return {name: {algorithm: sizes[algorithm] for algorithm in algorithms} for name, sizes in results.items()}


@contextmanager
def _untracked(steps: int, expected_seconds: float) -> Iterator[Callable[[], None]]:
    yield lambda: None
