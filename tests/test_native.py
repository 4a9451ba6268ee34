"""The compiled scan (gowasm_inspect/wasm/_speedups.c) gives what the Python beside each call gives: Go's
segment columns, the memory image and the constants in function bodies, on every fixture, on damaged copies
and on random instruction streams."""

import platform
import random
from array import array

import pytest
from conftest import MANIFEST, QUICK, fixture_path, slow
from msgspec import structs

from gowasm_inspect.errors import InputError
from gowasm_inspect.golang.memory import build_memory_image
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.constants import scan_constants
from gowasm_inspect.wasm.module import read_module
from gowasm_inspect.wasm.sections.code import FunctionBody

UNSTRIPPED_SMALLEST = min((entry for entry in MANIFEST if not entry["stripped"]), key=lambda entry: entry["size"])
FIXTURES = [pytest.param(fixture_path(entry), id=entry["file"], marks=[] if entry["file"] in QUICK else [slow])
            for entry in MANIFEST]


@pytest.fixture
def pure(monkeypatch):
    """Runs what it is given with the compiled scan switched off."""
    compiled = native.speedups

    def run(work, *arguments):
        monkeypatch.setattr(native, "speedups", None)
        try:
            return work(*arguments)
        finally:
            monkeypatch.setattr(native, "speedups", compiled)

    return run


def test_the_compiled_scan_is_built_where_the_tests_run():
    # pip builds it with the package (a C compiler is all it needs); without it these tests would compare
    # Python with itself. Every function the Python side may call is there (a build that failed to compile
    # is skipped silently, since the extension is optional, and may leave an older one in place).
    assert native.speedups is not None
    declared = {name for name in vars(native.Speedups) if not name.startswith("_")}
    assert declared and all(callable(getattr(native.speedups, name, None)) for name in declared)


def _reading(path):
    """What the module reader and the image builder make of a file: the segment columns, the image, the
    constants, or the error."""
    try:
        module = read_module(path, scan_code=True)
    except InputError as error:
        return "error", str(error)
    segments = module.data.segments if module.data else None
    columns = None if segments is None else tuple(
        column.tolist() for column in (segments.offsets, segments.header_sizes, segments.sizes, segments.addresses))
    image, reason = build_memory_image(module)
    found = module.code_constants.result() if module.code_constants else None
    return (columns, reason, None if image is None else (image.base, bytes(image.data)),
            None if found is None else (found.functions.tolist(), found.values.tolist(), found.unread),
            module.code.bodies if module.code else None, module.names.function_names if module.names else None,
            module.data.zeros_kept() if module.data else None, _pclntab_functions(image, module))


def _pclntab_functions(image, module):
    from gowasm_inspect.golang.pclntab import PclntabError, find_pclntab

    if image is None:
        return None
    try:
        pclntab = find_pclntab(image, len(module.code.bodies) if module.code else 0)
    except PclntabError as error:
        return str(error)
    return None if pclntab is None else pclntab.functions


@pytest.mark.parametrize("path", FIXTURES)
def test_segments_image_and_constants_equal_pythons_on_every_fixture(path, pure):
    compiled = _reading(path)
    assert compiled[0] is not None and compiled[2] is not None and compiled[3][1]  # Go's layout was read
    assert compiled[4] and compiled[-1]  # and the bodies, and pclntab's functions
    assert compiled == pure(_reading, path)


def test_damaged_copies_read_the_same_either_way(tmp_path, pure):
    """Bytes changed where the code, data and name sections lie: the same bodies, columns, image,
    constants and names, or the same error at the same offset."""
    base = fixture_path(UNSTRIPPED_SMALLEST).read_bytes()
    module = read_module(fixture_path(UNSTRIPPED_SMALLEST))
    targets = [module.section(name) for name in ("code", "data", "name")]
    rng = random.Random(7)
    path = tmp_path / "damaged.wasm"
    outcomes = set()
    for _ in range(40):
        data = bytearray(base)
        for _ in range(rng.choice([1, 3, 12])):
            section = rng.choice(targets)
            data[rng.randrange(section.offset + section.header_size, section.offset + section.size)] = rng.randrange(256)
        path.write_bytes(bytes(data))
        compiled = _reading(path)
        assert compiled == pure(_reading, path)
        outcomes.add(compiled[0] if compiled[0] == "error" else "read")
    assert outcomes == {"error", "read"}  # both kinds were compared


# opcodes of every immediate shape the scan knows, and some it must refuse (SIMD, atomics, unknown)
_OPCODES = [0x00, 0x01, 0x02, 0x0B, 0x0C, 0x0E, 0x10, 0x11, 0x1A, 0x20, 0x21, 0x28, 0x36, 0x3F, 0x41, 0x42,
            0x43, 0x44, 0x45, 0x6A, 0xC4, 0xD0, 0xD1, 0xD2, 0xFC, 0xFD, 0xFE, 0x06, 0x27]
_LEB_BYTES = [0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xC0, 0xFF]


def _random_body(rng: random.Random) -> bytes:
    locals_ = bytes([rng.choice([0, 1, 2, 0x81]), *rng.choices([1, 2, 0x7F, 0x7E, 0x6F, 0x7B, 0x40, 0x80], k=rng.randrange(6))])
    stream = [rng.choice(_OPCODES) if rng.random() < 0.5 else rng.choice(_LEB_BYTES) for _ in range(rng.randrange(60))]
    return locals_ + bytes(stream) + bytes([0x0B])


