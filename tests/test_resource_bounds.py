"""Bounded memory on hostile layouts: at most 4 x the input + 200 MB, measured on the process itself."""

from __future__ import annotations

import os
import subprocess
import sys

import leb128

MB = 1 << 20


def _data_segment(address: int, content: bytes) -> bytes:
    return b"\x00\x41" + leb128.i.encode(address) + b"\x0b" + leb128.u.encode(len(content)) + content


def _module_with_data(segments: list[bytes]) -> bytes:
    payload = leb128.u.encode(len(segments)) + b"".join(segments)
    return b"\0asm\x01\0\0\0" + b"\x0b" + leb128.u.encode(len(payload)) + payload


def _peak_rss(*args: str) -> tuple[int, int]:
    """(exit code, peak resident bytes) of one run of the command line, in its own process."""
    process = subprocess.Popen([sys.executable, "-m", "gowasm_inspect", *args], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd="/")
    _, status, usage = os.wait4(process.pid, 0)
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss * 1024


def test_two_segments_far_apart_do_not_make_a_huge_memory_image(tmp_path):
    """64 MiB of data in two segments 496 MiB apart: linear memory is not rebuilt across the gap."""
    half = b"\x01" * (32 * MB)
    path = tmp_path / "sparse.wasm"
    path.write_bytes(_module_with_data([_data_segment(0x1000, half), _data_segment(0x1000 + 496 * MB, half)]))
    code, peak = _peak_rss("size", str(path), "--format", "json")
    assert code == 0
    assert peak <= 4 * path.stat().st_size + 200 * MB, peak // MB
