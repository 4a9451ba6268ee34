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
