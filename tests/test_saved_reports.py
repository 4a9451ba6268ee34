"""Saved reports are input too: hostile values are refused on load, in one line with exit 3, within limits."""

from __future__ import annotations

import json
import time

import pytest
from conftest import NEW_JS, fixture_path, invoke

pytestmark = pytest.mark.usefixtures("shared_cache")


@pytest.fixture(scope="module")
def saved() -> dict:
    return json.loads(invoke("size", fixture_path(NEW_JS), "--format", "json").stdout)


def _write(tmp_path, document: dict):
    path = tmp_path / "saved.json"
    path.write_text(json.dumps(document))
    return path


@pytest.mark.parametrize(("where", "value", "says"), [
    (("size",), 10**4000, "about 4,001 digits"),
    (("sections", 0, "payload_size"), -5, "from 0 to 2^53"),
    (("size",), -1, "from 0 to 2^53"),
    (("functions", 3, "name"), "x" * 70_000, "at most 65,536 characters"),
    (("file",), "y" * 5_000_000, "at most 65,536 characters"),
], ids=["4,000-digit size", "negative section", "negative size", "70,000-character name", "5 MB file name"])
def test_out_of_range_values_are_refused(tmp_path, saved, where, value, says):
    document = json.loads(json.dumps(saved))
    target = document
    for key in where[:-1]:
        target = target[key]
    target[where[-1]] = value
    started = time.perf_counter()
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS))
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert says in line
    assert time.perf_counter() - started < 5


def test_too_many_rows_are_refused_quickly(tmp_path, saved):
    row = {"index": 1, "name": None, "body_size": 1, "size": 2}
    document = dict(saved, functions=[row] * 250_000)
    started = time.perf_counter()
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS))
    assert result.exit_code == 3 and "at most 200,000 rows" in result.stderr
    assert time.perf_counter() - started < 10


def test_a_negative_size_cannot_pass_a_growth_gate(tmp_path, saved):
    document = dict(saved, size=-10**9)
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS), "--fail-over", "1%")
    assert result.exit_code == 3


def test_a_lone_surrogate_in_a_name_is_written_as_an_escape(tmp_path, saved):
    document = json.loads(json.dumps(saved))
    document["functions"][3]["name"] = "bad\ud800name"
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS), "--by", "function", "--format", "json")
    assert result.exit_code == 0
    assert result.stdout.isascii() and "\\ud800" in result.stdout


def test_a_report_of_700000_rows_is_refused_by_its_size(tmp_path, saved):
    document = dict(saved, functions=[saved["functions"][0]] * 700_000)
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS))
    assert result.exit_code == 3 and "sensible size" in result.stderr


def test_a_version_1_report_loads_with_its_two_data_parts_as_regions(tmp_path, saved):
    """v1 split the data section into pclntab and other, at the top level; v2 names every region in the
    data section's row. A v1 baseline still loads, and a diff against a v2 report shows both namings."""
    from gowasm_inspect.model.report import Report

    data_size = next(row["header_size"] + row["payload_size"] for row in saved["sections"] if row["id"] == 11)
    old = json.loads(json.dumps(saved))
    old["schema"] = "gowasm-inspect/report/v1"
    for row in old["sections"]:
        row.pop("regions", None)
    old["data_parts"] = [{"name": "pclntab", "description": "Go function metadata", "size": 400_000},
                         {"name": "other", "description": "everything else", "size": data_size - 400_000}]
    report = Report.from_dict(old)
    assert [(region.name, region.size) for region in report.regions] == [("pclntab", 400_000), ("other", data_size - 400_000)]
    result = invoke("diff", _write(tmp_path, old), fixture_path(NEW_JS), "--format", "json")
    assert result.exit_code == 0, result.output


def test_another_schema_is_refused_naming_the_ones_read(tmp_path, saved):
    document = {**saved, "schema": "gowasm-inspect/report/v9"}
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS))
    assert result.exit_code == 3
    assert "report/v2" in result.stderr and "report/v1" in result.stderr and "report/v9" in result.stderr


@pytest.mark.parametrize("value", [{"pctab": -1}, {"pctab": "many"}, ["pctab"], {f"r{i}": 1 for i in range(2000)}],
                         ids=["negative", "text", "a list", "2,000 regions"])
def test_a_packages_data_must_be_regions_with_sizes(tmp_path, saved, value):
    document = json.loads(json.dumps(saved))
    document["packages"][0]["data"] = value
    result = invoke("diff", _write(tmp_path, document), fixture_path(NEW_JS))
    assert result.exit_code == 3, result.output
    assert "'data' should be an object of at most 1,000 regions" in result.stderr


def test_a_report_crosses_a_pipe_whole_packed_or_pickled():
    """diff reads one side in a child, which sends the report back packed; every optional part is set."""
    import pickle

    from gowasm_inspect.analyses.relink import predict_relinks
    from gowasm_inspect.model.from_binary import analyze
    from gowasm_inspect.model.report import CompressionFacts, Report, SectionShare, SectionShares

    report = analyze(fixture_path(NEW_JS))
    report.strip = predict_relinks(report)
    report.compressed = {"gzip": 1234, "brotli": 999}
    report.compression = {"gzip": CompressionFacts("level 9", "zlib 1.3.1")}
    report.compressed_share = SectionShares("by section", [SectionShare("code", 3000, {"gzip": 800})])
    assert report.strip and report.build.deps is not None and len(report.functions) > 1000
    for again in (Report.unpacked(report.packed()), pickle.loads(pickle.dumps(report))):
        assert again == report and again.to_dict() == report.to_dict()
