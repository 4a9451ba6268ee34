"""Forms that cannot be built here, made from real fixtures by the documented layout, and the fallbacks."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import leb128
import pytest
from click.testing import CliRunner
from conftest import MANIFEST, NEW_JS, NEW_JS_STRIPPED, OLD_JS, fixture_path

from gowasm_inspect.cli import main
from gowasm_inspect.golang.memory import build_memory_image
from gowasm_inspect.golang.pclntab import GoFunction, PclntabError, _defined_indices, find_pclntab
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.model.report import Attribution
from gowasm_inspect.wasm.module import read_module

GO121_STRIPPED = next(e for e in MANIFEST if e["go"] == "1.21.13" and e["goos"] == "js" and e["stripped"])
GO127_UNSTRIPPED = NEW_JS
GO121_UNSTRIPPED = OLD_JS


def _section(kind: int, payload: bytes) -> bytes:
    return bytes([kind]) + bytes(leb128.u.encode(len(payload))) + payload


def _name(text: str) -> bytes:
    raw = text.encode()
    return bytes(leb128.u.encode(len(raw))) + raw


def _replace_section(data: bytes, path: Path, name: str, new_section: bytes) -> bytes:
    header = read_module(path).section(name)
    return data[: header.offset] + new_section + data[header.end :]


def _replace_once_in(data: bytes, path: Path, section: str, old: bytes, new: bytes) -> bytes:
    header = read_module(path).section(section)
    at = data.index(old, header.payload_offset, header.end)
    return data[:at] + new + data[at + len(old) :]


def test_go_1_18_and_1_19_layout(tmp_path):
    """magic 0xfffffff0, a go.buildid section and function, imports from module `go`, PC-form entries."""
    path = fixture_path(GO121_STRIPPED)
    data = path.read_bytes()
    data = _replace_once_in(data, path, "data", b"\xf1\xff\xff\xff\x00\x00\x01\x08", b"\xf0\xff\xff\xff\x00\x00\x01\x08")
    data = _replace_once_in(data, path, "data", b"go:buildid\x00", b"go.buildid\x00")
    data = data.replace(b"\ngo:buildid", b"\ngo.buildid", 1)  # the custom section's name
    imports = read_module(path).imports
    payload = bytes(leb128.u.encode(len(imports))) + b"".join(
        _name("go") + _name(item.name) + b"\x00" + bytes(leb128.u.encode(item.type)) for item in imports)
    data = _replace_section(data, path, "import", _section(2, payload))
    old_path = tmp_path / "go118.wasm"
    old_path.write_bytes(data)

    module = read_module(old_path)
    assert module.section("go.buildid") is not None and {i.module for i in module.imports} == {"go"}
    pclntab = find_pclntab(build_memory_image(module)[0], len(module.code.bodies))
    assert (pclntab.header.magic, pclntab.entry_form) == (0xFFFFFFF0, "pc")

    old, new = analyze(old_path), analyze(path)
    assert old.warnings == []
    assert [(f.index, f.package, f.module) for f in old.functions] == [(f.index, f.package, f.module) for f in new.functions]
    assert [f.name for f in old.functions] == ["go.buildid"] + [f.name for f in new.functions[1:]]
    assert old.build.build_id == new.build.build_id and old.build.goos == "js"


def test_pc_form_entries_unwrap_past_61440_functions():
    count = 70_000
    entries = [((0x1000 + d) << 16) & 0xFFFF_FFFF for d in range(count)]
    assert entries[61_440] == 0  # the documented wrap
    assert _defined_indices(entries) == ("pc", list(range(count)))


def test_index_form_entries():
    assert _defined_indices([0x1000 + d for d in range(5)]) == ("index", [0, 1, 2, 3, 4])


def test_names_that_disagree_with_the_name_section_are_not_trusted(tmp_path):
    path = fixture_path(GO127_UNSTRIPPED)
    bad = tmp_path / "renamed.wasm"
    bad.write_bytes(_replace_once_in(path.read_bytes(), path, "name", _name("runtime.main"), _name("runtime.niam")))
    report = analyze(bad)
    assert report.attribution == Attribution("name-section", "guessed")
    assert {f.name_source for f in report.functions} == {"name-section"}
    assert any("1 pclntab names disagree with the name section" in w for w in report.warnings)
    assert "runtime.niam" in {f.name for f in report.functions}


def test_linker_made_names_that_differ_do_not_discard_pclntab(tmp_path):
    """Go 1.18 writes type..eq.[...]T in pclntab where the name section has the full array type."""
    path = fixture_path(GO127_UNSTRIPPED)
    names = read_module(path).names.function_names
    linker_name = next(name for name in names.values() if name.startswith("type_.eq."))
    changed = linker_name[:-1] + ("x" if linker_name[-1] != "x" else "y")
    renamed = tmp_path / "linker.wasm"
    renamed.write_bytes(_replace_once_in(path.read_bytes(), path, "name", _name(linker_name), _name(changed)))
    report = analyze(renamed)
    assert report.attribution == Attribution("pclntab", "exact") and report.warnings == []


def _without_the_last_function(path: Path) -> bytes:
    """The build with its last function's body and declaration gone, as a rewrite after linking may leave it."""
    module = read_module(path)
    data = path.read_bytes()
    kept = module.code.bodies[:-1]
    functions = bytes(leb128.u.encode(len(kept))) + b"".join(bytes(leb128.u.encode(t)) for t in module.function_types[:-1])
    code = bytes(leb128.u.encode(len(kept))) + b"".join(data[b.offset : b.offset + b.size] for b in kept)
    data = _replace_section(data, path, "code", _section(10, code))
    return _replace_section(data, path, "function", _section(3, functions))


