"""Every byte of a file is attributed exactly once, checked against wabt and an independent LEB128 encoder."""

import groundtruth_facts
import leb128
import pytest

from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.module import read_module
from groundtruth import wabt_available, wabt_data_segments

WASM_HEADER = 8  # magic and version, from the spec


def test_sections_are_wabts_spans_and_tile_the_file(fixture):
    report = analyze(fixture["path"])
    spans = groundtruth_facts.section_spans(fixture)
    assert [(s.offset, s.offset + s.header_size, s.offset + s.size) for s in report.sections] == spans
    assert spans[0][0] == WASM_HEADER and spans[-1][2] == fixture["path"].stat().st_size


def _code_payload(fixture: dict) -> int:
    return next(s["payload_size"] for s in groundtruth_facts.sections(fixture) if s["kind"] == "code")


def test_functions_and_the_count_fill_the_code_section(fixture):
    report = analyze(fixture["path"])
    wabt_sizes = groundtruth_facts.body_sizes(fixture)
    expected = {index: size + len(leb128.u.encode(size)) for index, size in wabt_sizes.items()}
    assert {f.index: f.size for f in report.functions} == expected
    count = len(leb128.u.encode(len(wabt_sizes)))
    assert sum(f.size for f in report.functions) + count == _code_payload(fixture)


def _segment_header(offset: int, size: int) -> int:
    """Go's active segment header: flags 0, i32.const OFFSET (signed LEB128), end, size (LEB128)."""
    return 1 + 1 + len(leb128.i.encode(offset)) + 1 + len(leb128.u.encode(size))


@pytest.mark.skipif(not wabt_available(), reason="needs wabt for the data segments")
def test_data_segments_are_wabts_and_fill_the_data_section(fixture):
    module = read_module(fixture["path"])
    theirs = wabt_data_segments(fixture["path"])
    assert [(s.memory_offset, s.data_size) for s in module.data.segments] == [(o & 0xFFFF_FFFF, n) for o, n in theirs]
    assert [s.header_size for s in module.data.segments] == [_segment_header(o, n) for o, n in theirs]
    section = next(s for s in groundtruth_facts.sections(fixture) if s["kind"] == "data")
    framing = len(leb128.u.encode(len(theirs))) + sum(_segment_header(o, n) for o, n in theirs)
    assert framing + sum(n for _, n in theirs) == section["payload_size"]


def test_data_regions_add_up_to_the_data_section(fixture):
    report = analyze(fixture["path"])
    kinds = [s["kind"] for s in groundtruth_facts.sections(fixture)]
    start, _, end = groundtruth_facts.section_spans(fixture)[kinds.index("data")]
    assert sum(region.size for region in report.regions) == end - start
    assert len({region.name for region in report.regions}) == len(report.regions)
    framing = next(region.size for region in report.regions if region.name == "framing")
    assert framing == end - start - sum(size for _, size in wabt_data_segments(fixture["path"]))
