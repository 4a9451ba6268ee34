#!/usr/bin/env python3
"""Benchmark `size --compress gzip,brotli --strip` against the brotli CLI alone, side by side.

On the ~20 MB binary that bench_size.py builds: alternately runs
`gowasm-inspect size --compress gzip,brotli --strip --no-cache --format json`
and `brotli -q 11 -w 24 -c` (what the tool must at least do once), --runs times
each, and prints both medians and their ratio (target <= 1.15). Then a run that
fills a fresh cache, and --runs runs served from it (target <= 0.2 s).

    python benchmarks/bench_compress.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from bench_size import build_big_program, command

RATIO_TARGET = 1.15
CACHED_TARGET = 0.2


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each (default 3; brotli -q 11 is slow)")
    args = parser.parse_args()
    if shutil.which("brotli") is None:
        print("needs the brotli CLI (Debian package brotli)", file=sys.stderr)
        return 2
    wasm = str(build_big_program())
    ours = [*command(), "size", "--compress", "gzip,brotli", "--strip", "--format", "json", wasm]
    reference = ["brotli", "-q", "11", "-w", "24", "-c", wasm]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        tool_times, cli_times = [], []
        for run in range(args.runs):
            tool_times.append(timed([*ours, "--no-cache"], env))
            cli_times.append(timed(reference, env))
            print(f"run {run + 1}: gowasm-inspect {tool_times[-1]:.2f} s, brotli CLI {cli_times[-1]:.2f} s", flush=True)
        timed(ours, env)  # fills the cache
        cached = [timed(ours, env) for _ in range(max(args.runs, 5))]
    ratio = statistics.median(tool_times) / statistics.median(cli_times)
    cached_median = statistics.median(cached)
    print(f"{os.path.basename(wasm)}: {os.path.getsize(wasm) / 1e6:.1f} MB on {os.cpu_count()} cores")
    print(f"median gowasm-inspect {statistics.median(tool_times):.2f} s, brotli CLI {statistics.median(cli_times):.2f} s, "
          f"ratio {ratio:.3f} (target <= {RATIO_TARGET})")
    print(f"median served from the cache: {cached_median:.3f} s (target <= {CACHED_TARGET})")
    return 0 if ratio <= RATIO_TARGET and cached_median <= CACHED_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
