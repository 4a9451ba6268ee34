"""The data section in regions, checked byte for byte against the Go linker's own symbol map of each
fixture (fixtures/symbols/, written by a test-only linker built from the toolchain's source)."""

import struct

import groundtruth_facts
import pytest
from conftest import BY_FILE, MANIFEST, NEW_JS, OLD_JS, fixture_path, slow
from linker_truth import file_bytes_by_region, load_symbol_map, truth_labels

from gowasm_inspect.golang.data_reading import read_funcdata_of
from gowasm_inspect.golang.memory import build_memory_image
from gowasm_inspect.golang.program import read_go_program
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.module import read_module
from groundtruth import wabt_data_segments

# The newest and the oldest toolchain in the quick suite; every fixture under -m slow.
EVERY_FIXTURE = [pytest.param({**entry, "path": fixture_path(entry)}, id=entry["file"],
                              marks=[] if entry in (NEW_JS, OLD_JS) else [slow]) for entry in MANIFEST]


def _modinfo_span(symbol_map, path) -> tuple[int, int]:
    """The text runtime.modinfo's string header points at (the header's address is the linker's)."""
    image, _ = build_memory_image(read_module(path))
    header = symbol_map.named("runtime.modinfo").address
    pointer, length = struct.unpack_from("<QQ", image.data, header - image.base)
    return pointer, pointer + length


def _data_section_size(entry: dict) -> int:
    kinds = [section["kind"] for section in groundtruth_facts.sections(entry)]
    start, _, end = groundtruth_facts.section_spans(entry)[kinds.index("data")]
    return end - start


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_symbol_maps_are_the_ones_the_manifest_records(fixture):
    assert load_symbol_map(fixture["file"]).sha256 == fixture["symbol_map_sha256"]


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_regions_are_the_linkers_in_file_bytes_exactly(fixture):
    entry = fixture
    path = entry["path"]
    symbol_map = load_symbol_map(entry["file"])
    labels = truth_labels(symbol_map, _modinfo_span(symbol_map, path), before_1_27=entry["go"] != "1.27.3")
    segments = wabt_data_segments(path)
    truth = file_bytes_by_region(labels, segments)
    truth["framing"] = _data_section_size(entry) - sum(size for _, size in segments)
    found = {region.name: region.size for region in analyze(path).regions}
    assert {name: size for name, size in found.items() if size} == {name: size for name, size in truth.items() if size}


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_each_functions_funcdata_is_its_go_func_symbols_exactly(fixture):
    entry = fixture
    symbol_map = load_symbol_map(entry["file"])
    module = read_module(entry["path"])
    program = read_go_program(module)
    gofunc = program.data.moduledata.gofunc
    # where go:func.* lies in pclntab (Go 1.27) a funcdata symbol's value is its offset in it; else its address
    relative = symbol_map.named("go:func.*").section == ".gopclntab"
    truth: dict[str, set[tuple[int, int]]] = {}
    for function, _, _, value, size in symbol_map.funcdata:
        truth.setdefault(function, set()).add((gofunc + value if relative else value, size))
    funcdata = read_funcdata_of(build_memory_image(module)[0], program.pclntab, program.data.moduledata,
                                program.go_version)
    found = {}
    for function, refs in zip(program.pclntab.functions, funcdata.by_function, strict=True):
        items = {(address, funcdata.items[address].size) for address in refs}
        if items:
            found[function.name] = items
    assert found == truth


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_the_funcdata_span_decodes_only_its_last_item_to_the_same_end(fixture):
    """The parent reads only funcdata's span (it bounds the region before Go 1.26): the same as the span of
    every item read, with and without a known end."""
    from gowasm_inspect.golang.funcdata import funcdata_span, read_funcdata
    from gowasm_inspect.golang.moduledata import go_minor

    module = read_module(fixture["path"])
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    md, minor = program.data.moduledata, go_minor(program.go_version)
    for end in (None, md.findfunctab if md.epclntab is not None else None):
        span = funcdata_span(image, program.pclntab, md.gofunc, end, minor)
        assert span is not None and span == read_funcdata(image, program.pclntab, md.gofunc, end, minor).span


