"""size --strip predicts a real relink with -s / -s -w to within 8 bytes (README says so)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import MANIFEST, fixture_path

from gowasm_inspect.analyses.relink import predict_relinks, setting_line
from gowasm_inspect.cli import main
from gowasm_inspect.model.from_binary import analyze

RELINKED = [e for e in MANIFEST if e["stripped"]]
TOLERANCE = 8  # bytes; the largest miss on the fixtures is 6 (-s alone, Go 1.21 wasip1)


def _flags(entry: dict) -> str:
    return next(f for f in entry["flags"] if f.startswith("-ldflags=")).removeprefix("-ldflags=")


@pytest.mark.parametrize("entry", RELINKED, ids=[e["file"] for e in RELINKED])
def test_prediction_is_within_8_bytes_of_the_real_relink(entry):
    plain = analyze(fixture_path(next(e for e in MANIFEST if e["file"] == entry["unstripped_twin"])))
    prediction = {p.flags: p for p in predict_relinks(plain)}[_flags(entry)]
    assert abs(prediction.size - entry["size"]) <= TOLERANCE, (prediction.size, entry["size"])
    assert prediction.saved == plain.size - prediction.size


def test_the_minus_s_alone_fixture_exists():
    assert any(_flags(e) == "-s" for e in RELINKED)


@pytest.mark.parametrize("entry", RELINKED, ids=[e["file"] for e in RELINKED])
def test_settings_lines_are_quoted_as_go_records_them(entry):
    assert setting_line("-ldflags", _flags(entry)) in entry["run_output"]


def test_minus_w_removes_nothing_and_says_so():
    report = analyze(fixture_path(MANIFEST[0]))
    minus_w = {p.flags: p for p in predict_relinks(report)}["-w"]
    assert [c.bytes for c in minus_w.changes if c.section != "data"] == [0]
    assert "never writes" in minus_w.changes[0].reason
    assert minus_w.saved == -len("build\t-ldflags=-w\n")  # only the line Go records grows the data


def test_an_already_stripped_build_saves_nothing():
    report = analyze(fixture_path(next(e for e in RELINKED if _flags(e) == "-s -w")))
    assert {p.flags: p.saved for p in predict_relinks(report)} == {"-s": 0, "-w": 0, "-s -w": 0}


def test_with_trimpath_the_flags_are_not_recorded():
    report = analyze(fixture_path(MANIFEST[0]))
    report.build.settings["-trimpath"] = "true"
    prediction = {p.flags: p for p in predict_relinks(report)}["-s -w"]
    assert prediction.saved == report.section("name").size


def test_size_strip_in_table_and_json():
    path = str(fixture_path(MANIFEST[0]))
    table = CliRunner().invoke(main, ["size", path, "--strip", "--by", "section"]).stdout
    assert "Relinked with -s / -w" in table and "-s -w" in table
    document = json.loads(CliRunner().invoke(main, ["size", path, "--strip", "--format", "json"]).stdout)
    assert [p["flags"] for p in document["strip"]] == ["-s", "-w", "-s -w"]
    assert set(document["strip"][0]) == {"flags", "size", "saved", "changes", "compressed", "compressed_from"}
    plain = json.loads(CliRunner().invoke(main, ["size", path, "--format", "json"]).stdout)
    assert plain["strip"] == []