@pytest.mark.parametrize("limit", [1 << 20, 1 << 28, 1 << 32])
def test_random_instruction_streams_scan_the_same_on_every_engine(limit):
    rng = random.Random(limit)
    payload, bodies = b"", []
    for index in range(3000):
        body = _random_body(rng)
        prefix = bytes([len(body)]) if len(body) < 0x80 else bytes([len(body) & 0x7F | 0x80, len(body) >> 7])
        bodies.append(FunctionBody(index + 5, len(payload), len(prefix), len(body)))
        payload += prefix + body
    compiled = scan_constants(payload, 0, bodies, limit, "native")
    for engine in ("re2", "re"):
        other = scan_constants(payload, 0, bodies, limit, engine)
        assert (other.functions, other.values, other.unread) == (compiled.functions, compiled.values, compiled.unread)
    # the streams reach both outcomes and find constants
    assert 0 < len(compiled.unread) < len(bodies) and len(compiled.values) > 0



def _uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _data_payloads() -> list[bytes]:
    """Data section payloads at every edge of Go's header form: each address and size encoding, contents
    that end at, one byte short of and one byte past the section's end, and every truncation."""
    padded_negative = bytes([0xFF, 0xFF, 0xFF, 0xFF, 0x7F])  # i32.const -1 in five bytes
    addresses = [_uleb(1024), bytes([0x80, 0x80, 0x80, 0x80, 0x00]), padded_negative, bytes([0x80, 0x80, 0x80, 0x80, 0x08]),
                 bytes([0x80, 0x80, 0x80, 0x80, 0x80, 0x00])]  # 2**31, and a six-byte encoding
    payloads = []
    for address in addresses:
        for size, contents in ((3, b"abc"), (3, b"ab"), (3, b"abcd"), (1 << 32, b""), (0, b"")):
            segment = bytes([0x00, 0x41]) + address + bytes([0x0B]) + _uleb(size) + contents
            first = bytes([0x00, 0x41]) + _uleb(4096) + bytes([0x0B, 2]) + b"go"
            payloads.append(_uleb(2) + first + segment)
    zeros = [bytes(8), bytes(7), b"a" + bytes(9) + b"b" + bytes(3), bytes(3) + b"c", b""]  # runs inside and ending
    payloads += [_uleb(len(zeros)) + b"".join(bytes([0x00, 0x41, 0x80, 0x08, 0x0B]) + _uleb(len(contents)) + contents
                                              for contents in zeros)]
    whole = payloads[0]
    payloads += [whole[:cut] for cut in range(len(whole))]
    payloads.append(_uleb(2) + bytes([0x01, 0x02, 0x00, 0x41, 0x0B, 0x01]))  # passive, then not Go's form
    payloads.append(_uleb(3) + bytes([0x01, 0x02, 0xAA, 0xBB]) + bytes([0x00, 0x41, 0x90, 0x01, 0x0B, 0x01, 0x7A])
                    + bytes([0x00, 0x41, 0x10, 0x0B, 0x02, 0x7A, 0x7A]))  # a passive segment among placed ones
    empty = bytes([0x00, 0x41, 0x00, 0x0B, 0x00])  # the smallest segment Go's form allows: five bytes
    payloads.append(_uleb(60) + empty * 60)
    return payloads


def _parsed(payload: bytes):
    from gowasm_inspect.wasm.reader import Reader
    from gowasm_inspect.wasm.sections.data import parse_data_section

    reader = Reader(payload, base=100)
    try:
        section = parse_data_section(reader)
        reader.expect_end("the data section's contents")
    except InputError as error:
        return str(error)
    return [tuple(segment) for segment in section.segments], section.zeros_kept(), section.memory_extent()


def test_crafted_segment_headers_read_the_same_either_way(pure):
    payloads = _data_payloads()
    outcomes = [_parsed(payload) for payload in payloads]
    assert outcomes == pure(lambda: [_parsed(payload) for payload in payloads])
    assert {type(outcome) for outcome in outcomes} == {str, tuple}
    # the zero runs': a run of eight, a segment ending in seven, a run of nine and an ending three; not three before a byte
    assert [outcome[1] for outcome in outcomes if isinstance(outcome, tuple) and len(outcome[0]) == 5] == [8 + 7 + 9 + 3]



def _columns(rng: random.Random, count: int, overlapping: bool) -> tuple[list[int], list[int]]:
    """Ranges (starts, ends): ascending and disjoint, as Go's segments, or in any order, overlapping."""
    if overlapping:
        starts = [rng.randrange(-3, 5000) for _ in range(count)]
        return starts, [start + rng.randrange(-5, 120) for start in starts]
    starts, ends, at = [], [], rng.randrange(0, 10)
    for _ in range(count):
        at += rng.randrange(0, 40)
        starts.append(at)
        at += rng.randrange(0, 60)
        ends.append(at)
    return starts, ends


