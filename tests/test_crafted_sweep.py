"""Crafted inputs through every reading command: a clean answer or one error line, quickly, never a traceback,
never a workflow command in the output. Seeded and small here; tools/hostile_sweep.py runs thousands."""

from __future__ import annotations

import time

import pytest
from conftest import SMALLEST, fixture_path, invoke
from crafted import MUTATORS, crafted_inputs

PER_KIND = {0: 1, 1: 3}  # the quick suite runs one of each kind; -m slow three more
COMMANDS = [["size", "{file}", "--format", "json"], ["size", "{file}", "--by", "function"], ["info", "{file}"],
            ["diff", "{file}", "{base}"], ["strip", "{file}", "-o", "{out}"]]


@pytest.mark.parametrize("seed", [0, pytest.param(1, marks=pytest.mark.slow)])
def test_crafted_inputs_get_an_answer_or_one_error_line(tmp_path, seed):
    base = fixture_path(SMALLEST)
    for number, (kind, data) in enumerate(crafted_inputs(base.read_bytes(), seed, PER_KIND[seed] * len(MUTATORS))):
        path = tmp_path / f"{number}.wasm"
        path.write_bytes(data)
        for command in COMMANDS:
            args = [part.format(file=path, base=base, out=tmp_path / "out.wasm") for part in command]
            started = time.perf_counter()
            result = invoke(*args)
            elapsed = time.perf_counter() - started
            what = f"{kind} ({number}): {' '.join(command)}"
            assert elapsed < 2.0, (what, elapsed)  # README: 2 s per command
            assert result.exit_code in (0, 3), (what, result.output[-500:])
            assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), what
            if result.exit_code == 3:
                assert len(result.stderr.splitlines()) == 1, (what, result.stderr[:500])
            assert not any(line.lstrip().startswith("::") for line in result.stdout.splitlines()), what
