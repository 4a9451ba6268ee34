"""Exact Go names, packages and modules, checked against the name section, `go list -deps`, and the
programs' own debug.ReadBuildInfo() output recorded when the fixtures were built."""

from __future__ import annotations

import json

import independent
import pytest
from conftest import MANIFEST, STRIPPED, UNSTRIPPED, fixture_path, name_section_spelling

from gowasm_inspect.golang.modules import STD
from gowasm_inspect.golang.symbols import LINKER_GROUP
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.model.report import SHARED_DATA, Attribution

GROUPS = {LINKER_GROUP, SHARED_DATA}


@pytest.mark.parametrize("entry", UNSTRIPPED, ids=[e["file"] for e in UNSTRIPPED])
def test_every_exact_name_sanitised_is_the_name_section_entry(entry):
    names = independent.function_names(entry)  # the name section's bytes, read by test code
    report = analyze(fixture_path(entry))
    assert report.attribution == Attribution("pclntab", "exact")
    assert len(report.functions) == len(entry["wabt"]["body_sizes"])
    for function in report.functions:
        assert name_section_spelling(function.name) == names[function.index], function.index


@pytest.mark.parametrize("entry", STRIPPED, ids=[e["file"] for e in STRIPPED])
def test_stripped_build_maps_index_name_and_package_like_its_twin(entry):
    stripped = analyze(fixture_path(entry))
    twin = analyze(fixture_path(next(e for e in MANIFEST if e["file"] == entry["unstripped_twin"])))
    assert stripped.build.stripped and not twin.build.stripped
    assert [(f.index, f.name, f.package, f.module) for f in stripped.functions] == [
        (f.index, f.name, f.package, f.module) for f in twin.functions]
    assert [(f.index, f.size) for f in stripped.functions] == [(f.index, f.size) for f in twin.functions]


def _main_package(entry: dict) -> str:
    return entry["run_output"].split("\npath\t", 1)[1].split("\n", 1)[0]


def test_packages_are_go_list_deps_and_modules_are_theirs(fixture):
    report = analyze(fixture["path"])
    listed = {package: module or STD for package, module in fixture["go_list_deps"]}
    main_package = _main_package(fixture)
    for package in report.packages:
        if package.name in GROUPS:
            assert package.module == package.name
            continue
        import_path = main_package if package.name == "main" else package.name
        assert import_path in listed, package.name
        assert package.module == listed[import_path], package.name
    names = {p.name for p in report.packages}
    assert {"main", "runtime"} <= names
    # every module of the program's own (under go. domains too) holds code (a package may be all inlined)
    assert {module for _, module in fixture["go_list_deps"] if module} <= {m.path for m in report.modules}
    assert not any(p.name.startswith("(unknown") for p in report.packages)


def test_assembly_functions_get_their_package():
    report = analyze(fixture_path(MANIFEST[0]))
    by_name = {f.name: f for f in report.functions}
    assert by_name["memcmp"].package == "internal/bytealg"
    assert by_name["gcWriteBarrier"].package == "runtime"
    assert by_name["go:buildid"].package == LINKER_GROUP


def test_wasmexport_wrapper_belongs_to_the_package_that_exports_it():
    for entry in (e for e in MANIFEST if e["go"] >= "1.24" and e["program"] == "demo"):
        report = analyze(fixture_path(entry))
        [export] = [e for e in report.exports if e.name == "add_scaled"]
        wrapper = next(f for f in report.functions if f.index == export.index)
        assert (wrapper.name, wrapper.package, wrapper.module) == ("add_scaled", "main", "example.com/size_demo")


def test_dotted_package_path_is_unescaped():
    entry = next(e for e in MANIFEST if e["go"] == "1.21.13" and not e["stripped"])
    report = analyze(fixture_path(entry))
    codec = [f for f in report.functions if f.package == "example.com/size_demo/codec.v2" and f.kind is None]
    assert codec and all(f.name.startswith("example.com/size_demo/codec%2ev2.") for f in codec)
    assert all(f.module == "example.com/size_demo" for f in codec)