@pytest.mark.parametrize("seed", range(6))
def test_orders_and_covered_spans_equal_pythons(seed, pure):
    from gowasm_inspect.wasm.coverage import Coverage
    from gowasm_inspect.wasm.ordering import ascending_order, reordered

    rng = random.Random(seed)
    values = [rng.randrange(-50, 50) for _ in range(2000)]
    runs = [*sorted(values[:900]), *sorted(values[900:]), *sorted(values[:50]), 3]  # few runs, ties across them
    for column in (values, sorted(values), runs, [], [7], [1 << 70, 3]):  # the last only Python can sort
        compiled = ascending_order(column)
        assert (None if compiled is None else list(compiled)) == pure(ascending_order, column)
        if compiled is not None:
            assert reordered(column, compiled) == pure(reordered, column, compiled)
            if all(-(1 << 63) <= value < 1 << 63 for value in column):  # an int64 column stays one
                as_array = array("q", column)
                taken = reordered(as_array, compiled)
                assert isinstance(taken, array) and taken == pure(reordered, as_array, compiled)
                assert taken.tolist() == reordered(column, compiled)
    range_starts, range_ends = _columns(rng, 300, overlapping=seed % 2 == 1)
    range_sizes = [max(0, end - start) for start, end in zip(range_starts, range_ends, strict=True)]
    coverage, plain = Coverage.of_sizes(range_starts, range_sizes), pure(Coverage.of_sizes, range_starts, range_sizes)
    # disjoint ranges get their columns from C, overlapping ones are merged in Python
    assert (native.speedups.coverage_columns(range_starts, range_sizes) is None) == (seed % 2 == 1)
    assert (list(coverage.starts), list(coverage._shift), list(coverage._upto), coverage.total) == (
        list(plain.starts), list(plain._shift), list(plain._upto), plain.total)
    span_starts = sorted(rng.randrange(-200, 20000) for _ in range(3000))
    span_ends = [start + rng.randrange(-10, 400) for start in span_starts]
    for overlapping in (False, True):
        compiled = coverage.file_bytes(span_starts, span_ends, overlapping)
        assert compiled == pure(plain.file_bytes, span_starts, span_ends, overlapping)
        assert any(compiled)
    # out of order too (each lookup starts where the last ended, and must find its way back)
    shuffled = list(zip(span_starts, span_ends, strict=True))
    rng.shuffle(shuffled)
    starts, ends = (list(column) for column in zip(*shuffled, strict=True))
    assert coverage.file_bytes(starts, ends) == pure(plain.file_bytes, starts, ends)
    huge = [1 << 63, 5]  # past 62 bits: answered in Python, the same way
    assert coverage.file_bytes([0, 0], huge) == pure(plain.file_bytes, [0, 0], huge)


def _name_maps() -> list[bytes]:
    """Name section payloads at every edge of a function name map: index and length encodings (padded,
    overlong, past 32 bits), names that are not UTF-8, that end past the section, and every truncation."""
    entries = [_uleb(3) + _uleb(2) + b"go", bytes([0x85, 0x80, 0x80, 0x80, 0x00]) + _uleb(1) + b"x",
               bytes([0x80, 0x80, 0x80, 0x80, 0x10]) + _uleb(1) + b"y", bytes([0x80] * 5 + [0x00]) + _uleb(1) + b"z",
               _uleb(9) + _uleb(2) + b"\xff\xfe", _uleb(9) + _uleb(3) + "é".encode(), _uleb(7) + _uleb(40) + b"short",
               _uleb(3) + _uleb(5) + b"again"]
    payloads = []
    for entry in entries:
        names = _uleb(3) + _uleb(1) + _uleb(4) + b"main" + entry + _uleb(2) + _uleb(1) + b"z"
        payloads.append(bytes([1]) + _uleb(len(names)) + names)
    whole = payloads[0]
    payloads += [whole[:cut] for cut in range(len(whole))]
    return payloads


def _names(payload: bytes):
    from gowasm_inspect.wasm.reader import Reader
    from gowasm_inspect.wasm.sections.names import parse_name_section

    try:
        return parse_name_section(Reader(payload, base=50)).function_names
    except InputError as error:
        return str(error)


def _bodies(payload: bytes):
    from gowasm_inspect.wasm.reader import Reader
    from gowasm_inspect.wasm.sections.code import parse_code_section

    try:
        return parse_code_section(Reader(payload, base=70), 4).bodies
    except InputError as error:
        return str(error)


def test_crafted_name_maps_and_code_entries_read_the_same_either_way(pure):
    name_maps = _name_maps()
    names = [_names(payload) for payload in name_maps]
    assert names == pure(lambda: [_names(payload) for payload in name_maps])
    assert {type(outcome) for outcome in names} == {str, dict}
    sizes = [_uleb(3), bytes([0x83, 0x80, 0x80, 0x80, 0x00]), bytes([0x80] * 5 + [0x00]), bytes([0x83, 0x80, 0x80, 0x80, 0x10]),
             _uleb(9)]
    code_payloads = [_uleb(3) + _uleb(3) + b"\x00\x01\x0b" + size + b"\x00\x01\x0b" + _uleb(1) + b"\x0b" for size in sizes]
    code_payloads += [code_payloads[0][:cut] for cut in range(len(code_payloads[0]))]
    bodies = [_bodies(payload) for payload in code_payloads]
    assert bodies == pure(lambda: [_bodies(payload) for payload in code_payloads])
    assert {type(outcome) for outcome in bodies} == {str, list}


def test_sizes_gathered_by_owner_equal_pythons(pure):
    from gowasm_inspect.golang.function_data import Intervals
    from gowasm_inspect.wasm.coverage import Coverage

    class Image:  # all that `gathered` reads of an image: which bytes the file holds
        coverage = Coverage.of_sizes([0, 5000], [3000, 4000])

    rng = random.Random(3)
    owners = [7, 8, 9, frozenset({1, 2}), frozenset({3}), "net/http", "fmt"]
    intervals = Intervals()
    for _ in range(4000):
        start = rng.randrange(0, 10_000)
        intervals.add(start, start + rng.randrange(-3, 50), rng.choice(["pctab", "funcdata", "rodata"]), rng.choice(owners))

    def gathered():
        copy = Intervals.of_columns(list(intervals.starts), list(intervals.ends), list(intervals.regions),
                                    list(intervals.owners))
        found = copy.gathered(Image())
        return [list(found.owned.items()), list(found.shared.items()), list(found.inlined.items())]

    compiled = gathered()
    assert compiled == pure(gathered)
    assert all(compiled)  # functions' own, shared and packages' spans were all gathered


def _u32s(payload: bytes, count: int):
    from gowasm_inspect.wasm.reader import Reader

    reader = Reader(payload, base=30)
    try:
        return reader.u32s(count, "function index"), reader.pos
    except InputError as error:
        return str(error)