def test_a_code_section_that_lost_a_function_is_not_attributed_by_pclntab(tmp_path):
    """As after wasm-opt: pclntab describes more functions than there are bodies."""
    path = fixture_path(GO127_UNSTRIPPED)
    module = read_module(path)
    kept = module.code.bodies[:-1]
    bad = tmp_path / "optimised.wasm"
    bad.write_bytes(_without_the_last_function(path))
    report = analyze(bad)
    assert any(f"pclntab describes {len(module.code.bodies)} functions but the code section has {len(kept)}" in w
               for w in report.warnings)
    assert report.attribution.names == "name-section"
    names = module.names.function_names
    assert all(f.name == names[f.index] for f in report.functions)
    # what stays true after the rewrite: where pclntab and moduledata are, so data is split as in the original
    assert report.regions == analyze(path).regions
    assert {"functab", "findfunctab", "types"} <= {region.name for region in report.regions}


@pytest.mark.skipif(shutil.which("wat2wasm") is None, reason="needs wabt's wat2wasm")
def test_a_module_not_built_by_go(tmp_path):
    out = tmp_path / "features.wasm"
    subprocess.run(["wat2wasm", "--debug-names", str(Path(__file__).parent / "data" / "features.wat"), "-o", str(out)],
                   check=True)
    report = analyze(out)
    assert report.build.is_go is False
    assert report.attribution == Attribution("name-section", "guessed")
    assert [f.name for f in report.functions] == ["twice", "init"]
    assert any("not built by the Go toolchain" in w for w in report.warnings)
    assert {region.name for region in report.regions} <= {"framing", "unlabelled"}


def test_a_header_claiming_more_functions_than_bodies_is_refused_quickly(tmp_path):
    path = fixture_path(GO127_UNSTRIPPED)
    data = bytearray(path.read_bytes())
    module = read_module(path)
    data_section = module.section("data")
    magic = data.index(b"\xf1\xff\xff\xff\x00\x00\x01\x08", data_section.payload_offset, data_section.end)
    bodies = len(module.code.bodies)
    data[magic + 8 : magic + 16] = (bodies + 1).to_bytes(8, "little")  # nfunc
    bad = tmp_path / "nfunc.wasm"
    bad.write_bytes(bytes(data))
    report = analyze(bad)
    assert report.attribution.names == "name-section"
    assert any(f"pclntab describes {bodies + 1} functions but the code section has {bodies}" in w for w in report.warnings)


def test_a_pctab_offset_outside_the_data_is_a_pclntab_error():
    module = read_module(fixture_path(GO127_UNSTRIPPED))
    pclntab = find_pclntab(build_memory_image(module)[0], len(module.code.bodies))
    with pytest.raises(PclntabError, match="outside the data"):
        pclntab.file_of(GoFunction(0, "memcmp", pclntab.functions[3].compilation_unit, 10**9))


