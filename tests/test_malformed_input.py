"""Bad input is normal input: every malformed file gets one error line with its byte offset and exit 3.

The inputs are real fixtures, damaged at places found from wabt's section list
(not from the parser under test).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import groundtruth_facts
import leb128
import pytest
from click.testing import CliRunner
from conftest import MANIFEST, fixture_path

from gowasm_inspect.cli import main

# The smallest fixture, and an unstripped Go 1.27 build (name section, //go:wasmexport).
TARGETS = [
    min(MANIFEST, key=lambda e: e["size"]),
    next(e for e in MANIFEST if e["go"] == "1.27.3" and e["goos"] == "js" and not e["stripped"]),
]


@pytest.fixture(params=TARGETS, ids=[e["file"] for e in TARGETS])
def target(request):
    entry = {**request.param, "path": fixture_path(request.param)}
    entry["bytes"] = entry["path"].read_bytes()
    entry["spans"] = groundtruth_facts.section_spans(entry)
    entry["kinds"] = [s["kind"] for s in groundtruth_facts.sections(entry)]
    return entry


def run_size(path: Path, *args: str):
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["size", str(path), *args])
    return result, time.perf_counter() - started


def assert_rejected(tmp_path: Path, data: bytes, offset: int | None, expect: str = "") -> str:
    path = tmp_path / "bad.wasm"
    path.write_bytes(data)
    result, elapsed = run_size(path)
    assert result.exit_code == 3, result.output
    assert isinstance(result.exception, SystemExit)  # handled: no traceback
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    prefix = f"gowasm-inspect: {path}: "
    assert lines[0].startswith(prefix)
    if offset is not None:
        assert lines[0].startswith(f"{prefix}byte {offset} (0x{offset:x}): "), lines[0]
    assert expect in lines[0]
    assert result.stdout == ""
    assert elapsed < 2.0  # guards against hangs; typical runs take a few hundredths of a second
    return lines[0]


def padded_leb(value: int, length: int) -> bytes:
    """`value` as an unsigned LEB128 of exactly `length` bytes (padding is legal below the limit)."""
    raw = bytearray(leb128.u.encode(value))
    assert len(raw) <= length
    while len(raw) < length:
        raw[-1] |= 0x80
        raw.append(0)
    return bytes(raw)


def leb_length(data: bytes, at: int) -> int:
    length = 1
    while data[at + length - 1] & 0x80:
        length += 1
    return length


# --- the module header ---------------------------------------------------------------------------


@pytest.mark.parametrize("cut", [1, 3, 4, 6])
def test_truncated_module_header(tmp_path, smallest_fixture, cut):
    # the file ends inside the magic or the version: the offset is where it ends
    assert_rejected(tmp_path, smallest_fixture["path"].read_bytes()[:cut], cut)


def test_empty_file(tmp_path):
    assert_rejected(tmp_path, b"", 0, "empty")


def test_bad_magic(tmp_path, smallest_fixture):
    data = b"\x7fELF" + smallest_fixture["path"].read_bytes()[4:]
    assert_rejected(tmp_path, data, 0, "magic")


@pytest.mark.parametrize("version", [b"\x02\0\0\0", b"\x0d\0\x01\0"])
def test_bad_version(tmp_path, smallest_fixture, version):
    data = smallest_fixture["path"].read_bytes()
    line = assert_rejected(tmp_path, data[:4] + version + data[8:], 4, "version")
    assert ("component" in line) == (version == b"\x0d\0\x01\0")


def test_directory_missing_file_and_device_exit_3(tmp_path):
    for path, message in [(tmp_path, "is a directory"), (tmp_path / "absent.wasm", "no such file"),
                          (Path("/dev/null"), "is a character device, not a regular file")]:
        result, _ = run_size(path)
        assert result.exit_code == 3
        assert result.stderr.startswith(f"gowasm-inspect: {path}: {message}")
        assert len(result.stderr.splitlines()) == 1


# --- truncation -------------------------------------------------------------------------------------


def test_truncation_inside_every_section(tmp_path, target):
    data = target["bytes"]
    for start, payload, end in target["spans"]:
        # after the id byte, inside the size LEB128: the size cannot be read
        for cut in (start + 1, start + 3):
            assert_rejected(tmp_path, data[:cut], start + 1, "section size")
        # inside the payload: the size runs past the end of the file
        for cut in {payload + 1, (payload + end) // 2, end - 1} - {end}:
            if payload < cut < end:
                assert_rejected(tmp_path, data[:cut], start + 1, "remain in the file")


def test_truncation_at_every_section_boundary(tmp_path, target):
    """A cut between sections leaves a shorter module: invalid only if functions lose their bodies."""
    data = target["bytes"]
    kinds = target["kinds"]
    for number, (start, _, _) in enumerate(target["spans"]):
        present = kinds[:number]
        path = tmp_path / "cut.wasm"
        path.write_bytes(data[:start])
        result, _ = run_size(path, "--format", "json")
        if "function" in present and "code" not in present:
            assert result.exit_code == 3
            assert "function section declares" in result.stderr
            assert len(result.stderr.splitlines()) == 1
        else:
            assert result.exit_code == 0, result.stderr
            report = json.loads(result.stdout)
            assert [s["offset"] for s in report["sections"]] == [s for s, _, _ in target["spans"][:number]]


# --- lengths and counts past the end ---------------------------------------------------------------


def test_section_size_past_the_end_of_the_file(tmp_path, target):
    data = target["bytes"]
    for start, payload, _ in target["spans"]:
        size_length = payload - start - 1
        huge = padded_leb(min(len(data), (1 << (7 * size_length)) - 1), size_length)
        assert_rejected(tmp_path, data[: start + 1] + huge + data[payload:], start + 1, "remain in the file")


def splice(target: dict, kind: str, at: int, old_length: int, new: bytes) -> bytes:
    """Replace `old_length` bytes at `at` inside section `kind`, fixing the section's (5-byte) size."""
    start, payload, end = target["spans"][target["kinds"].index(kind)]
    assert payload - start == 6  # Go pads section sizes to five bytes
    data = target["bytes"]
    size = end - payload - old_length + len(new)
    return data[: start + 1] + padded_leb(size, 5) + data[payload:at] + new + data[at + old_length :]


