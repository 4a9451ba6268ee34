"""`why`: every function and package of every fixture has a chain from a root, and every edge a shortest
chain can take is confirmed without the tool: a `call` or a PC constant wasm-objdump -d shows in the
caller's body, a data address it shows inside the item, a pointer word, typeOff, PC word or method text
offset in the data bytes wasm-objdump -x lists, a go/defer wrapper's wrapinfo and an init function in the
linker's symbol map; each type or itab in a chain is where the symbol map has one. What removing
encoding/xml or regexp would save comes within 10 % of what adding it cost the real build."""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

import pytest
from conftest import BY_FILE, fixture_path, invoke, name_section_spelling
from linker_truth import load_symbol_map

from gowasm_inspect.analyses.reachability import INITIALISES, UNREACHED
from gowasm_inspect.analyses.why import Explained, explain
from gowasm_inspect.golang.references import ADDRESS, CALL, HOLDS, METHOD_OF, POINTS, REFERS, WRAPS
from gowasm_inspect.model.reference_graph import read_build_graph
from groundtruth import wabt_available, wabt_calls, wabt_constants, wabt_memory

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


class _Truth:
    """What confirms a hop without the tool: wasm-objdump's calls, constants and data bytes, and the linker's
    symbol map (function names by PC, `runtime.types`, each wrapper's wrapinfo funcdata)."""

    def __init__(self, entry: dict, imported: int) -> None:
        path = fixture_path(entry)
        self.imported = imported
        self.calls, self.constants = wabt_calls(path), wabt_constants(path)
        self.base, self.memory = wabt_memory(path)
        symbol_map = load_symbol_map(entry["file"])
        self.symbols = {symbol.address: symbol.name for symbol in symbol_map.symbols}
        self.functions = {self.index(symbol.address): symbol.name for symbol in symbol_map.symbols
                          if symbol.section == ".text" and symbol.address & 0xFFFF == 0}
        self.types = symbol_map.named("runtime.types").address
        self.wrapped = {function: symbol.removesuffix(".wrapinfo") for function, slot, symbol, _, _ in symbol_map.funcdata
                        if slot == 7}
        self._words: dict[int, set[int]] = {}
        self._offsets: dict[int, set[int]] = {}

    def index(self, pc: int) -> int:
        return (pc >> 16) - 0x1000 + self.imported

    def pc(self, index: int) -> int:
        return (0x1000 + index - self.imported) << 16

    def _values(self, item, width: int) -> list[int]:  # type: ignore[no-untyped-def]
        """The aligned fields that start in the item (a variable's word may run past a cut inside it)."""
        start = (item.address + width - 1) // width * width
        data = self.memory[start - self.base : item.address + item.size + width - 1 - self.base]
        return [int.from_bytes(data[at : at + width], "little") for at in range(0, len(data) - width + 1, width)]

    def words(self, item) -> set[int]:  # type: ignore[no-untyped-def]
        if item.address not in self._words:
            self._words[item.address] = set(self._values(item, 8))
        return self._words[item.address]

    def offsets(self, item) -> set[int]:  # type: ignore[no-untyped-def]
        """Its 4-byte fields, as unsigned text offsets."""
        if item.address not in self._offsets:
            self._offsets[item.address] = set(self._values(item, 4))
        return self._offsets[item.address]


def _confirmed(truth: _Truth, build, source: int, target: int, kind: int) -> bool:  # type: ignore[no-untyped-def]
    first_item = build.graph.functions
    item = build.graph.items[source - first_item] if source >= first_item else None
    aim = build.graph.items[target - first_item] if target >= first_item else None
    if kind == CALL:
        return target in truth.calls[source]
    if kind == ADDRESS:
        return truth.pc(target) in truth.constants[source]
    if kind == REFERS:
        return any(aim.address <= value < aim.address + aim.size for value in truth.constants[source])
    if kind == POINTS:  # a pointer word, or a typeOff from runtime.types, into the target
        offsets = [value - (1 << 32) if value >= 1 << 31 else value for value in truth.offsets(item)]
        return (any(aim.address <= word < aim.address + aim.size for word in truth.words(item))
                or any(aim.address <= truth.types + offset < aim.address + aim.size for offset in offsets))
    if kind == HOLDS:
        return truth.pc(target) in truth.words(item)
    if kind == METHOD_OF:  # a text offset: 0x1000 + index from Go 1.25, the whole PC before
        return bool({0x1000 + target - truth.imported, truth.pc(target)} & truth.offsets(item))
    if kind == WRAPS:
        return truth.wrapped.get(truth.functions[source]) == truth.functions[target]
    assert kind == INITIALISES
    initialiser = truth.functions[target]
    package = re.sub(r"\.init(\.\d+)?$", "", initialiser)
    # the source is of the package: by its name or, for a symbol with no package in its name (the runtime's
    # assembly _rt0_wasm_js, a //go:wasmexport wrapper), by what it calls
    caller = truth.functions.get(source, "")
    unqualified = item is None and "." not in caller
    callees = [truth.functions.get(callee, "") for callee in truth.calls[source]] if unqualified else []
    return package != initialiser and (item is not None or caller.startswith(package + ".")
                                       or any(callee.startswith(package + ".") for callee in callees))


