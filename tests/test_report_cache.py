"""Whole reports served from the cache on a repeated compressed run: same output, no parse."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import MANIFEST, NEW_JS, fixture_path

import gowasm_inspect.files.cache as report_cache
import gowasm_inspect.model.from_binary as from_binary
from gowasm_inspect.cli import main
from gowasm_inspect.files.cache import ReportCache
from gowasm_inspect.model.from_binary import analyze

UNSTRIPPED = NEW_JS


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "gowasm-inspect" / "reports"


def _size(*args: str):
    result = CliRunner().invoke(main, ["size", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _refuse_to_parse(monkeypatch):
    def refuse(path):
        raise AssertionError(f"parsed {path} again despite the cache")

    monkeypatch.setattr(from_binary, "analyze", refuse)


@pytest.mark.parametrize("output_format", ["json", "table"])
def test_a_repeated_compressed_run_is_served_whole_from_the_cache(cache_home, monkeypatch, output_format):
    path = str(fixture_path(UNSTRIPPED))
    args = [path, "--compress", "zstd", "--zstd-level", "1", "--strip", "--by", "function", "--format", output_format]
    first = _size(*args)
    assert len(list(cache_home.glob("*.json"))) == 1
    fresh = _size(*args, "--no-cache")
    _refuse_to_parse(monkeypatch)
    assert _size(*args) == first == fresh


def test_plain_runs_and_no_cache_neither_read_nor_write_reports(cache_home):
    path = str(fixture_path(UNSTRIPPED))
    _size(path, "--format", "json")
    _size(path, "--format", "json", "--compress", "zstd", "--zstd-level", "1", "--no-cache")
    assert not cache_home.exists()


def test_the_same_bytes_under_another_name_are_reported_under_that_name(cache_home, monkeypatch, tmp_path):
    original = fixture_path(UNSTRIPPED)
    _size(str(original), "--compress", "zstd", "--zstd-level", "1", "--format", "json")
    copy = tmp_path / "renamed.wasm"
    shutil.copyfile(original, copy)
    _refuse_to_parse(monkeypatch)
    document = json.loads(_size(str(copy), "--compress", "zstd", "--zstd-level", "1", "--format", "json"))
    assert document["file"] == str(copy)


def test_changed_bytes_or_changed_code_miss_the_cache(cache_home, monkeypatch, tmp_path):
    original = fixture_path(UNSTRIPPED)
    ReportCache(cache_home, analyze).analyze(original)
    changed = tmp_path / "changed.wasm"
    changed.write_bytes(original.read_bytes() + b"\x00\x03\x02\x01x")  # one more (empty) custom section
    parsed = []

    def counting(path):
        parsed.append(path)
        return analyze(path)

    assert ReportCache(cache_home, counting).analyze(changed).size == original.stat().st_size + 5
    monkeypatch.setattr(report_cache, "code_fingerprint", lambda: "another-version")
    ReportCache(cache_home, counting).analyze(original)
    assert parsed == [changed, original]


def test_a_damaged_cache_entry_is_ignored(cache_home):
    original = fixture_path(UNSTRIPPED)
    expected = ReportCache(cache_home, analyze).analyze(original).to_dict()
    for entry in cache_home.glob("*.json"):
        entry.write_text('{"schema": "gowasm-inspect/report/v1", "size": ')
    assert ReportCache(cache_home, analyze).analyze(original).to_dict() == expected


def test_only_the_newest_reports_are_kept(cache_home, monkeypatch, tmp_path):
    monkeypatch.setattr(report_cache, "KEEP_REPORTS", 2)
    data = fixture_path(min(MANIFEST, key=lambda e: e["size"])).read_bytes()
    for number in range(4):
        variant = tmp_path / f"v{number}.wasm"
        variant.write_bytes(data + bytes([0, 2, 1, 0x61 + number]))  # a distinct empty custom section each
        ReportCache(cache_home, analyze).analyze(variant)
    assert len(list(cache_home.glob("*.json"))) == 2