# Go's function tables hold no addresses of data, so relinking with other -ldflags leaves them as they were
_ADDRESS_FREE = {"pcheader", "funcnametab", "cutab", "filetab", "pctab", "functab", "funcdata", "findfunctab"}
# elsewhere the recorded flags move rodata by a few bytes, and every pointer to it changes its bytes
# (a few zero runs more or fewer are dropped): at most this many bytes per region
_MOVED = 128


@slow
def test_a_stripped_build_has_its_twins_regions_but_for_the_ldflags_it_records():
    for entry in [e for e in MANIFEST if e["stripped"]]:
        twin = BY_FILE[entry["unstripped_twin"]]
        stripped, unstripped = (
            {r.name: r.size for r in analyze(fixture_path(e)).regions} for e in (entry, twin))
        ldflags = next(flag for flag in entry["flags"] if flag.startswith("-ldflags=")).split("=", 1)[1]
        recorded = len(f'build\t-ldflags="{ldflags}"\n' if " " in ldflags else f"build\t-ldflags={ldflags}\n")
        assert stripped.pop("modinfo") - unstripped.pop("modinfo") == recorded, entry["file"]
        assert stripped.keys() == unstripped.keys()
        assert {name: stripped[name] for name in _ADDRESS_FREE} == {name: unstripped[name] for name in _ADDRESS_FREE}
        assert all(abs(stripped[name] - unstripped[name]) <= _MOVED for name in stripped), entry["file"]


def _data_section(segments: list[tuple[int, bytes]]):
    """A data section of Go-form segments (flags 0, i32.const, end), parsed."""
    import leb128

    from gowasm_inspect.wasm.reader import Reader
    from gowasm_inspect.wasm.sections.data import parse_data_section

    payload = bytearray(leb128.u.encode(len(segments)))
    for address, content in segments:
        payload += b"\x00\x41" + leb128.i.encode(address) + b"\x0b" + leb128.u.encode(len(content)) + content
    return parse_data_section(Reader(bytes(payload)))


def test_zeros_a_capped_linker_kept_are_runs_of_eight_or_more_and_segment_ends():
    section = _data_section([(1000, b"ab" + b"\0" * 7 + b"cd"),  # a run of 7: the linker keeps it anyway
                             (2000, b"ab" + b"\0" * 8 + b"cd"),  # 8: written only because of the cap
                             (3000, b"ab" + b"\0" * 3)])  # a segment ends on zeros only at the cap
    assert section.zeros_kept() == 8 + 3


@pytest.mark.parametrize("segments", [
    [(100, b"x" * 50), (200, b"y" * 10), (400, b"z" * 5)],  # in order, as Go writes them
    [(400, b"z" * 5), (100, b"x" * 50), (200, b"y" * 10)],  # Go 1.26 and later: not in address order
    [(100, b"x" * 50), (120, b"y" * 10), (90, b"w" * 15)],  # overlapping: the later segment's bytes win
    [(100, b"")],
])
def test_the_memory_image_is_each_segment_at_its_address_with_zeros_between(segments):
    base, end = 80, 420
    expected = bytearray(end - base)
    for address, content in segments:
        expected[address - base : address - base + len(content)] = content
    assert _data_section(segments).memory_image(base, end) == expected


@pytest.mark.parametrize("segments, handed_over", [
    ([(100, b"x\0\0\0\0\0\0\0\0\0y"), (200, b"ab\0\0"), (300, bytes(9))], True),  # disjoint, as Go writes them
    ([(100, b"x" * 50), (120, b"\0" * 10)], False),  # overlapping: the image does not hold the first's bytes
])
def test_the_payload_goes_to_the_image_only_when_it_holds_every_segments_bytes(segments, handed_over):
    section = _data_section(segments)
    before = (section.memory_image(80, 420), section.zeros_kept())
    assert section.contents_in(section.memory_image(80, 420), 80, section.coverage().total) == handed_over
    assert (section.payload is None) == handed_over
    assert (section.memory_image(80, 420), section.zeros_kept()) == before  # read from the image now, if given
    assert before[1] == (9 + 2 + 9 if handed_over else 10)


