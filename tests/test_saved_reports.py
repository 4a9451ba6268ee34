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
