"""Sections and function bodies agree with wabt's wasm-objdump, an independent parser."""

import groundtruth_facts

from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.format import SECTION_NAMES


def test_sections_equal_wasm_objdump(fixture):
    report = analyze(fixture["path"])
    expected = groundtruth_facts.sections(fixture)
    assert len(report.sections) == len(expected)
    for ours, theirs in zip(report.sections, expected, strict=False):
        assert ours.offset + ours.header_size == theirs["payload_offset"]
        assert ours.payload_size == theirs["payload_size"]
        if theirs["kind"] == "custom":
            assert ours.id == 0 and ours.name == theirs["name"]
        else:
            assert SECTION_NAMES[ours.id] == theirs["kind"]
            assert ours.name == theirs["kind"]


def test_section_offsets_point_at_section_ids(fixture):
    data = fixture["path"].read_bytes()
    report = analyze(fixture["path"])
    for section in report.sections:
        assert data[section.offset] == section.id


def test_every_body_size_equals_wasm_objdump(fixture):
    report = analyze(fixture["path"])
    expected = groundtruth_facts.body_sizes(fixture)
    assert {f.index: f.body_size for f in report.functions} == expected


def test_exact_names_sanitised_equal_the_name_section_as_wabt_reads_it(fixture):
    """Every pclntab name, with characters outside [A-Za-z0-9_.] made `_`, is the name-section entry."""
    import re
    import subprocess

    import pytest
    from conftest import name_section_spelling

    from groundtruth import wabt_available

    if not wabt_available():
        pytest.skip("needs wabt")
    if fixture["stripped"]:
        pytest.skip("no name section to compare with (see test_go_attribution for stripped builds)")
    out = subprocess.run(["wasm-objdump", "-x", "-j", "Code", str(fixture["path"])],
                         capture_output=True, text=True, check=True).stdout
    wabt_names = {int(m[1]): m[2] for m in re.finditer(r"^ - func\[(\d+)\] size=\d+(?: <(.*)>)?$", out, re.M)}
    report = analyze(fixture["path"])
    assert {f.name_source for f in report.functions} == {"pclntab"}
    assert {f.index: name_section_spelling(f.name) for f in report.functions} == wabt_names