def test_module_view_of_the_fixture_with_a_local_module(fixture):
    report = analyze(fixture["path"])
    modules = {m.path: m for m in report.modules}
    recorded = _recorded_build_info(fixture)  # what the program printed about itself
    assert set(modules) - {SHARED_DATA} == {STD, LINKER_GROUP, recorded["main"]["path"],
                                            *(dep["path"] for dep in recorded["deps"])}
    for dep in recorded["deps"]:  # each a local module, replaced by its folder
        assert modules[dep["path"]].version == dep["version"]
        assert modules[dep["path"]].replace == f"{dep['replace']['path']} {dep['replace']['version']}"
    assert modules[recorded["main"]["path"]].version == "(devel)"
    assert modules[STD].version == "go" + fixture["go"]
    assert sum(m.size for m in report.modules) == sum(p.size for p in report.packages) == sum(
        f.size for f in report.functions)


def _recorded_build_info(entry: dict) -> dict:
    """The program's own runtime.Version() and debug.ReadBuildInfo().String(), as printed when run."""
    lines = entry["run_output"].splitlines()
    facts = {"version": lines[0].removeprefix("go: "), "deps": [], "settings": {}}
    for line in lines[1:]:
        word, _, rest = line.partition("\t")
        fields = rest.split("\t")
        if word == "path":
            facts["path"] = rest
        elif word == "mod":
            facts["main"] = {"path": fields[0], "version": fields[1]}
        elif word == "dep":
            checksum = fields[2] if len(fields) > 2 and fields[2] else None
            facts["deps"].append({"path": fields[0], "version": fields[1], "sum": checksum, "replace": None})
        elif word == "=>":
            checksum = fields[2] or None if len(fields) > 2 else None
            facts["deps"][-1]["replace"] = {"path": fields[0], "version": fields[1], "sum": checksum}
        elif word == "build":
            key, _, value = rest.partition("=")
            facts["settings"][key] = json.loads(value) if value.startswith('"') else value
    return facts


def test_info_equals_what_the_program_says_about_itself(fixture):
    from click.testing import CliRunner

    from gowasm_inspect.cli import main

    result = CliRunner().invoke(main, ["info", str(fixture["path"]), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    info = json.loads(result.stdout)
    recorded = _recorded_build_info(fixture)
    assert info["is_go"] is True
    assert info["go_version"] == recorded["version"]
    assert info["main"] == recorded["main"]
    assert info["main_package"] == _main_package(fixture)
    assert info["deps"] == recorded["deps"]
    assert info["settings"] == recorded["settings"]
    assert (info["goos"], info["goarch"]) == (fixture["goos"], "wasm")
    assert info["target"] == ("command" if fixture["goos"] == "wasip1" else None)
    assert info["stripped"] == fixture["stripped"]
    assert info["trimpath"] is False  # the fixtures are built without -trimpath
    build_id = fixture["path"].read_bytes()[8:200].split(b'Go build ID: "')[1].split(b'"')[0].decode()
    assert info["build_id"] == build_id
    assert info["counts"]["functions"] == len(fixture["wabt"]["body_sizes"])


@pytest.mark.parametrize(("path", "absolute"), [
    ("/home/me/src/main.go", True), ("C:/Users/me/go/src/main.go", True), ("C:\\Users\\me\\main.go", True),
    ("example.com/app/main.go", False), ("runtime/proc.go", False), ("c:relative.go", False),
])
def test_source_paths_recorded_whole_on_any_system(path, absolute):
    from gowasm_inspect.golang.program import is_absolute_source_path

    assert is_absolute_source_path(path) is absolute


@pytest.mark.parametrize(("symbol", "package"), [
    ("go.uber.org/zap.New", "go.uber.org/zap"),
    ("go.opentelemetry.io/otel/trace.(*Span).End", "go.opentelemetry.io/otel/trace"),
    ("go.etcd.io/bbolt.(*DB).Update.func1", "go.etcd.io/bbolt"),
    ("go.uber.org/zap.Any[go.shape.int]", "go.uber.org/zap"),
    ("go.buildid", LINKER_GROUP), ("go:buildid", LINKER_GROUP), ("type..eq.main.T", LINKER_GROUP),
    ("go.struct { io.Reader; io.Closer }.Read", LINKER_GROUP), ("go.itab.*os.File,io.Writer", LINKER_GROUP),
    ("type:.eq.go.uber.org/zap.Field", LINKER_GROUP),
])
def test_packages_under_a_go_domain_are_packages_in_every_version(symbol, package):
    from gowasm_inspect.golang.symbols import split_symbol

    assert split_symbol(symbol)[0] == package
