"""Go-built wasm from published packages (esbuild-wasm on npm, Go 1.17 to 1.23), pinned with their
digests in fixtures/manifest.json and fetched once into the cache: the moduledata layouts of Go 1.18-1.19,
1.20 and 1.21-1.26, which no toolchain on PyPI builds, read from binaries someone else built."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from conftest import FIXTURES, fetch_published, slow

from gowasm_inspect.golang.program import read_go_program
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.module import read_module
from groundtruth import wabt_data_segments

THIRD_PARTY = json.loads((FIXTURES / "manifest.json").read_text())["third_party"]
TABLES = ("functab", "funcnametab", "pctab", "funcdata", "findfunctab")
# the firstmoduledata layout each Go release wrote (runtime/symtab.go of each)
LAYOUT = {"go1.18": "go1.18-1.19", "go1.19": "go1.18-1.19", "go1.20": "go1.20", "go1.23": "go1.23-1.25"}

pytestmark = slow



@pytest.mark.parametrize("entry", [e for e in THIRD_PARTY if e["go"] != "go1.17.8"],
                         ids=lambda e: f"{e['package']}@{e['version']}-{e['go']}")
def test_a_published_build_has_its_releases_layout_and_regions_that_tile(entry):
    path = fetch_published(entry)
    program = read_go_program(read_module(path))
    assert program.go_version == entry["go"]
    assert program.data.moduledata.layout.name == LAYOUT[".".join(entry["go"].split(".")[:2])]
    report = analyze(path)
    assert report.warnings == []
    regions = {region.name: region.size for region in report.regions}
    data = next(section for section in report.sections if section.id == 11)
    assert sum(regions.values()) == data.size
    assert regions["framing"] == data.size - sum(size for _, size in wabt_data_segments(path))
    assert regions.get("unlabelled", 0) <= data.size // 1000
    attributed: Counter[str] = Counter()
    for package in report.packages:
        attributed.update(package.data)
    for table in TABLES:
        assert regions[table] * 0.97 <= attributed[table] <= regions[table], table
    assert not any(package.name.startswith("(unknown") for package in report.packages)
    parser = next(p for p in report.packages if p.name == "github.com/evanw/esbuild/internal/js_parser")
    assert parser.data.get("types+rodata", 0) > 0  # the type metadata it declares, read in this layout


def test_a_go_1_17_build_is_named_as_such_and_its_data_left_unlabelled():
    entry = next(e for e in THIRD_PARTY if e["go"] == "go1.17.8")
    report = analyze(fetch_published(entry))
    assert any("Go 1.16-1.17, a release before Go 1.18" in warning for warning in report.warnings)
    data = next(section for section in report.sections if section.id == 11)
    assert {region.name for region in report.regions} == {"framing", "unlabelled"}
    assert sum(region.size for region in report.regions) == data.size
