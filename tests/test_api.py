"""The Python API: the figures scripts rely on, checked against independent measures, and README's example run."""

from __future__ import annotations

import contextlib
import io
import json
import re
import shutil

import independent
import pytest
from conftest import BY_FILE, NEW_JS, NEW_JS_STRIPPED, OLD_JS, ROOT, code_of, fixture_path, invoke, output_size

import gowasm_inspect

pytestmark = pytest.mark.usefixtures("shared_cache")
BASE, WITH_XML = BY_FILE["demo-go1.27.3-wasip1.wasm"], BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]


def test_analyze_measures_the_file_and_its_packages():
    report = gowasm_inspect.analyze(fixture_path(NEW_JS))
    assert report.size == fixture_path(NEW_JS).stat().st_size
    sizes = {package.name: package.size for package in report.packages}
    assert sizes["fmt"] == code_of(NEW_JS, "fmt")
    assert sizes["example.org/shapes_lib"] == code_of(NEW_JS, "example.org/shapes_lib")


def test_analyze_with_compression_and_relinks():
    report = gowasm_inspect.analyze(fixture_path(NEW_JS), compress=["gzip"], strip=True)
    if shutil.which("gzip"):
        assert report.compressed["gzip"] == output_size("gzip", "-9", "-n", "-c", str(fixture_path(NEW_JS)))
    minus_s_w = next(prediction for prediction in report.strip if prediction.flags == "-s -w")
    assert abs(minus_s_w.size - NEW_JS_STRIPPED["size"]) <= 8


def test_a_saved_report_loads_back_equal(tmp_path):
    saved = tmp_path / "saved.json"
    saved.write_text(invoke("size", fixture_path(OLD_JS), "--format", "json").stdout)
    assert gowasm_inspect.load_report(saved) == gowasm_inspect.analyze(fixture_path(OLD_JS))
    assert gowasm_inspect.Report.from_dict(json.loads(saved.read_text())).to_dict() == json.loads(saved.read_text())


def test_diff_names_the_packages_one_import_adds():
    change = gowasm_inspect.diff(fixture_path(BASE), gowasm_inspect.analyze(fixture_path(WITH_XML)))
    assert change.total.delta == WITH_XML["size"] - BASE["size"]
    added = {row.name: row.new for row in change.packages if row.status == "added"}
    assert added["encoding/xml"] == code_of(WITH_XML, "encoding/xml")


def test_check_passes_and_fails_like_the_gate(tmp_path):
    budget = tmp_path / "budget.yaml"
    budget.write_text(f"version: 1\nbudgets:\n  - sections: {{name: 0}}\n    total: {{raw: {NEW_JS['size']}}}\n")
    result = gowasm_inspect.check(budget, [fixture_path(NEW_JS)])
    assert not result.passed
    assert {row.spec.kind: row.status for row in result.rows} == {"section": "FAIL", "total": "ok"}
    assert gowasm_inspect.check(budget, [fixture_path(NEW_JS_STRIPPED)]).passed


def test_unreadable_input_raises_input_error(tmp_path):
    with pytest.raises(gowasm_inspect.InputError, match="no such file"):
        gowasm_inspect.analyze(tmp_path / "missing.wasm")
    (tmp_path / "cut.wasm").write_bytes(fixture_path(NEW_JS).read_bytes()[:100])
    with pytest.raises(gowasm_inspect.WasmFormatError):
        gowasm_inspect.load_report(tmp_path / "cut.wasm")


def test_the_readme_example_runs(tmp_path, monkeypatch):
    example = re.search(r"## Python API.*?```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)[1]
    shutil.copyfile(fixture_path(NEW_JS), tmp_path / "main.wasm")
    (tmp_path / "base.json").write_text(invoke("size", fixture_path(OLD_JS), "--format", "json").stdout)
    (tmp_path / "budgets.yaml").write_text("version: 1\nbudgets:\n  - sections: {name: 0}\n")
    monkeypatch.chdir(tmp_path)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, "README.md", "exec"), {})
    lines = printed.getvalue().splitlines()
    assert lines[0].split() == ["runtime", "std", str(gowasm_inspect.analyze("main.wasm").packages[0].size)]
    name_section = independent.section_sizes(NEW_JS)["name"]
    assert lines[-1] == f"False [('section name', {name_section}, 'FAIL')]"