def test_vectors_of_u32_read_the_same_either_way(pure):
    """Function and element sections' index vectors: padded, overlong, past 32 bits, cut short."""
    values = [_uleb(5), bytes([0x85, 0x80, 0x80, 0x80, 0x00]), _uleb(1 << 31), bytes([0x80, 0x80, 0x80, 0x80, 0x10]),
              bytes([0x80] * 5 + [0x00]), bytes([0x85])]
    cases = [(b"".join(values[:3]) + value + _uleb(7), 5) for value in values] + [(_uleb(3) * 4, 9), (b"", 0), (b"", 2)]
    compiled = [_u32s(payload, count) for payload, count in cases]
    assert compiled == pure(lambda: [_u32s(payload, count) for payload, count in cases])
    assert {type(outcome) for outcome in compiled} == {str, tuple}


@pytest.mark.parametrize("base", [0x1000, 0x1003])
def test_aligned_words_equal_pythons_and_skip_unaligned_hits(base, pure):
    from gowasm_inspect.golang.memory import MemoryImage

    rng = random.Random(base)
    word = bytes.fromhex("f1ffffff00000108")
    data = bytearray(rng.randbytes(4096))
    aligned = [at for at in range(0, 4088, 8 * 13)]  # offsets whose addresses are aligned when base is
    for at in sorted(rng.sample(range(0, 4088), 40)) + aligned:
        data[at : at + 8] = bytes([rng.choice([0xF0, 0xF1, 0xFA])]) + word[1:]
    data[-8:] = word  # a word that ends the image
    image = MemoryImage(base, data)
    wanted = 0
    for value, free in [(int.from_bytes(word, "little"), 1), (int.from_bytes(word, "little"), 0), (0, 0)]:
        compiled = image.aligned_words(value, free)
        assert compiled == pure(image.aligned_words, value, free)
        # independently: every aligned start whose bytes match, and no other
        expected = [base + at for at in range(len(data) - 7) if (base + at) % 8 == 0
                    and data[at + free : at + 8] == value.to_bytes(8, "little")[free:]]
        assert compiled == expected
        wanted += len(expected)
    assert wanted > 0


def test_owners_by_key_equal_pythons(pure):
    from gowasm_inspect.golang.function_data import owners_by_key

    rng = random.Random(7)
    keys = [rng.randrange(50) for _ in range(2000)]
    users = [rng.randrange(3) if key % 2 else key % 7 for key in keys]  # odd keys shared, even keys one user
    compiled = owners_by_key(keys, users)
    assert compiled == pure(owners_by_key, keys, users) and list(compiled) == list(dict.fromkeys(keys))
    for key, owner in compiled.items():
        mine = {user for k, user in zip(keys, users, strict=True) if k == key}
        assert owner == (mine.pop() if len(mine) == 1 else frozenset(mine))
    assert {type(owner) for owner in compiled.values()} == {int, frozenset}
    assert owners_by_key([], []) == pure(owners_by_key, [], []) == {}
    # keys that differ only in their high bits, negative ones, and one past 64 bits (left to Python)
    for odd in ([k << 40 for k in keys], [-k for k in keys], [*keys, 1 << 70]):
        assert owners_by_key(odd, users[: len(odd)] + [0] * (len(odd) - len(users))) == \
            pure(owners_by_key, odd, users[: len(odd)] + [0] * (len(odd) - len(users)))
    with pytest.raises(ValueError):
        owners_by_key([1, 2], [1])
    # only the keys within bounds: at both edges, none, every one, and bounds past 64 bits (left to Python)
    for within in [(10, 20), (0, 1), (49, 50), (50, 60), (-5, 0), (-(1 << 63), (1 << 63) - 1), (0, 1 << 70)]:
        bounded = owners_by_key(keys, users, within)
        assert bounded == pure(owners_by_key, keys, users, within)
        assert bounded == {key: owner for key, owner in compiled.items() if within[0] <= key < within[1]}
    assert owners_by_key(array("q", keys), array("q", users), (10, 20)) == owners_by_key(keys, users, (10, 20))


def test_records_padded_to_the_next_equal_pythons(pure):
    from gowasm_inspect.golang.function_data import _padded_ends

    rng = random.Random(12)
    records = [rng.randrange(0, 4000, 8) for _ in range(500)] + [4000, 4000]  # repeated ones too
    ends = [record + rng.randrange(-4, 30) for record in records]
    for last in (4000, 4003, 4020, 10):
        padded = _padded_ends(records, ends, last)
        assert list(padded) == pure(_padded_ends, records, ends, last)
    assert list(_padded_ends([0, 16], [12, 20], 24)) == [16, 24] and list(_padded_ends([0, 16], [7, 20], 40)) == [7, 20]
    assert list(_padded_ends([1 << 70], [5], 8)) == [8]  # past 64 bits: Python (the next is `last`, 3 bytes on)


def test_references_flattened_equal_pythons(pure):
    from gowasm_inspect.golang.function_data import _references

    lists = [[], [5, 6, 5], [], [-(1 << 63), (1 << 63) - 1], [7], []]
    flat = _references(lists)
    assert tuple(map(list, flat)) == tuple(map(list, pure(_references, lists)))
    assert list(flat[0]) == [5, 6, 5, -(1 << 63), (1 << 63) - 1, 7] and list(flat[1]) == [1, 1, 1, 3, 3, 4]
    assert list(_references([[1 << 70], [2]])[0]) == [1 << 70, 2]  # past 64 bits: Python
    assert tuple(map(list, _references([]))) == ([], [])


