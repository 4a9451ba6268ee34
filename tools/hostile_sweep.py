#!/usr/bin/env python3
"""Run thousands of crafted and mutated inputs through every command, each input in its own process.

Limits per input: each command 2 s; peak memory 4 x the input + 200 MB. A failure is a traceback, an exit
code other than 0, 1 or 3, more than one error line, a line a CI runner would run (starting with `::`),
or a limit passed. Prints the counts by kind and the failures.

    python tools/hostile_sweep.py [--inputs 5000] [--seed 1] [--workers 2] [--base FILE.wasm]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import itertools
import json
import os
import resource
import signal
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "fixtures"))  # the suite's helpers read wabt through fixtures/groundtruth.py

from crafted import crafted_inputs  # noqa: E402  (the suite's generator of crafted inputs)

TIME_LIMIT = 2.0
MB = 1 << 20
BUDGET = "version: 1\nbudgets:\n  - sections: {name: 0}\n    packages: {\"**\": 1 MiB}\n"
COMMANDS = [
    ["size", "{file}"], ["size", "{file}", "--format", "json", "--by", "function"], ["info", "{file}"],
    ["strip", "{file}", "-o", "{out}", "--all-custom"], ["diff", "{file}", "{base}", "--format", "markdown"],
    ["check", "{file}", "--budget", "{budget}", "--format", "github"],
]


class _Timeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout


def _run_commands(path: Path, base: Path, folder: Path) -> list[str]:
    """In the child: every command on one input, in-process; the problems found."""
    from click.testing import CliRunner

    from gowasm_inspect.cli import main

    problems = []
    signal.signal(signal.SIGALRM, _on_alarm)
    for command in COMMANDS:
        args = [part.format(file=path, base=base, out=folder / "out.wasm", budget=folder / "budget.yaml")
                for part in command]
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            result = CliRunner().invoke(main, args)
        except _Timeout:
            problems.append(f"{command[0]}: over {TIME_LIMIT} s")
            continue
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        problems += _judge(command[0], result)
    return problems


def _judge(name: str, result: object) -> list[str]:
    code, stdout, stderr = result.exit_code, result.stdout, result.stderr  # type: ignore[attr-defined]
    exception = result.exception  # type: ignore[attr-defined]
    found = []
    if exception is not None and not isinstance(exception, SystemExit):
        found.append(f"{name}: {type(exception).__name__}: {exception}"[:300])
    if code not in (0, 1, 3):
        found.append(f"{name}: exit {code}")
    if code == 3 and len(stderr.splitlines()) != 1:
        found.append(f"{name}: {len(stderr.splitlines())} error lines")
    commands = [line for line in stdout.splitlines() if line.lstrip().startswith("::")]
    if (name != "check" and commands) or any(not line.startswith(("::error ", "::warning ")) for line in commands):
        found.append(f"{name}: a line a runner would run: {commands[0][:80]!r}")
    return found


def _one(job: tuple[int, str, bytes, str]) -> tuple[str, list[str]]:
    number, kind, data, base = job
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{number}.wasm"
        path.write_bytes(data)
        (Path(folder) / "budget.yaml").write_text(BUDGET)
        reader, writer = os.pipe()
        child = os.fork()
        if child == 0:  # the child runs the commands; its peak memory is its own
            os.close(reader)
            with contextlib.redirect_stderr(io.StringIO()):
                problems = _run_commands(path, Path(base), Path(folder))
            os.write(writer, json.dumps(problems).encode())
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as stream:
            report = stream.read()
        _, status, usage = os.wait4(child, 0)
    problems = json.loads(report) if report else [f"child ended with status {status}"]
    peak, limit = usage.ru_maxrss * 1024, 4 * len(data) + 200 * MB
    if peak > limit:
        problems.append(f"peak memory {peak // MB} MB over {limit // MB} MB")
    return kind, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--inputs", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--base", type=Path, help="the binary to mutate (default: the smallest Go fixture)")
    args = parser.parse_args()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    fixtures = json.loads((ROOT / "fixtures" / "manifest.json").read_text())["fixtures"]
    base = args.base or ROOT / "fixtures" / "wasm" / min(fixtures, key=lambda entry: entry["size"])["file"]
    jobs = ((number, kind, data, str(base)) for number, (kind, data)
            in enumerate(crafted_inputs(base.read_bytes(), args.seed, args.inputs)))
    counts, failures, started = Counter(), [], time.perf_counter()
    with ProcessPoolExecutor(max_workers=args.workers) as pool:
        # a few batches at a time: each input is megabytes, and map() would make them all up front
        while batch := list(itertools.islice(jobs, 4 * args.workers)):
            for kind, problems in pool.map(_one, batch):
                counts[kind] += 1
                failures += [f"{kind}: {problem}" for problem in problems]
    print(f"{sum(counts.values()):,} inputs x {len(COMMANDS)} commands in {time.perf_counter() - started:.0f} s, "
          f"base {base.name}, seed {args.seed}")
    for kind, count in sorted(counts.items()):
        print(f"  {kind:24} {count:6,}")
    print(f"failures: {len(failures)}")
    for failure in failures[:50]:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