HUGE = padded_leb(0xFFFF_FFFF, 5)


def test_vector_counts_past_the_end_of_the_section(tmp_path, target):
    data = target["bytes"]
    counted = ["type", "import", "function", "table", "memory", "global", "export", "elem", "code", "data"]
    for kind in counted:
        _, payload, _ = target["spans"][target["kinds"].index(kind)]
        bad = splice(target, kind, payload, leb_length(data, payload), HUGE)
        assert_rejected(tmp_path, bad, payload, "4294967295")


def test_function_body_size_past_the_end_of_the_code_section(tmp_path, target):
    data = target["bytes"]
    _, payload, _ = target["spans"][target["kinds"].index("code")]
    first_body = payload + leb_length(data, payload)
    bad = splice(target, "code", first_body, leb_length(data, first_body), HUGE)
    assert_rejected(tmp_path, bad, first_body + 5, "body of function")


def test_data_segment_size_past_the_end_of_the_data_section(tmp_path, target):
    data = target["bytes"]
    _, payload, _ = target["spans"][target["kinds"].index("data")]
    segment = payload + leb_length(data, payload)
    assert data[segment] == 0 and data[segment + 1] == 0x41  # Go: active, i32.const OFFSET, end
    size_at = segment + 2 + leb_length(data, segment + 2) + 1
    bad = splice(target, "data", size_at, leb_length(data, size_at), HUGE)
    assert_rejected(tmp_path, bad, size_at + 5, "data segment bytes")


# --- LEB128 limits --------------------------------------------------------------------------------------


def test_six_byte_leb128_section_size(tmp_path, target):
    data = target["bytes"]
    start, payload, _ = target["spans"][0]
    size = data[start + 1 : payload]
    assert len(size) == 5  # Go pads section sizes to five bytes
    six = bytes(b | 0x80 for b in size) + b"\x00"
    assert_rejected(tmp_path, data[: start + 1] + six + data[payload:], start + 1, "longer than 5 bytes")