def test_owners_in_key_order_equal_pythons(pure):
    from gowasm_inspect.golang.function_data import owners_by_key, owners_in_order

    rng = random.Random(8)
    keys = [rng.randrange(-60, 60) << rng.choice([0, 3, 40]) for _ in range(3000)]
    users = [rng.randrange(4) if key % 3 else abs(key) % 11 for key in keys]
    addresses, owners = owners_in_order(keys, users)
    assert (list(addresses), owners) == tuple(map(list, pure(owners_in_order, keys, users)))
    assert list(zip(addresses, owners, strict=True)) == sorted(owners_by_key(keys, users).items())
    assert list(owners_in_order([], [])[0]) == [] and owners_in_order([*keys, 1 << 70], [*users, 0])[0][-1] == 1 << 70


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_funcdata_references_equal_pythons_on_fixtures_and_damaged_records(path, pure):
    from gowasm_inspect.golang.funcdata import _references
    from gowasm_inspect.golang.pclntab import FUNC_RECORD_HEADER, NPCDATA_AT, find_pclntab
    from gowasm_inspect.golang.program import read_go_program

    module = read_module(path)
    image, _ = build_memory_image(module)
    pclntab = find_pclntab(image, len(module.code.bodies))
    gofunc = read_go_program(module).data.moduledata.gofunc
    found = _references(image, pclntab, gofunc)
    assert found == pure(_references, image, pclntab, gofunc) and sum(map(len, found[0])) > 1000
    rng = random.Random(3)
    header_size = FUNC_RECORD_HEADER[pclntab.header.magic]
    for function in rng.sample(pclntab.functions, 300):  # counts a damaged table could hold
        at = function.record - image.base
        if rng.random() < 0.5:
            image.data[at + NPCDATA_AT : at + NPCDATA_AT + 4] = rng.choice([0xFFFFFFFF, 1 << 20, 7]).to_bytes(4, "little")
        else:
            image.data[at + header_size - 1] = rng.choice([0, 255])
    pclntab.functions.append(structs.replace(pclntab.functions[0], record=image.end - header_size + 1))  # past the end
    pclntab.functions.append(structs.replace(pclntab.functions[0], record=image.base - 8))  # before the start
    found = _references(image, pclntab, gofunc)
    assert found == pure(_references, image, pclntab, gofunc)
    assert found[0][-2:] == [[], []]


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_funcdata_item_sizes_equal_pythons_on_fixtures_and_damaged_items(path, pure):
    from gowasm_inspect.golang.data_reading import read_funcdata_of
    from gowasm_inspect.golang.funcdata import ARG_INFO, INLINE_TREE, OPEN_CODED_DEFERS, STACK_OBJECTS, WRAP_INFO
    from gowasm_inspect.golang.program import read_go_program

    module = read_module(path)
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    moduledata = program.data.moduledata

    def read():
        return read_funcdata_of(image, program.pclntab, moduledata, program.go_version)

    found = read()
    assert found == pure(read) and len(found.items) > 1000
    assert {item.slot for item in found.items.values()} >= {0, 1, STACK_OBJECTS, INLINE_TREE, OPEN_CODED_DEFERS,
                                                             ARG_INFO, WRAP_INFO}
    # every header a damaged item could hold: negative and huge counts, unended varints and argument info
    rng = random.Random(5)
    for item in rng.sample(sorted(found.items.values(), key=lambda item: item.address), 400):
        at = item.address - image.base
        image.data[at : at + 12] = rng.choice([b"\xff" * 12, b"\x80" * 12, (1 << 20).to_bytes(8, "little") * 2,
                                               (-1 % (1 << 32)).to_bytes(4, "little") * 3, bytes(12),
                                               bytes([0xFB, 0x01, 0xFE]) * 4, rng.randbytes(12)])
    for go_version in ("go1.20", "go1.21.13", program.go_version):  # each form of open-coded defers
        def damaged(version=go_version):
            return read_funcdata_of(image, program.pclntab, moduledata, version)

        assert damaged() == pure(damaged)


def test_crafted_funcdata_headers_size_the_same_either_way():
    from types import SimpleNamespace

    from gowasm_inspect.golang import funcdata
    from gowasm_inspect.golang.memory import MemoryImage

    base, stride = 0x10000, 1 << 18
    cases = [  # (slot, header, room): each decoder at the edges of what it accepts
        (funcdata.ARG_INFO, bytes([0xFA, 0xFF, 0xFF]), 64), (funcdata.ARG_INFO, bytes([0xFB, 0xFF]), 64),
        (funcdata.ARG_INFO, bytes([0x01, 0x02] * 512 + [0xFF]), 4096),  # its end just past 1024 bytes
        (funcdata.STACK_OBJECTS, ((1 << 20) - 1).to_bytes(8, "little"), 1 << 25),
        (funcdata.STACK_OBJECTS, (1 << 20).to_bytes(8, "little"), 1 << 25),
        (0, (5).to_bytes(4, "little") + (9).to_bytes(4, "little"), 64),  # 8 + 5 * 2
        (1, (-1 % (1 << 32)).to_bytes(4, "little") + bytes(4), 64), (1, bytes(4) + b"\xff" * 4, 64),
        (funcdata.INLINE_TREE, b"", 40), (funcdata.INLINE_TREE, b"", -5),  # a crafted end before the item
        (funcdata.WRAP_INFO, b"", 3), (6, b"", 9),
        (funcdata.OPEN_CODED_DEFERS, bytes([0x81, 0x01, 0x03, 0x01, 0x02, 0x83, 0x01]), 64),
        (funcdata.OPEN_CODED_DEFERS, bytes([0x01, 0x81, 0x80, 0x04]) + bytes(1 << 16), stride),  # 65,537 defers
        (funcdata.OPEN_CODED_DEFERS, bytes([0x01, 0x80, 0x80, 0x04]) + bytes(1 << 16), stride),  # 65,536
        (funcdata.OPEN_CODED_DEFERS, bytes([0x01]) + b"\xff" * 10 + b"\x7f", 64),  # a varint past 10 bytes
        (funcdata.OPEN_CODED_DEFERS, bytes([0x01]) + b"\xff" * 9 + b"\x01", 64),  # past 64 bits
    ]
    data = bytearray(stride * (len(cases) + 1))
    for number, (_, header, _) in enumerate(cases):
        data[number * stride : number * stride + len(header)] = header
    image = MemoryImage(base, data)
    pclntab = SimpleNamespace(header=SimpleNamespace(magic=0xFFFFFFF1))
    starts = [base + number * stride for number in range(len(cases))]
    slots = [slot for slot, _, _ in cases]
    followings = [start + room for start, (_, _, room) in zip(starts, cases, strict=True)]
    for minor in (20, 21, 22):
        compiled = funcdata._sizes_at_once(image, pclntab, starts, slots, followings, minor)
        decoders = funcdata._decoders(minor)
        assert list(compiled) == [funcdata._size(image, pclntab, [], start, slot, following, decoders)
                                  for start, slot, following in zip(starts, slots, followings, strict=True)]
    assert compiled[:3] == array("q", [3, 2, 4096]) and compiled[3] == 8 + ((1 << 20) - 1) * 16