def test_a_real_builds_payload_goes_to_its_image_and_reads_the_same():
    module = read_module(fixture_path(NEW_JS))
    data = module.data
    zeros, payload_size = data.zeros_kept(), len(data.payload)
    image, _ = build_memory_image(module)
    assert data.payload is None and payload_size > 900_000  # let go once the image holds the segments
    assert data.zeros_kept() == zeros and data.memory_image(image.base, image.end) == image.data


def test_file_bytes_between_cuts_count_what_segments_hold():
    from gowasm_inspect.golang.memory import MemoryImage

    section = _data_section([(100, b"x" * 50), (200, b"y" * 10), (400, b"z" * 5)])
    image = section.memory_image(100, 405)
    found = MemoryImage(100, image, section.coverage()).file_bytes_between([120, 140, 205, 300])
    assert found == [20, 10 + 5, 5] and section.contents_size - sum(found) == 20 + 5


def _as_if_capped(path, tmp_path):
    """NEW_JS with its data section rewritten as a linker at its segment cap writes it: more than 100,000
    segments (each split where it does not end in a zero, so the memory is the same), the last twenty
    merged into one that writes out the zero runs between them. Returns the file and those zeros."""
    import leb128

    from gowasm_inspect.wasm.module import read_module

    module = read_module(path)
    data = module.data
    pieces = []
    for offset, header_size, size, _, _, address in sorted(data.segments, key=lambda s: s[5]):
        start = offset + header_size - data.payload_offset
        pieces.append([address, bytes(data.payload[start : start + size])])
    head, tail = pieces[:-20], pieces[-20:]
    merged = bytearray(tail[0][1])
    for address, content in tail[1:]:
        merged += bytes(address - (tail[0][0] + len(merged))) + content
    zeros = len(merged) - sum(len(content) for _, content in tail)
    split, wanted = [], 100_100 - len(head)  # more pieces than that: each cut adds one
    for address, content in head:
        cuts = [at for at in range(1, len(content)) if content[at - 1]][:max(0, wanted)]  # after a non-zero byte
        wanted -= len(cuts)
        for start, end in zip([0, *cuts], [*cuts, len(content)], strict=True):
            split.append((address + start, content[start:end]))
    segments = [*split, (tail[0][0], bytes(merged))]
    assert len(segments) >= 100_000
    payload = bytearray(leb128.u.encode(len(segments)))
    for address, content in segments:
        payload += b"\x00\x41" + leb128.i.encode(address) + b"\x0b" + leb128.u.encode(len(content)) + content
    section = next(s for s in module.sections if s.id == 11)
    raw = path.read_bytes()
    rewritten = raw[: section.offset] + b"\x0b" + leb128.u.encode(len(payload)) + payload + raw[
        section.offset + section.header_size + section.payload_size :]
    out = tmp_path / "capped.wasm"
    out.write_bytes(rewritten)
    return out, zeros, sum(len(content) for _, content in segments)


def test_a_linker_at_its_segment_cap_is_named_with_the_zeros_it_wrote(tmp_path):
    path, zeros, contents = _as_if_capped(fixture_path(NEW_JS), tmp_path)
    report = analyze(path)
    assert [w for w in report.warnings if "cap of 100,000 data segments" in w] == [
        f"the linker reached its cap of 100,000 data segments, so it wrote {zeros:,} bytes of zeros "
        "it would otherwise have dropped"]
    regions = {region.name: region for region in report.regions}
    data_section = next(s for s in report.sections if s.id == 11)
    assert sum(region.size for region in report.regions) == data_section.size
    assert sum(region.size for name, region in regions.items() if name != "framing") == contents
    original = {region.name: region.memory for region in analyze(fixture_path(NEW_JS)).regions}
    assert {name: region.memory for name, region in regions.items()} == original  # the same memory