def test_overflowing_leb128_section_size(tmp_path, target):
    data = target["bytes"]
    start, payload, _ = target["spans"][1]
    assert_rejected(tmp_path, data[: start + 1] + b"\xff\xff\xff\xff\x7f" + data[payload:], start + 1, "overflows 32 bits")


def test_overflowing_leb128_count(tmp_path, target):
    data = target["bytes"]
    _, payload, _ = target["spans"][target["kinds"].index("code")]
    # five bytes whose last one sets bit 32
    bad = splice(target, "code", payload, leb_length(data, payload), b"\x81\x80\x80\x80\x10")
    assert_rejected(tmp_path, bad, payload, "overflows 32 bits")


# --- section order -------------------------------------------------------------------------------------


def _section_bytes(target, kind):
    start, _, end = target["spans"][target["kinds"].index(kind)]
    return start, end, target["bytes"][start:end]


def test_duplicate_standard_section(tmp_path, target):
    _start, end, section = _section_bytes(target, "type")
    data = target["bytes"][:end] + section + target["bytes"][end:]
    assert_rejected(tmp_path, data, end, "second type section")


def test_standard_sections_out_of_order(tmp_path, target):
    type_start, type_end, type_bytes = _section_bytes(target, "type")
    import_start, import_end, import_bytes = _section_bytes(target, "import")
    assert type_end == import_start
    data = target["bytes"]
    swapped = data[:type_start] + import_bytes + type_bytes + data[import_end:]
    assert_rejected(tmp_path, swapped, type_start + len(import_bytes), "type section after import section")


def test_import_name_that_is_not_utf8(tmp_path, target):
    _start, payload, _end = target["spans"][target["kinds"].index("import")]
    data = bytearray(target["bytes"])
    name_length_at = payload + leb_length(data, payload)
    assert data[name_length_at] < 0x80 and data[name_length_at] > 0
    data[name_length_at + 1] = 0xFF
    assert_rejected(tmp_path, bytes(data), name_length_at, "not valid UTF-8")


# --- what must not be rejected ------------------------------------------------------------------------


def _custom_section(name: bytes, content: bytes) -> bytes:
    payload = leb128.u.encode(len(name)) + name + content
    return b"\x00" + leb128.u.encode(len(payload)) + payload


def test_unknown_section_id_is_reported_not_rejected(tmp_path, smallest_fixture):
    data = smallest_fixture["path"].read_bytes()
    unknown = b"\x63\x03abc"
    path = tmp_path / "unknown.wasm"
    path.write_bytes(data + unknown)
    result, _ = run_size(path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    last = report["sections"][-1]
    assert (last["id"], last["name"], last["offset"], last["header_size"], last["payload_size"]) == (
        0x63, "unknown-99", len(data), 2, 3)
    assert any("unknown id 99" in w for w in report["warnings"])


def test_malformed_custom_sections_are_warnings(tmp_path, smallest_fixture):
    data = smallest_fixture["path"].read_bytes()
    broken_names = _custom_section(b"name", b"\x01\x05\x7f")  # function names: count 127 in 3 bytes
    other = _custom_section(b"vendor.thing", b"\x00" * 10)
    path = tmp_path / "custom.wasm"
    path.write_bytes(data + broken_names + other)
    result, _ = run_size(path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [s["name"] for s in report["sections"][-2:]] == ["name", "vendor.thing"]
    assert len(report["warnings"]) == 1 and report["warnings"][0].startswith("name section is malformed at byte")
    assert report["size"] == len(data) + len(broken_names) + len(other)


# --- end to end, as a user runs it -------------------------------------------------------------------


def test_real_process_prints_one_line_and_no_traceback(tmp_path, target):
    start, _payload, end = target["spans"][-1]
    path = tmp_path / "truncated.wasm"
    path.write_bytes(target["bytes"][: end - 1])
    proc = subprocess.run([sys.executable, "-m", "gowasm_inspect", "size", str(path)],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert re.fullmatch(rf"gowasm-inspect: {re.escape(str(path))}: byte {start + 1} \(0x[0-9a-f]+\): .+\n", proc.stderr)