def test_type_spans_find_their_region_the_same_either_way(pure):
    from gowasm_inspect.golang.regions import Span
    from gowasm_inspect.golang.type_data import _regions

    pieces = [Span("types", 100, 200), Span("itabs", 200, 260), Span("rodata", 300, 400)]
    addresses = [0, 99, 100, 150, 199, 200, 259, 260, 299, 300, 399, 400, 10**6, *range(90, 410, 7)]
    found = _regions(addresses, pieces)
    assert found == pure(_regions, addresses, pieces)
    assert found[:12] == ["unlabelled", "unlabelled", "types", "types", "types", "itabs", "itabs", "unlabelled",
                          "unlabelled", "rodata", "rodata", "unlabelled"]
    assert _regions([1 << 70], pieces) == ["unlabelled"] and _regions(addresses, []) == ["unlabelled"] * len(addresses)


def test_words_pointing_into_a_range_equal_pythons(pure):
    from gowasm_inspect.golang.memory import MemoryImage
    from gowasm_inspect.golang.regions import Span
    from gowasm_inspect.golang.static_data import pointers_into

    low, high = 0x2000, 0x9000
    values = [low - 1, low, low + 8, high - 1, high, 0, 2**63 - 1, 2**63, 2**64 - 1] * 40
    rng = random.Random(9)
    rng.shuffle(values)
    data = bytearray(b"".join(value.to_bytes(8, "little") for value in values)) + b"\x01\x20"  # and a ragged end
    spans = [Span("data", 0x10000, 0x10000 + len(data)), Span("rodata", 0x10100, 0x10181), Span("data", 0x10, 0x20),
             Span("rodata", 0x10008, 0x10008)]
    for base in (0x10000, 0x10003):  # words are read at aligned addresses, wherever the image starts
        image = MemoryImage(base, data)
        for bounds in [(low, high), (0, 2**63 - 1), (0, 2**64), (high, low)]:
            found = pointers_into(image, spans, *bounds)
            assert found == pure(pointers_into, image, spans, *bounds)
    found = pointers_into(MemoryImage(0x10000, data), spans[:1], low, high)
    assert sorted(value for _, value in found) == sorted(value for value in values if low <= value < high)


@pytest.mark.parametrize("budget", [4_000_000, 0, 1, 7, 60, 400])
def test_owners_carried_along_links_equal_pythons_even_when_the_budget_runs_out(budget, pure):
    from gowasm_inspect.golang.static_data import _propagate

    rng = random.Random(budget)
    owners = [rng.choice([None, rng.randrange(50), frozenset(rng.sample(range(50), 3)), {rng.randrange(50)}])
              for _ in range(300)]
    # chains, cycles, self-links, repeated links and pointers with no item at one end (-1)
    links = [(rng.randrange(-20, 300), rng.randrange(-20, 300)) for _ in range(900)] + [(5, 5), (6, 7), (7, 6), (6, 7)]
    sources, targets = ([max(-1, end) for end in ends] for ends in zip(*links, strict=True))

    def carried():
        mine = [set(owner) if isinstance(owner, set) else owner for owner in owners]
        _propagate(mine, array("q", sources), array("q", targets), budget)
        return mine

    compiled = carried()
    assert compiled == pure(carried)
    assert not any(isinstance(owner, set) for owner in compiled)  # settled: None, a function or a frozenset
    gained = sum(len(owner) for owner in compiled if isinstance(owner, frozenset))
    assert (gained > 1000) == (budget > 1000)  # the budget stops it, or nothing does
    with pytest.raises(IndexError):
        native.speedups.propagate([None], [0], [1], 10)


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_function_table_totals_equal_pythons(path, pure):
    from gowasm_inspect.golang.data_reading import read_funcdata_of
    from gowasm_inspect.golang.function_data import function_intervals
    from gowasm_inspect.golang.program import read_go_program

    module = read_module(path)
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    funcdata = read_funcdata_of(image, program.pclntab, program.data.moduledata, program.go_version)
    first = module.imported_function_count
    indices = [first + function.defined_index for function in program.pclntab.functions]
    package_of = {index: facts.package for index, facts in program.functions.items()}

    def totals():
        intervals = function_intervals(image, program.pclntab, program.data.moduledata, funcdata)
        return intervals.totals(image, package_of, indices)

    compiled = totals()
    assert compiled == pure(totals)
    assert len(compiled.by_function) > 1000 and None in compiled.by_package


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_function_table_intervals_equal_pythons_with_damaged_records_and_names(path, pure):
    """Every interval of the function tables, in order, with its region and owner: as read, then with records
    out of memory, name offsets and pcdata counts overwritten, and the name table's bytes damaged."""
    from gowasm_inspect.golang.data_reading import read_funcdata_of
    from gowasm_inspect.golang.function_data import function_intervals
    from gowasm_inspect.golang.pclntab import NPCDATA_AT
    from gowasm_inspect.golang.program import read_go_program

    module = read_module(path)
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    pclntab, moduledata = program.pclntab, program.data.moduledata
    funcdata = read_funcdata_of(image, pclntab, moduledata, program.go_version)

    def intervals(table):
        found = function_intervals(image, table, moduledata, funcdata)
        return list(found.starts), list(found.ends), found.regions, found.owners

    compiled = intervals(pclntab)
    assert compiled == pure(intervals, pclntab)
    regions = set(compiled[2])
    assert {"functab", "findfunctab", "funcnametab", "pctab"} <= regions
    rng = random.Random(17)
    functions = list(pclntab.functions)
    for at in rng.sample(range(len(functions)), 50):  # records outside memory, before it or past its end
        functions[at] = structs.replace(functions[at], record=rng.choice([0, image.base - 1, image.end - 8, 1 << 40]))
    for function in rng.sample(functions, 200):
        record = function.record - image.base
        if 0 <= record <= len(image.data) - 64:
            field, value = rng.choice([(4, rng.randrange(-(1 << 31), 1 << 31)), (NPCDATA_AT, rng.choice([33, 1 << 30]))])
            image.data[record + field : record + field + 4] = (value & 0xFFFFFFFF).to_bytes(4, "little")
    names = pclntab.header.address + pclntab.header.funcname_offset - image.base
    for at in rng.sample(range(names, names + 20_000), 300):  # zeros that cut names, bytes that are not UTF-8
        image.data[at] = rng.choice([0, 0xFF, 0xC3, ord(".")])
    damaged = structs.replace(pclntab, functions=functions)
    found = intervals(damaged)
    assert found == pure(intervals, damaged)
    assert compiled[2].count("functab") - found[2].count("functab") == 50  # the records outside memory left out


