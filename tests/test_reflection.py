"""The reflection trap: a build whose MethodByName name is a constant and one whose name is known only
at run time (fixtures/src/reflectcall) are told apart as the linker tells them apart (its <ReflectMethod>
mark, printed by -dumpdep), and what the trap kept is measured against the real pair of builds."""

from __future__ import annotations

import re

import pytest
from conftest import BY_FILE, FIXTURES, fixture_path, invoke, name_section_spelling
from independent import function_names, function_sizes
from reachability_truth import marks

from gowasm_inspect.analyses.reflection import reflection_trap
from gowasm_inspect.analyses.why import Explained
from gowasm_inspect.model.reference_graph import read_build_graph
from gowasm_inspect.model.reflection import EVERY_EXPORTED, NAMED

CONSTANT = BY_FILE["reflectcall-go1.27.3-wasip1.wasm"]
DYNAMIC = BY_FILE["reflectcall-go1.27.3-wasip1-dynamic.wasm"]


def _trap(entry: dict):  # type: ignore[no-untyped-def]
    return reflection_trap(Explained(read_build_graph(fixture_path(entry))))


def _linker_saw_reflect_method(entry: dict) -> bool:
    return any("ReflectMethod" in mark.source_tags + mark.target_tags for mark in marks(entry["file"]).values())


@pytest.mark.parametrize("entry", [CONSTANT, DYNAMIC, BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]], ids=lambda e: e["file"])
def test_every_exported_method_is_the_verdict_exactly_when_the_linker_marked_a_reflect_method(entry):
    trap = _trap(entry)
    assert (trap is not None and trap.verdict == EVERY_EXPORTED) == _linker_saw_reflect_method(entry)


def test_no_program_without_a_lookup_reports_a_trap(fixture):
    if fixture["program"] == "reflectcall":
        pytest.skip("looks methods up by name")
    assert _trap(fixture) is None and not _linker_saw_reflect_method(fixture)


def test_the_constant_name_is_the_only_method_name_kept_for_it():
    source = (FIXTURES / "src/reflectcall/constant_name.go").read_text()
    constant = re.findall(r'MethodByName\("(\w+)"\)', source)
    trap = _trap(CONSTANT)
    assert trap is not None and trap.verdict == NAMED and trap.names == constant == ["Greet"]
    # the linker kept Greet and dropped the other exported methods of the program's types
    kept = {mark.target for mark in marks(CONSTANT["file"]).values() if mark.source == "type:main.Greeter"}
    assert "main.Greeter.Greet" in kept and "main.Greeter.Shout" not in kept
    assert [hop.name for hop in trap.chain.hops][-1] == "reflect.Value.MethodByName"


def test_what_the_trap_kept_is_in_the_dynamic_build_only_and_at_least_60_percent_of_the_difference():
    trap = _trap(DYNAMIC)
    assert trap is not None and trap.verdict == EVERY_EXPORTED
    assert [hop.name for hop in trap.chain.hops][-3:] == ["main.main", "main.lookup", "reflect.Value.MethodByName"]
    cost = fixture_path(DYNAMIC).stat().st_size - fixture_path(CONSTANT).stat().st_size
    assert cost == 1_232_993
    assert 0.6 * cost <= trap.size <= cost, trap.size
    # every function the estimate counts is one the constant-name build does not have ...
    explained = Explained(read_build_graph(fixture_path(DYNAMIC)))
    names = function_names(DYNAMIC)
    kept_only = {names[node] for node in range(explained.build.graph.functions)
                 if explained.reach.reached(node) and explained.reach.declared_only()[node] < 0}
    assert len(kept_only) == trap.functions > 1000
    # ... but the methods the constant-name build kept for its name
    greet = {name_section_spelling(name) for name in ("main.Greeter.Greet", "main.(*Greeter).Greet",
                                                      "main.(*Ledger).Greet")}
    assert kept_only & set(function_names(CONSTANT).values()) == greet
    assert sum(function_sizes(DYNAMIC)[i] for i, n in names.items() if n in kept_only) > 0.6 * 496_772


@pytest.mark.parametrize("command", ["size", "info"])
def test_size_and_info_warn_of_the_trap_with_its_chain(command):
    dynamic = invoke(command, fixture_path(DYNAMIC))
    assert dynamic.exit_code == 0
    assert "kept every exported method" in dynamic.output and "main.lookup -> reflect.Value.MethodByName" in dynamic.output
    constant = invoke(command, fixture_path(CONSTANT))
    assert "the methods named Greet" in constant.output
    plain = invoke(command, fixture_path(BY_FILE["demo-go1.27.3-wasip1.wasm"]))
    assert "reflection:" not in plain.output


def test_why_shows_the_trap_in_every_format():
    path = fixture_path(DYNAMIC)
    table = invoke("why", path, "main")
    assert "kept every exported method" in table.output and "calls  main.lookup" in table.output
    document = invoke("why", path, "main", "--format", "json")
    assert '"verdict": "every exported method"' in document.output
    markdown = invoke("why", path, "main", "--format", "markdown")
    assert "| calls | reflect.Value.MethodByName |" in markdown.output


def test_removing_the_function_with_the_run_time_name_saves_what_the_trap_kept():
    """The dynamic build differs from the constant one by the name main.lookup passes: what removing
    main.lookup would save is, like the trap, at least 60 % of that difference."""
    from gowasm_inspect.analyses.why import explain

    cost = fixture_path(DYNAMIC).stat().st_size - fixture_path(CONSTANT).stat().st_size
    explained = Explained(read_build_graph(fixture_path(DYNAMIC)))
    [lookup] = explain(explained, "main.lookup").matches
    assert 0.6 * cost <= lookup.retained <= 1.1 * cost, lookup.retained
    # reflect stays while main.lookup stays, and goes with the trap's bytes when reflect goes
    [package] = explain(explained, "reflect").matches
    assert package.retained > lookup.retained
