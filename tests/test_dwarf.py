"""DWARF compile units as packages, for a binary not built by Go: the C fixture fixtures/wasm-other/
shapes-clang-dwarf.wasm, built by fixtures/build_clang.py from fixtures/src/clang (main.c and shapes.c
with -g, util.c without). Truth: the C sources (which file defines each function, read by a pattern
here) and wabt (names by index, custom sections)."""

import io
import json
import re

import leb128
from conftest import FIXTURES, invoke

from gowasm_inspect.golang.program import NO_COMPILE_UNIT
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.model.report import PACKAGES_COMPILE_UNITS
from groundtruth import wabt_sections

[ENTRY] = json.loads((FIXTURES / "manifest.json").read_text())["clang"]
PATH = FIXTURES / "wasm-other" / ENTRY["file"]
SOURCES = FIXTURES / "src" / "clang"
_DEFINITION = re.compile(r"^int (\w+)\(.*\)\s*\{", re.MULTILINE)  # a definition: its body opens; a prototype ends in ;


def _defined_in() -> dict[str, str]:
    """Function name -> the file whose source defines it."""
    return {name: source.name for source in SOURCES.glob("*.c") for name in _DEFINITION.findall(source.read_text())}


def test_the_fixture_is_the_one_recorded():
    import hashlib

    assert hashlib.sha256(PATH.read_bytes()).hexdigest() == ENTRY["sha256"]


def test_each_function_is_in_the_compile_unit_of_the_file_that_defines_it():
    report = analyze(PATH)
    defined = _defined_in()
    assert report.attribution.packages == PACKAGES_COMPILE_UNITS
    assert {function.name for function in report.functions} == set(defined)
    for function in report.functions:
        source = defined[function.name]
        expected = f"./{source}" if source in ENTRY["with_dwarf"] else NO_COMPILE_UNIT
        assert function.package == expected, function.name
        assert function.module == ("C" if source in ENTRY["with_dwarf"] else NO_COMPILE_UNIT)
    packages = {package.name: package for package in report.packages}
    assert sum(package.size for package in report.packages) == sum(function.size for function in report.functions)
    assert packages["./shapes.c"].functions == 2 and packages[NO_COMPILE_UNIT].functions == 1


def test_info_and_size_say_packages_are_compile_units_and_strip_predicts_the_dwarf_gone():
    info = invoke("info", str(PATH)).stdout
    assert "compile units   2 in DWARF (C)" in info
    document = json.loads(invoke("info", str(PATH), "--format", "json").stdout)
    assert document["packages"] == PACKAGES_COMPILE_UNITS and "clang" in document["toolchain"]
    document = json.loads(invoke("size", str(PATH), "--strip", "--format", "json").stdout)
    custom = sum(section["payload_size"] + 1 + len(leb128.u.encode(section["payload_size"]))
                 for section in wabt_sections(PATH) if section["kind"] == "custom")
    [prediction] = document["strip"]
    assert prediction["saved"] == custom and any(c["section"] == ".debug_info" for c in prediction["changes"])


def _with_payload(data: bytes, name: str, payload: bytes) -> bytes:
    """The module with custom section `name`'s content replaced (its header re-encoded)."""
    pos, out = 8, bytearray(data[:8])
    while pos < len(data):
        section_id = data[pos]
        size, length = leb128.u.decode_reader(io.BytesIO(data[pos + 1 : pos + 6]))
        start, end = pos + 1 + length, pos + 1 + length + size
        body = data[start:end]
        if section_id == 0:
            name_size, name_length = leb128.u.decode_reader(io.BytesIO(body[:5]))
            if body[name_length : name_length + name_size] == name.encode():
                body = body[: name_length + name_size] + payload
        out += bytes([section_id]) + leb128.u.encode(len(body)) + body
        pos = end
    return bytes(out)


def test_unreadable_dwarf_is_said_and_packages_fall_back_to_names(tmp_path):
    broken = tmp_path / "broken-dwarf.wasm"
    broken.write_bytes(_with_payload(PATH.read_bytes(), ".debug_abbrev", b"\x01\xff\xff\xff\xff\x0f\x01"))
    result = invoke("size", str(broken), "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert any("DWARF sections cannot be read" in warning for warning in document["warnings"])
    assert document["attribution"]["packages"] != PACKAGES_COMPILE_UNITS