def test_crafted_interval_totals_equal_pythons(pure):
    """Owners of every kind: a function, functions of one package, of several, of none known, nobody, a
    package's own; and an empty interval."""
    from gowasm_inspect.golang.function_data import Intervals
    from gowasm_inspect.golang.memory import MemoryImage

    image = MemoryImage(0x1000, bytearray(b"\1" * 4096))
    package_of = {100: "a", 101: "a", 102: "b", 103: None}
    indices = [100, 101, 102, 103]
    owners = [0, 1, 2, 3, frozenset({0, 1}), frozenset({0, 2}), frozenset({1, 3}), frozenset(), "c", 2, 0]
    spans = [(0x1000 + 64 * n, 0x1000 + 64 * n + 8 + n) for n in range(len(owners) - 1)] + [(0x1F00, 0x1F00)]

    def totals():
        intervals = Intervals()
        for (start, end), owner in zip(spans, owners, strict=True):
            intervals.add(start, end, "funcdata" if isinstance(owner, frozenset) else "pctab", owner)
        return intervals.totals(image, package_of, indices)

    compiled = totals()
    assert compiled == pure(totals)
    # interval n holds 8 + n bytes (the last none)
    assert compiled.by_function == {100: 8, 101: 9, 102: 10 + 17, 103: 11}
    assert compiled.by_package == {"a": {"pctab": 8 + 9, "funcdata": 12}, "b": {"pctab": 10 + 17},
                                   None: {"pctab": 11, "funcdata": 13 + 14 + 15}, "c": {"pctab": 16}}


def test_sums_past_64_bits_and_groups_that_are_equal_but_not_one_object():
    """owner_totals sums in C: a sum about to pass 64 bits goes into the dict first, and two equal group
    names that are different objects still make one entry."""
    groups = ["".join(["pk", "g"]) for _ in range(3)]  # equal, three objects
    assert groups[0] is not groups[1]
    by_name: dict = {}
    by_group: dict = {}
    rest = native.speedups.owner_totals(["r"] * 6, [0, 1, 2, 0, 0, frozenset({1, 2})], array("q", [2**62] * 6), groups,
                                        [10, 11, 12], by_name, by_group)
    assert rest == b""
    assert by_name == {10: 3 * 2**62, 11: 2**62, 12: 2**62}
    assert by_group == {"pkg": {"r": 6 * 2**62}}


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_func_record_columns_equal_pythons_with_damaged_counts(path, pure):
    from gowasm_inspect.golang.function_data import _record_columns
    from gowasm_inspect.golang.pclntab import FUNC_RECORD_HEADER, NPCDATA_AT, find_pclntab

    module = read_module(path)
    image, _ = build_memory_image(module)
    pclntab = find_pclntab(image, len(module.code.bodies))
    header_size = FUNC_RECORD_HEADER[pclntab.header.magic]
    at = [function.record - image.base for function in pclntab.functions]
    rng = random.Random(5)
    for record in rng.sample(at, 200):  # pcdata counts past the limit, past the end, or zero
        image.data[record + NPCDATA_AT : record + NPCDATA_AT + 4] = rng.choice([33, 1 << 30, 0, 4]).to_bytes(4, "little")

    def columns():
        names, ends, keys, users = _record_columns(image.data, at, header_size)
        return list(names), list(ends), sorted(zip(keys, users, strict=True))  # the key order is free

    compiled = columns()
    assert compiled == pure(columns) and len(compiled[2]) > 3 * len(at)
    with pytest.raises(ValueError):
        _record_columns(image.data, [len(image.data) - header_size + 1], header_size)


