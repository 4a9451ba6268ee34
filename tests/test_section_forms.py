"""Section forms Go never writes, read from a module that wabt's wat2wasm builds from tests/data/features.wat.

Expected values are read off the .wat source.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

import groundtruth
from gowasm_inspect.wasm.format import MODULE_HEADER_SIZE
from gowasm_inspect.wasm.module import read_module

pytestmark = pytest.mark.skipif(shutil.which("wat2wasm") is None, reason="needs wabt's wat2wasm")


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    out = tmp_path_factory.mktemp("wat") / "features.wasm"
    source = Path(__file__).parent / "data" / "features.wat"
    subprocess.run(["wat2wasm", "--debug-names", str(source), "-o", str(out)], check=True)
    return out, read_module(out)


def test_imports_of_every_kind(features):
    _, module = features
    assert [(i.module, i.name, i.kind) for i in module.imports] == [
        ("env", "add", "func"), ("env", "table", "table"), ("env", "base", "global"), ("env", "mem", "memory")]
    assert module.imports[0].type == 0
    assert (module.imports[1].type.element, module.imports[1].type.limits.min) == ("funcref", 2)
    assert (module.imports[2].type.value, module.imports[2].type.mutable) == ("i32", False)
    assert (module.imports[3].type.min, module.imports[3].type.max) == (1, 4)
    assert module.imported_function_count == 1


def test_tables_globals_exports_start(features):
    _, module = features
    [table] = module.tables
    assert (table.element, table.limits.min, table.limits.max) == ("externref", 3, 10)
    assert [(g.type.value, g.type.mutable, g.init.instruction, g.init.value) for g in module.globals] == [
        ("i64", True, "i64.const", -5), ("f64", False, "f64.const", 1.5), ("i32", False, "global.get", 0),
        ("v128", False, "v128.const", int.from_bytes(b"".join(lane.to_bytes(4, "little") for lane in (1, 2, 3, 4)), "little"))]
    assert [(e.name, e.kind, e.index) for e in module.exports] == [("twice", "func", 1), ("counter", "global", 1)]
    assert module.start == 2


def test_element_segments_in_each_mode(features):
    _, module = features
    assert [(e.mode, e.count) for e in module.elements] == [
        ("active", 2), ("passive", 1), ("passive", 2), ("declarative", 1)]
    assert module.elements[0].offset.constant_offset == 0


def test_active_and_passive_data_and_datacount(features):
    _, module = features
    assert module.datacount == 2
    active, passive = module.data.segments
    assert (active.active, active.memory_offset, active.data_size) == (True, 16, len("active bytes"))
    assert (passive.active, passive.memory_offset, passive.data_size) == (False, None, len("passive"))
    data = features[0].read_bytes()
    assert data[active.data_offset : active.data_offset + active.data_size] == b"active bytes"
    assert data[passive.data_offset : passive.data_offset + passive.data_size] == b"passive"
    # the segments are kept as columns, and read back as a sequence of whole segments
    segments = module.data.segments
    assert segments[-1] == passive and segments[0:1] == [active] and len(segments) == 2
    assert list(segments.initialising()) == [(active.offset, active.header_size, active.data_size, 16)]
    with pytest.raises(IndexError):
        segments[2]


def test_names_and_bodies_agree_with_wabt(features):
    path, module = features
    assert module.names.module_name == "features"
    assert module.names.function_names == {0: "imported", 1: "twice", 2: "init"}
    assert {b.function_index: b.body_size for b in module.code.bodies} == groundtruth.wabt_body_sizes(path)
    expected = groundtruth.wabt_sections(path)
    assert [(h.payload_offset, h.payload_size) for h in module.sections] == [
        (s["payload_offset"], s["payload_size"]) for s in expected]
    assert MODULE_HEADER_SIZE + sum(h.header_size + h.payload_size for h in module.sections) == path.stat().st_size
