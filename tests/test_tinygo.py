"""TinyGo builds from npm: sh-syntax (mvdan.cc/sh for js, built with TinyGo 0.30.0, 0.37.0, 0.41.1 and
0.42.0) and @wasm-fmt's shfmt and gofmt (wasm-unknown, TinyGo 0.40.1),
pinned in the manifest's `tinygo` key with the TinyGo release their producers section names (read with a
regex by fixtures/third_party.py). TinyGo's naming rules are written down here, as the truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, NEW_JS, ROOT, fetch_published, fixture_path, invoke, slow

from gowasm_inspect.golang.tinygo import (
    C_SUPPORT,
    EXPORT_WRAPPERS,
    GROUPS,
    INTERFACE_THUNKS,
    LOCAL_MODULE,
    MAIN_MODULE,
    SHARED,
    TINYGO_OWN,
    infer_module,
    split_tinygo_symbol,
)
from gowasm_inspect.model.from_binary import analyze

TINYGO = json.loads((FIXTURES / "manifest.json").read_text())["tinygo"]

# TinyGo (LLVM) symbol -> the package it belongs to, by TinyGo's rules
RULES = [
    ("fmt.Sprintf", "fmt"),
    ("(*fmt.pp).fmtComplex", "fmt"),
    ("(github.com/un-ts/sh-syntax/processor.Word).MarshalEasyJSON", "github.com/un-ts/sh-syntax/processor"),
    ("(*mvdan.cc/sh/v3/syntax.Parser).arithmExprPower$bound", "mvdan.cc/sh/v3/syntax"),
    ("mvdan.cc/sh/v3/syntax.Indent$1", "mvdan.cc/sh/v3/syntax"),
    ("mvdan.cc/sh/v3/syntax.walkList[pointer:named:mvdan.cc/sh/v3/syntax.Stmt]", "mvdan.cc/sh/v3/syntax"),
    ("slices.Sort[slice:basic:int32,basic:int32]", "slices"),
    ("(*regexp/syntax.Inst).String", "regexp/syntax"),
    ("(*internal/reflectlite.RawType).key", "internal/reflectlite"),
    ("interface:{Error:func:{}{basic:string}}.Error$invoke", INTERFACE_THUNKS),
    ("(*struct{*bufio.Writer; column int; lineStart bool}).Write", "bufio"),  # promoted from bufio.Writer
    ("(struct{mvdan.cc/sh/v3/syntax.bufWriter; baseIndent int}).Write$invoke", "mvdan.cc/sh/v3/syntax"),
    ("(*struct{x int; y map[string]int}).String", SHARED),  # nothing embedded
    ("_start.command_export", EXPORT_WRAPPERS),
    ("malloc", C_SUPPORT),
    ("__multi3", C_SUPPORT),
    ("byn$mgfn-shared$(*crypto/tls.Conn).Read", "crypto/tls"),
    ("(gopkg.in/yaml.v3.Node).Kind", "gopkg.in/yaml.v3"),
    ("hashmapKeyHash.struct{bool; string}", SHARED),  # a map key's hash, of an unnamed type
    ("hashmapKeyEqual.mvdan.cc/sh/v3/syntax.Pos", "mvdan.cc/sh/v3/syntax"),  # ... of a named one
    ("hashmapKeyHash.*net/url.URL", "net/url"),
]

# package path -> the module TinyGo's build most likely took it from
MODULES = [
    ("fmt", "std"),
    ("unique", "std"),  # Go 1.23
    ("vendor/golang.org/x/net/idna", "std"),  # vendored into the standard library
    ("internal/task", TINYGO_OWN),  # TinyGo's scheduler: in TinyGo's GOROOT, not Go's
    ("runtime/interrupt", TINYGO_OWN),
    ("machine", TINYGO_OWN),
    ("main", MAIN_MODULE),
    ("tools/gen", LOCAL_MODULE),  # a module path without a dot, of the program's own
    ("github.com/un-ts/sh-syntax/processor", "github.com/un-ts/sh-syntax"),
    ("mvdan.cc/sh/v3/syntax", "mvdan.cc/sh/v3"),
    ("gopkg.in/yaml.v3", "gopkg.in/yaml.v3"),
]


@pytest.mark.parametrize(("symbol", "package"), RULES, ids=[symbol[:40] for symbol, _ in RULES])
def test_tinygo_symbols_split_by_its_rules(symbol, package):
    assert split_tinygo_symbol(symbol)[0] == package


def test_the_std_list_covers_the_releases_readme_names():
    """README: `std` is a path Go's standard library lists in some release from 1.21 to 1.27."""
    from gowasm_inspect.golang.tinygo import _STD_PACKAGES

    listed = json.loads(Path(_STD_PACKAGES).read_text(encoding="utf-8"))
    minors = sorted({int(release.split(".")[1]) for release in listed["releases"]})
    assert (minors[0], minors[-1]) == (21, 27) and "1.21 to\n1.27" in (ROOT / "README.md").read_text()