def test_static_items_and_links_equal_pythons(pure):
    """Addresses in pieces, in gaps, before the first and past the last, repeated; pieces of one name side by
    side (an item stops at the next one there) and of different names."""
    from gowasm_inspect.golang.regions import Span
    from gowasm_inspect.golang.static_data import Items

    rng = random.Random(11)
    pieces = [Span("rodata", 1000, 2000), Span("rodata", 2000, 2600), Span("noptrdata", 3000, 3500),
              Span("data", 3500, 4000), Span("data", 4100, 4200)]
    addresses = [rng.randrange(500, 4500) for _ in range(600)] + [1000, 2000, 3999, 4200, 2600, 2599]
    pointers = [(rng.randrange(500, 4500), rng.choice(addresses)) for _ in range(400)]

    def cut():
        items = Items(pieces, list(addresses))
        return items.starts, items.ends, items.regions, [list(column) for column in items.links(pointers)]

    compiled = cut()
    assert compiled == pure(cut)
    starts, ends, regions, (sources, targets) = compiled
    assert len(starts) > 300 and all(start < end for start, end in zip(starts, ends, strict=True))
    assert -1 in sources and -1 in targets and sum(1 for s, t in zip(sources, targets, strict=True) if s >= 0 <= t) > 50
    assert 2600 not in starts and 2599 in starts and set(regions) == {"rodata", "noptrdata", "data"}


def test_interval_totals_by_wasm_index_equal_pythons(pure):
    """Owners that are wasm indices already (static data), one of them past every named function."""
    from gowasm_inspect.golang.function_data import Intervals
    from gowasm_inspect.golang.memory import MemoryImage

    image = MemoryImage(0x1000, bytearray(b"\1" * 4096))
    package_of = {3: "a", 4: "a", 5: "b"}
    owners = [3, 4, 5, 9, frozenset({3, 4}), frozenset({4, 5}), "c"]

    def totals():
        intervals = Intervals()
        for number, owner in enumerate(owners):
            intervals.add(0x1000 + 100 * number, 0x1000 + 100 * number + 10 + number, "rodata", owner)
        return intervals.totals(image, package_of)

    compiled = totals()
    assert compiled == pure(totals)
    assert compiled.by_function == {3: 10, 4: 11, 5: 12, 9: 13}
    assert compiled.by_package == {"a": {"rodata": 10 + 11 + 14}, "b": {"rodata": 12}, None: {"rodata": 13 + 15},
                                   "c": {"rodata": 16}}


@pytest.mark.parametrize("path", [param for param in FIXTURES if not param.marks])
def test_type_descriptors_read_the_same_either_way_even_damaged(path, pure):
    from gowasm_inspect.golang.moduledata import go_minor
    from gowasm_inspect.golang.program import read_go_program
    from gowasm_inspect.golang.types import read_types

    module = read_module(path)
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    moduledata, minor = program.data.moduledata, go_minor(program.go_version)
    def read_in_order():  # the order matters too: spans starting at one address keep it when summed
        table = read_types(image, moduledata, minor)
        return table, list(table.descriptors), list(table.names), list(table.itabs)

    table = read_types(image, moduledata, minor)
    assert read_in_order() == pure(read_in_order) and len(table.descriptors) > 500
    rng = random.Random(9)
    start, end = moduledata.types
    for _ in range(3000):  # counts, offsets and kinds scrambled all over the type range
        at, width = rng.randrange(start, end - 8) - image.base, rng.choice([1, 2, 4, 8])
        image.data[at : at + width] = rng.randbytes(width)
    damaged = read_types(image, moduledata, minor)
    assert read_in_order() == pure(read_in_order) and damaged != table


_FREED_BLOCKS = """
import ctypes
from gowasm_inspect.wasm import native

class MallInfo(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks",
                                                      "fsmblks", "uordblks", "fordblks", "keepcost")]

assert native.speedups.return_large_blocks() is True
mallinfo = ctypes.CDLL(None).mallinfo2
mallinfo.restype = MallInfo
for _ in range(3):  # a freed block used to raise the threshold past the next one of its size
    before = mallinfo().hblkhd  # bytes in blocks mapped on their own
    block = bytearray(8 << 20)
    assert mallinfo().hblkhd >= before + (8 << 20)
    del block
    assert mallinfo().hblkhd < before + (8 << 20)  # unmapped: no longer resident
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="a glibc allocator setting")
def test_large_freed_blocks_go_back_to_the_system_under_glibc():
    # in a fresh process: in a test worker, memory other tests freed at the heap's top (kept up to the
    # 64 MiB trim threshold) can serve an 8 MiB block without mapping it
    import subprocess
    import sys

    assert native.speedups is not None
    subprocess.run([sys.executable, "-c", _FREED_BLOCKS], check=True, timeout=60)


def test_symbol_names_split_the_same_either_way(pure):
    from gowasm_inspect.golang.pclntab import find_pclntab
    from gowasm_inspect.golang.symbols import split_symbols

    crafted = ["main.main", "", ".", "/", "a/b", "a/b.c.d", "go:buildid", "type:.eq.[2]int", "type..eq.T",
               "go.uber.org/zap.New", "go.itab.*T,I", "go..x/y.z", "go.a-b.c/d.E", "go.a/", "go.",
               "example.com/m/pkg.F[example.com/other.T].func1", "p.F[a/b.c[d/e.f]]/g.h", "p.F]x/y.z", "[a/b.c",
               "gopkg.in/yaml%2ev3.Marshal", "x%zz/y%2e.z", "é/ü.ß", "\U0001f600.x", "a.b/c", "sync/atomic.(*Int64).Add"]
    rng = random.Random(4)
    alphabet = "ab./[]%2e:-goytpe"
    crafted += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(3000)]
    module = read_module(fixture_path(MANIFEST[0]))
    names = crafted + [function.name for function in find_pclntab(build_memory_image(module)[0],
                                                                    len(module.code.bodies)).functions]
    assert split_symbols(names) == pure(split_symbols, names)
