"""Every byte of a file is attributed exactly once."""

from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.format import MODULE_HEADER_SIZE
from gowasm_inspect.wasm.module import read_module


def test_sections_and_header_add_up_to_the_file_size(fixture):
    report = analyze(fixture["path"])
    assert MODULE_HEADER_SIZE + sum(s.header_size + s.payload_size for s in report.sections) == fixture["size"]


def test_sections_tile_the_file_without_gaps(fixture):
    report = analyze(fixture["path"])
    position = MODULE_HEADER_SIZE
    for section in report.sections:
        assert section.offset == position
        position += section.size
    assert position == fixture["size"]


def assert_tiles(section, count_size: int, items: list) -> None:
    """The vector count, then items that follow each other without gaps to the section's end."""
    position = section.payload_offset + count_size
    for item in items:
        assert item.offset == position
        position += item.size
    assert position == section.end


def test_code_section_is_its_count_and_bodies(fixture):
    module = read_module(fixture["path"])
    assert_tiles(module.section("code"), module.code.count_size, module.code.bodies)


def test_data_section_is_its_count_and_segments(fixture):
    module = read_module(fixture["path"])
    assert_tiles(module.section("data"), module.data.count_size, module.data.segments)


def test_report_functions_add_up_to_the_code_section(fixture):
    report = analyze(fixture["path"])
    module = read_module(fixture["path"])
    assert sum(f.size for f in report.functions) + module.code.count_size == report.section("code").payload_size