@pytest.mark.parametrize(("package", "module"), MODULES, ids=[package for package, _ in MODULES])
def test_modules_are_inferred_from_paths_and_gos_std_list(package, module):
    assert infer_module(package) == module



@slow
@pytest.mark.parametrize("entry", TINYGO, ids=lambda entry: f"{entry['package']}@{entry['version']}-tinygo{entry['tinygo']}")
def test_a_tinygo_build_is_named_and_every_function_is_in_one_package_row(entry):
    path = fetch_published(entry)
    report = analyze(path)
    assert report.build.toolchain == f"TinyGo {entry['tinygo']}" and not report.build.is_go
    assert sum(package.functions for package in report.packages) == len(report.functions)
    assert sum(package.size for package in report.packages) == sum(function.size for function in report.functions)
    code = report.section("code")
    assert code.size - sum(function.size for function in report.functions) <= 6  # id, size, count
    for package in report.packages:
        assert package.name in GROUPS or package.name == "(unnamed functions)" or \
            not any(char in package.name for char in "(*{ "), package.name
        if package.name not in GROUPS and "." not in package.name.split("/")[0]:
            assert package.module in ("std", TINYGO_OWN, MAIN_MODULE), package.name
            assert not package.name.startswith(("hashmap", "main.")), package.name  # helpers have packages
    names = {package.name for package in report.packages}
    assert "runtime" in names and "(interface method thunks)" in names
    if entry["package"] in ("sh-syntax", "@wasm-fmt/shfmt"):  # both are mvdan.cc/sh
        assert "mvdan.cc/sh/v3/syntax" in names and report.build.goos == ("js" if "glue" in entry else None)
    info = invoke("info", str(path))
    assert f"TinyGo {entry['tinygo']}" in info.stdout and "no pclntab" in info.stdout
    document = json.loads(invoke("info", str(path), "--format", "json").stdout)
    assert document["toolchain"] == f"TinyGo {entry['tinygo']}" and document["is_go"] is False
    assert "TinyGo, or another language?" not in info.stdout


@slow
def test_diff_matches_packages_by_path_across_tinygo_releases_and_compilers():
    by_release = sorted(TINYGO, key=lambda entry: [int(part) for part in entry["tinygo"].split(".")])
    older, newer = (fetch_published(entry) for entry in by_release[-2:])
    across = json.loads(invoke("diff", str(older), str(newer), "--format", "json").stdout)
    status = {row["name"]: row["status"] for row in across["packages"]}
    assert status["mvdan.cc/sh/v3/syntax"] in ("grown", "shrunk", "unchanged")
    compilers = invoke("diff", str(fixture_path(NEW_JS)), str(newer), "--by", "package")
    assert "built by go1.27.3 and TinyGo" in compilers.stdout
    rows = {row["name"]: row for row in json.loads(invoke("diff", str(fixture_path(NEW_JS)), str(newer),
                                                           "--format", "json").stdout)["packages"]}
    for shared in ("strconv", "fmt", "unicode/utf8", "runtime"):
        assert rows[shared]["old"] is not None and rows[shared]["new"] is not None, shared


@slow
def test_strip_predicts_tinygos_no_debug_from_the_sections_wabt_sees():
    from groundtruth import wabt_sections

    for entry in TINYGO:
        path = fetch_published(entry)
        sections = wabt_sections(path)
        # a section runs from the end of the one before (the header's 8 bytes first) to its payload's end
        ends = [8] + [section["payload_offset"] + section["payload_size"] for section in sections]
        omitted = sum(end - start for section, start, end in zip(sections, ends, ends[1:], strict=False)
                      if section["name"] == "name" or (section["name"] or "").startswith(".debug_"))
        [prediction] = json.loads(invoke("size", str(path), "--strip", "--format", "json").stdout)["strip"]
        assert prediction["flags"] == "-no-debug" and prediction["saved"] == omitted > 0, entry["version"]
    # compressed as the file without those sections, which is what -no-debug leaves
    path = fetch_published(TINYGO[-1])
    document = json.loads(invoke("size", str(path), "--strip", "--compress", "gzip", "--no-cache", "--format", "json").stdout)
    [prediction] = document["strip"]
    assert prediction["compressed_from"] == prediction["size"] < document["size"]
