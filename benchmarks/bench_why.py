#!/usr/bin/env python3
"""Benchmark `why` and `size --by retained` on the ~20 MB build (see bench_size.py): wall time and peak RSS.

Each query runs --runs times, each a fresh process as a user would start it, the queries
interleaved round by round so that a noisy machine slows them alike; the median is printed.
Queries marked "cold" read the graph from the file (--no-cache); the others find it in a cache
(a fresh one in a temporary folder, filled once before the rounds).

    python benchmarks/bench_why.py [--runs 5]

Targets (exit 1 when one is missed): every query on the ~20 MB build in <= 3 s (median), and
a cached `why` in <= 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_size import build_big_program, command, compile_package, run_once

TARGET = 3.0
CACHED_TARGET = 0.5
MIB = 1 << 20


def queries(wasm: Path) -> dict[str, tuple[list[str], float]]:
    """Name -> (command line, target seconds)."""
    tool, file = command(), str(wasm)
    return {
        "why net/http (cold)": ([*tool, "why", file, "net/http", "--no-cache"], TARGET),
        "why 'encoding/**' --all 3 (cold)": ([*tool, "why", file, "encoding/**", "--all", "3", "--no-cache"], TARGET),
        "size --by retained (cold)": ([*tool, "size", file, "--by", "retained", "--no-cache"], TARGET),
        "why net/http": ([*tool, "why", file, "net/http"], CACHED_TARGET),
        "why fmt.Sprintf --format json": ([*tool, "why", file, "fmt.Sprintf", "--format", "json"], CACHED_TARGET),
        "size --by retained": ([*tool, "size", file, "--by", "retained"], TARGET),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    wasm = build_big_program()
    compile_package()
    asked = queries(wasm)
    times: dict[str, list[float]] = {name: [] for name in asked}
    peaks: dict[str, int] = dict.fromkeys(asked, 0)
    with tempfile.TemporaryDirectory() as cache:
        environment = {"XDG_CACHE_HOME": cache}
        run_once(asked["why net/http"][0], environment)  # fills the cache
        for _ in range(args.runs):
            for name, (argv, _) in asked.items():
                elapsed, peak = run_once(argv, environment)
                times[name].append(elapsed)
                peaks[name] = max(peaks[name], peak)
    print(f"{wasm.name}: {wasm.stat().st_size / 1e6:.1f} MB, {args.runs} runs each")
    missed = False
    for name, (_, target) in asked.items():
        median = statistics.median(times[name])
        verdict = "ok" if median <= target else "MISSED"
        missed |= median > target
        print(f"  {name:36} median {median:6.3f} s (min {min(times[name]):.3f}, max {max(times[name]):.3f}), "
              f"peak RSS {peaks[name] / MIB:6.1f} MiB   target <= {target} s: {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
