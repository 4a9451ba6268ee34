#!/usr/bin/env python3
"""Benchmark the HTML treemap: page size, and render time in headless Chromium (Debian's, via playwright).

Writes `size --format html` of the 19.7 MB benchmark build (see bench_size.py) and of
the largest fixture, opens each page from disk --runs times in a fresh tab, and
prints the median time from navigation to the first drawn treemap.

    python benchmarks/bench_html.py [--runs 5] [--chromium /usr/bin/chromium]

Targets: render under 1 s, page under 2 MB.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_size import ROOT, build_big_program, command

RENDER_TARGET = 1.0
SIZE_TARGET = 2 * 1024 * 1024


def render_times(page_path: Path, runs: int, chromium: str) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for _ in range(runs + 1):  # the first warms the browser's caches and is not counted
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            started = time.perf_counter()
            page.goto(page_path.as_uri())
            page.wait_for_selector("body[data-ready='1']")
            times.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return times[1:]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    fixtures = sorted((ROOT / "fixtures" / "wasm").glob("*.wasm"), key=lambda p: p.stat().st_size)
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        for wasm in (build_big_program(), fixtures[-1]):
            page = Path(folder) / (wasm.stem + ".html")
            subprocess.run([*command(), "size", str(wasm), "--format", "html", "-o", str(page)], check=True)
            times = render_times(page, args.runs, args.chromium)
            size, median = page.stat().st_size, statistics.median(times)
            within = median < RENDER_TARGET and size < SIZE_TARGET
            ok &= within
            print(f"{wasm.name:40} page {size / 2**20:5.2f} MiB   render median {median:.3f} s "
                  f"(min {min(times):.3f}, max {max(times):.3f}, {args.runs} runs)  {'ok' if within else 'OVER TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
