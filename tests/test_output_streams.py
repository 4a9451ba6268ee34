"""Standard output that goes away or fills up: a reader that stops early (`| head`) keeps the command's
verdict as its exit code, with nothing on stderr; output that cannot be written is one line and exit 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEW_JS, fixture_path

WASM = str(fixture_path(NEW_JS))


def _with_stdout_closed(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the tool with its standard output a pipe whose reader has already gone: its first write fails."""
    process = subprocess.Popen([sys.executable, "-m", "gowasm_inspect", *args], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    error = process.stderr.read()
    return subprocess.CompletedProcess(args, process.wait(), "", error)


def _budget(tmp_path: Path, raw: str) -> str:
    path = tmp_path / "budget.yaml"
    path.write_text(f"version: 1\nbudgets:\n  - total:\n      raw: {raw}\n", encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("args", [["size", WASM], ["size", WASM, "--format", "json"], ["info", WASM],
                                  ["--version"], ["glue", WASM], ["diff", WASM, WASM]])
def test_a_reader_that_has_gone_ends_the_command_quietly_with_its_own_exit_code(args):
    result = _with_stdout_closed(*args)
    assert (result.returncode, result.stderr) == (0, "")


def test_a_check_piped_to_a_reader_that_stops_still_fails_an_oversized_build(tmp_path):
    size = os.path.getsize(WASM)
    over = _with_stdout_closed("check", WASM, "--budget", _budget(tmp_path, str(size - 1)))
    assert (over.returncode, over.stderr) == (1, "")  # 1: over budget, as when the table is read whole
    within = _with_stdout_closed("check", WASM, "--budget", _budget(tmp_path, str(size)))
    assert (within.returncode, within.stderr) == (0, "")


def test_strip_says_what_it_wrote_even_to_a_reader_that_has_gone(tmp_path):
    target = tmp_path / "small.wasm"
    result = _with_stdout_closed("strip", WASM, "-o", str(target))
    assert (result.returncode, result.stderr) == (0, "")
    assert target.exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["size", WASM], ["size", WASM, "--format", "json"], ["info", WASM],
                                  ["--version"]])
def test_a_full_standard_output_is_one_error_line_and_exit_2(args):
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "gowasm_inspect", *args], stdout=full, stderr=subprocess.PIPE,
                                text=True)
    assert result.returncode == 2
    assert result.stderr == "gowasm-inspect: standard output: cannot write: No space left on device\n"
