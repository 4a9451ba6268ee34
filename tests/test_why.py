"""`why`: every function and package of every fixture has a chain from a root; each hop between
functions is a `call` or a PC constant wasm-objdump -d shows in the caller's body, each reference to data
a constant it shows inside the item, each type or itab one the linker's symbol table has at that address;
and what
removing encoding/xml or regexp would save comes within 10 % of what adding it cost the real build."""

from __future__ import annotations

from itertools import pairwise

import pytest
from conftest import BY_FILE, fixture_path, invoke
from linker_truth import load_symbol_map

from gowasm_inspect.analyses.reachability import UNREACHED
from gowasm_inspect.analyses.why import Explained, explain
from gowasm_inspect.golang.references import ADDRESS, CALL, REFERS
from gowasm_inspect.model.reference_graph import read_build_graph
from groundtruth import wabt_available, wabt_calls, wabt_constants

PLAIN, WITH_XML = BY_FILE["demo-go1.27.3-wasip1.wasm"], BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]


def _explained(entry: dict) -> Explained:
    return Explained(read_build_graph(fixture_path(entry)))


def test_every_function_and_package_has_a_chain(fixture):
    explained = _explained(fixture)
    graph, reach = explained.build.graph, explained.reach
    assert all(reach.depth[node] != UNREACHED for node in range(graph.imported, graph.functions))
    packages = {entry.package for entry in explained.build.report.functions if entry.package}
    assert len(packages) > 20
    for package in packages:
        found = explain(explained, package)
        assert found.matches and all(match.chains for match in found.matches), package


@pytest.mark.skipif(not wabt_available(), reason="wasm-objdump is the ground truth")
def test_each_hop_of_each_package_chain_is_in_the_binary_or_the_linkers_marks(fixture):
    explained = _explained(fixture)
    build, reach, path = explained.build, explained.reach, fixture["path"]
    calls, constants = wabt_calls(path), wabt_constants(path)
    symbols = {symbol.address: symbol.name for symbol in load_symbol_map(fixture["file"]).symbols}
    first_item = build.graph.functions
    checked = {CALL: 0, ADDRESS: 0, REFERS: 0, "named": 0}
    members: dict[str, list[int]] = {}
    for entry in build.report.functions:
        members.setdefault(entry.package or "", []).append(entry.index)
    for package, nodes in members.items():
        nearest = reach.nearest(nodes)
        assert nearest is not None, package
        chain = reach.chain(nearest)
        for (source, _), (target, kind) in pairwise(chain):
            if kind == CALL:
                assert target in calls[source]
            elif kind == ADDRESS:
                assert ((0x1000 + target - build.graph.imported) << 16) in constants[source]
            elif kind == REFERS:
                item = build.graph.items[target - first_item]
                assert any(item.address <= value < item.address + item.size for value in constants[source])
            else:
                continue
            checked[kind] += 1
        for node, _ in chain:
            item = build.graph.items[node - first_item] if node >= first_item else None
            if item is not None and item.kind in ("type", "itab"):
                prefix = "type:" if item.kind == "type" else "go:itab."
                assert symbols.get(item.address, "").startswith(prefix), build.name(node)
                checked["named"] += 1
    assert checked[CALL] > 50 and checked[REFERS] > 0 and checked["named"] > 0


@pytest.mark.parametrize(("plain", "with_it", "package", "cost"), [
    (PLAIN, WITH_XML, "encoding/xml", 301_271),
    (BY_FILE["gomain-go1.27.3-wasip1.wasm"], BY_FILE["gomain-go1.27.3-wasip1-regexp.wasm"], "regexp", 556_405),
], ids=["encoding/xml", "regexp"])
def test_what_removing_a_package_would_save_is_within_10_percent_of_what_it_cost(plain, with_it, package, cost):
    assert fixture_path(with_it).stat().st_size - fixture_path(plain).stat().st_size == cost
    found = explain(_explained(with_it), package).matches
    assert [match.name for match in found] == [package]
    assert abs(found[0].retained - cost) <= cost / 10, found[0].retained


def test_no_further_chain_reaches_its_target_on_the_way():
    explained = _explained(WITH_XML)
    reach, build = explained.reach, explained.build
    several = 0
    for node in range(build.graph.imported, build.graph.functions):
        chains = reach.chains(node, 4)
        several += len(chains) > 1
        for chain in chains:
            assert [hop for hop, _ in chain].count(node) == 1 and chain[-1][0] == node
    assert several > 500


def test_the_build_without_encoding_xml_has_none_of_it():
    assert explain(_explained(PLAIN), "encoding/xml").matches == []


def test_why_prints_the_chain_and_escapes_markdown():
    path = fixture_path(WITH_XML)
    table = invoke("why", path, "encoding/xml")
    assert table.exit_code == 0 and "encoding/xml.Marshal" in table.output and "save about" in table.output
    markdown = invoke("why", path, "encoding/**", "--format", "markdown")
    assert markdown.exit_code == 0 and "### Why is `encoding/**` in" in markdown.output and "| calls |" in markdown.output
    document = invoke("why", path, "main", "--format", "json")
    assert document.exit_code == 0 and '"kind": "package"' in document.output


def test_why_refuses_a_file_that_is_not_wasm_with_exit_code_3(tmp_path):
    bad = tmp_path / "bad.wasm"
    bad.write_bytes(b"\0asm\x01\0\0\0\x01\xff")
    result = invoke("why", bad, "main")
    assert result.exit_code == 3 and "Traceback" not in result.output


def test_size_by_retained_lists_what_removing_each_large_package_would_save():
    import json

    result = invoke("size", fixture_path(WITH_XML), "--by", "retained", "--top", "6", "--format", "json")
    rows = json.loads(result.output)["retained"]
    assert result.exit_code == 0 and len(rows) == 6
    assert [row["retained"] for row in rows] == sorted((row["retained"] for row in rows), reverse=True)
    xml = next(row for row in rows if row["name"] == "encoding/xml")
    assert abs(xml["retained"] - 301_271) <= 30_127
    table = invoke("size", fixture_path(WITH_XML), "--by", "retained", "--top", "6")
    assert "What removing a package would save" in table.output and "encoding/xml" in table.output