@pytest.mark.skipif(not wabt_available(), reason="wasm-objdump is the ground truth")
def test_each_hop_of_each_package_chain_is_in_the_binary_or_the_linkers_marks(fixture):
    explained = _explained(fixture)
    build, reach = explained.build, explained.reach
    truth = _Truth(fixture, build.graph.imported)
    first_item = build.graph.functions
    checked: Counter[int | str] = Counter()
    members: dict[str, list[int]] = {}
    for entry in build.report.functions:
        members.setdefault(entry.package or "", []).append(entry.index)
    for package, nodes in members.items():
        nearest = reach.nearest(nodes)
        assert nearest is not None, package
        chain = reach.chain(nearest)
        for (source, _), (target, kind) in pairwise(chain):
            assert _confirmed(truth, build, source, target, kind), (package, build.name(source), build.name(target), kind)
            checked[kind] += 1
        for node, _ in chain:
            item = build.graph.items[node - first_item] if node >= first_item else None
            if item is not None and item.kind in ("type", "itab"):
                prefix = "type:" if item.kind == "type" else "go:itab."
                assert truth.symbols.get(item.address, "").startswith(prefix), build.name(node)
                checked["named"] += 1
            elif item is None and node >= build.graph.imported:
                assert name_section_spelling(truth.functions[node]) == name_section_spelling(build.name(node))
    assert checked[CALL] > 50 and checked[REFERS] > 0 and checked[HOLDS] > 0 and checked["named"] > 0


@pytest.mark.skipif(not wabt_available(), reason="wasm-objdump is the ground truth")
def test_every_edge_a_shortest_chain_can_take_is_in_the_binary(fixture):
    """Every shortest chain is made of the hops by which the walk first reached each node: all of them checked."""
    explained = _explained(fixture)
    build, reach = explained.build, explained.reach
    truth = _Truth(fixture, build.graph.imported)
    checked: Counter[int] = Counter()
    for node in range(build.nodes):
        source, kind = reach.parent[node], reach.parent_kind[node]
        if source >= 0:
            assert _confirmed(truth, build, source, node, kind), (build.name(source), build.name(node), kind)
            checked[kind] += 1
    assert sum(checked.values()) > 0.9 * build.nodes and len(checked) >= 6, checked


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
    # runtime holds the linker's entry, main the //go:wasmexport add_scaled: neither can be removed
    assert not {"runtime", "main"} & {row["name"] for row in rows}
    xml = next(row for row in rows if row["name"] == "encoding/xml")
    assert abs(xml["retained"] - 301_271) <= 30_127
    table = invoke("size", fixture_path(WITH_XML), "--by", "retained", "--top", "6")
    assert "What removing a package would save" in table.output and "encoding/xml" in table.output


def test_a_kept_method_names_the_interface_it_is_kept_for_or_reflection():
    # *fmt.pp is an io.Writer (fmt writes through it); nothing declares Greeter.Shout, which only the
    # run-time MethodByName keeps, and removing it saves at least its own bytes
    [write] = explain(_explained(WITH_XML), "fmt.(*pp).Write").matches
    assert write.chains[0].hops[-1].edge == "keeps in its method table for type:io.Writer"
    [shout] = explain(_explained(BY_FILE["reflectcall-go1.27.3-wasip1-dynamic.wasm"]), "main.Greeter.Shout").matches
    assert shout.chains[0].hops[-1].edge == "keeps in its method table for reflection"
    assert shout.retained >= shout.size > 0