def test_a_go_release_before_1_18_is_called_go_with_its_release(tmp_path):
    """Go 1.16-1.17 wrote pclntab magic 0xfffffffa: a Go binary this reader cannot name from pclntab."""
    path = fixture_path(GO121_UNSTRIPPED)
    data = _replace_once_in(path.read_bytes(), path, "data", b"\xf1\xff\xff\xff\x00\x00\x01\x08",
                            b"\xfa\xff\xff\xff\x00\x00\x01\x08")
    older = tmp_path / "go117.wasm"
    older.write_bytes(data)
    report = analyze(older)
    assert report.build.is_go
    assert report.attribution.names == "name-section"
    [warning] = report.warnings
    assert "0xfffffffa" in warning and "Go 1.16-1.17" in warning and "before Go 1.18" in warning
    assert "TinyGo" not in warning and "not built by the Go toolchain" not in warning


def _file_offset(module, address: int) -> int | None:
    """Where the byte of linear memory at `address` is in the file, if it is (Go drops runs of zeros)."""
    segments = module.data.segments
    for offset, header, size, start in zip(segments.offsets, segments.header_sizes, segments.sizes,
                                           segments.addresses, strict=True):
        if start <= address < start + size:
            return offset + header + address - start
    return None


def test_functions_that_share_one_long_name_are_not_read_from_pclntab(tmp_path):
    """Every function's name offset pointing at one name: a table that could name thousands at length."""
    from gowasm_inspect.golang.pclntab import find_pclntab

    path = fixture_path(GO127_UNSTRIPPED)
    module = read_module(path)
    image = build_memory_image(module)[0]
    pclntab = find_pclntab(image, len(module.code.bodies))
    header = pclntab.header
    pcln = header.address + header.pcln_offset
    data = bytearray(path.read_bytes())
    records = [struct.unpack_from("<II", image.data, pcln - image.base + 8 * i)[1] for i in range(header.nfunc)]
    first_name = struct.unpack_from("<i", image.data, pcln + records[0] + 4 - image.base)[0]
    shared_count = 0
    for record in records[1:]:
        places = [_file_offset(module, pcln + record + 4 + i) for i in range(4)]
        if None not in places:  # each byte of the name offset is in the file, so it can be rewritten
            for place, byte in zip(places, struct.pack("<i", first_name), strict=True):
                data[place] = byte
            shared_count += 1
    assert shared_count > 1_000
    shared = tmp_path / "shared-names.wasm"
    shared.write_bytes(bytes(data))
    report = analyze(shared)
    assert report.attribution.names == "name-section"
    assert any("function names overlap" in warning for warning in report.warnings)
    result = CliRunner().invoke(main, ["size", str(shared), "--format", "json"])
    assert result.exit_code == 0 and len(result.stdout) < 2 * len(data)


def test_a_rewritten_stripped_build_says_one_thing_about_its_names(tmp_path):
    """As d2.wasm, rewritten by binaryen and stripped: pclntab found but unusable, no name section."""
    rewritten = tmp_path / "rewritten.wasm"
    rewritten.write_bytes(_without_the_last_function(fixture_path(NEW_JS_STRIPPED)))
    size = CliRunner().invoke(main, ["size", str(rewritten)]).stdout
    assert "no usable Go pclntab" in size and "functab" in size.split("Sections", 1)[1].split("\n\n", 1)[0]
    info = CliRunner().invoke(main, ["info", str(rewritten)]).stdout
    assert "names from nowhere: no usable pclntab" in info
    assert "unknown: no function names to place code by" in info
    assert "go.example.org" not in info and "example.org/shapes_lib" in info  # the build info is still read


def test_names_are_sanitised_one_for_one_as_the_linker_writes_them():
    from gowasm_inspect.golang.symbols import sanitise_all

    names = ["main.main", "", "example.com/a b.(*T).M[go.shape.int]", "é.f", "\U0001f600x.y", "a\nb", "ok_1.2"]
    assert sanitise_all(names) == [
        "main.main", "", "example.com_a_b.__T_.M_go.shape.int_", "_.f", "_x.y", "a_b", "ok_1.2"]
    assert sanitise_all([]) == []
    # all ASCII, as Go's names are (a table lookup per byte): every character once
    ascii_names = ["example.com/a b.(*T).M[go.shape.int]", "", "".join(map(chr, range(128)))]
    kept = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.")
    assert sanitise_all(ascii_names) == ["example.com_a_b.__T_.M_go.shape.int_", "",
                                         "".join(chr(c) if chr(c) in kept else "_" for c in range(128))]
