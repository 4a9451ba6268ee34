"""The committed fixtures are the ones the manifest describes."""

import hashlib

from groundtruth import wabt_available


def test_fixture_matches_manifest(fixture):
    data = fixture["path"].read_bytes()
    assert len(data) == fixture["size"]
    assert hashlib.sha256(data).hexdigest() == fixture["sha256"]


def test_manifest_records_what_wabt_reports(fixture):
    if not wabt_available():
        import pytest

        pytest.skip("wabt is not installed: the manifest is the only ground truth")
    import groundtruth_facts

    assert groundtruth_facts.sections(fixture) == fixture["wabt"]["sections"]
    first = fixture["wabt"]["first_function_index"]
    assert groundtruth_facts.body_sizes(fixture) == {first + i: s for i, s in enumerate(fixture["wabt"]["body_sizes"])}


def test_the_reachability_marks_are_the_ones_the_manifest_describes(fixture):
    import reachability_truth

    if "dumpdep_sha256" not in fixture:
        import pytest

        pytest.skip("not built from the fixtures' sources")
    assert reachability_truth.marks_sha256(fixture["file"]) == fixture["dumpdep_sha256"]


def test_every_function_the_binary_names_was_marked_reachable_by_its_linker(fixture):
    """The marks belong to these binaries: each function of the name section is a symbol the linker marked."""
    import independent
    import pytest
    import reachability_truth

    if "dumpdep_sha256" not in fixture or fixture["stripped"]:
        pytest.skip("no name section, or not built from the fixtures' sources")
    marked = {reachability_truth.wasm_name_of(symbol) for symbol in reachability_truth.marks(fixture["file"])}
    names = set(independent.function_names(fixture).values())
    # kept without a mark (cmd/link/internal/ld/deadcode.go sets runtime.mapinitnoop reachable directly when
    # it drops a map's init function; go:buildid is the build ID the wasm linker writes as a function)
    unmarked = {"runtime.mapinitnoop", "go_buildid"}
    assert len(names) > 1000 and names - marked == unmarked
