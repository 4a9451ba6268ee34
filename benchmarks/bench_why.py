#!/usr/bin/env python3
"""Benchmark `why` and `size --by retained` on the ~20 MB build (see bench_size.py): wall time and peak RSS.

Each query runs --runs times, each a fresh process as a user would start it, the queries
interleaved round by round so that a noisy machine slows them alike; the median is printed.

    python benchmarks/bench_why.py [--runs 5]

Target (exit 1 when missed): every query on the ~20 MB build in <= 3 s (median).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_size import build_big_program, command, compile_package, run_once

TARGET = 3.0
MIB = 1 << 20


def queries(wasm: Path) -> dict[str, list[str]]:
    tool = command()
    return {
        "why net/http": [*tool, "why", str(wasm), "net/http"],
        "why 'encoding/**' --all 3": [*tool, "why", str(wasm), "encoding/**", "--all", "3"],
        "why fmt.Sprintf --format json": [*tool, "why", str(wasm), "fmt.Sprintf", "--format", "json"],
        "size --by retained (top 20)": [*tool, "size", str(wasm), "--by", "retained"],
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
    for _ in range(args.runs):
        for name, argv in asked.items():
            elapsed, peak = run_once(argv)
            times[name].append(elapsed)
            peaks[name] = max(peaks[name], peak)
    print(f"{wasm.name}: {wasm.stat().st_size / 1e6:.1f} MB, {args.runs} runs each")
    missed = False
    for name in asked:
        median = statistics.median(times[name])
        verdict = "ok" if median <= TARGET else "MISSED"
        missed |= median > TARGET
        print(f"  {name:32} median {median:6.3f} s (min {min(times[name]):.3f}, max {max(times[name]):.3f}), "
              f"peak RSS {peaks[name] / MIB:6.1f} MiB   target <= {TARGET} s: {verdict}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
