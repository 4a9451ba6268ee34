"""`gowasm-inspect size` as users see it: table, JSON, pipes, colour, hostile names."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys

import groundtruth_facts
import independent
import pytest
from conftest import BY_FILE, MANIFEST, NEW_JS, FakeTerminal, fixture_path, invoke

from gowasm_inspect.model.report import Report
from gowasm_inspect.render.console import make_console
from gowasm_inspect.render.size_tables import render_table

UNSTRIPPED = NEW_JS


def test_json_report_shape_and_values(fixture):
    result = invoke("size", str(fixture["path"]), "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert list(report) == ["schema", "file", "size", "sha256", "sections", "functions", "imports", "exports",
                            "warnings", "packages", "modules", "attribution", "build", "strip", "compressed",
                            "compression",
                            "compressed_share", "retained"]
    assert report["schema"] == "gowasm-inspect/report/v2"
    data_rows = [row for row in report["sections"] if row["id"] == 11]
    assert sum(region["size"] for region in data_rows[0]["regions"]) == data_rows[0]["header_size"] + data_rows[0]["payload_size"]
    assert all("regions" not in row for row in report["sections"] if row["id"] != 11)
    assert report["size"] == fixture["path"].stat().st_size
    assert report["sha256"] == hashlib.sha256(fixture["path"].read_bytes()).hexdigest()
    # the reflectcall builds link a reflective lookup (tests/test_reflection.py checks the warning)
    assert [w for w in report["warnings"] if not w.startswith("reflection: ")] == []
    assert bool(report["warnings"]) == (fixture["program"] == "reflectcall")
    wabt = groundtruth_facts.sections(fixture)
    assert [(s["offset"] + s["header_size"], s["payload_size"]) for s in report["sections"]] == [
        (w["payload_offset"], w["payload_size"]) for w in wabt]
    assert [s["name"] for s in report["sections"]] == [w["name"] or w["kind"] for w in wabt]
    for function in report["functions"]:
        assert set(function) == {"index", "name", "body_size", "size", "name_source", "package", "module", "kind", "data"}
        assert function["size"] > function["body_size"]
    assert len(report["functions"]) == len(groundtruth_facts.body_sizes(fixture))
    imports = report["imports"]
    first_defined = min(f["index"] for f in report["functions"])
    assert sum(1 for i in imports if i["kind"] == "func") == first_defined
    expected_module = "gojs" if fixture["goos"] == "js" else "wasi_snapshot_preview1"
    assert {i["module"] for i in imports} == {expected_module}
    exported = {e["name"] for e in report["exports"]}
    assert ("_start" in exported) == (fixture["goos"] == "wasip1")
    # the demo's //go:wasmexport function, from Go 1.24
    assert ("add_scaled" in exported) == (fixture["go"] >= "1.24" and fixture["program"] == "demo")


def test_json_report_loads_back_into_the_model(fixture):
    result = invoke("size", str(fixture["path"]), "--format", "json")
    document = json.loads(result.stdout)
    report = Report.from_dict(document)
    assert report.to_dict() == document


def test_several_files_give_an_array_in_order():
    paths = [str(fixture_path(e)) for e in MANIFEST[:3]]
    result = invoke("size", *paths, "--format", "json")
    assert result.exit_code == 0
    assert [r["file"] for r in json.loads(result.stdout)] == paths


def test_one_unreadable_file_among_several_still_reports_the_others_and_exits_3(tmp_path):
    good = str(fixture_path(MANIFEST[0]))
    result = invoke("size", good, str(tmp_path / "missing.wasm"), "--format", "json")
    assert result.exit_code == 3
    assert [r["file"] for r in json.loads(result.stdout)] == [good]
    assert result.stderr.count("\n") == 1


def test_table_lists_every_section_and_the_largest_functions():
    path = fixture_path(UNSTRIPPED)
    result = invoke("size", str(path), "--top", "5", "--by", "section", "--by", "function")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    for section in groundtruth_facts.sections({**UNSTRIPPED, "path": path}):
        name = section["name"] or section["kind"]
        size = section["payload_size"] + 6  # Go writes 1 id byte and a 5-byte size
        assert any(line.split()[0] == name and f"{size:,}" in line.split() for line in lines), name
    total = next(line for line in lines if line.startswith("total"))
    assert f"{UNSTRIPPED['size']:,}" in total.split()
    # the five largest bodies, by wabt's sizes (plus each one's length prefix)
    sizes = groundtruth_facts.body_sizes({**UNSTRIPPED, "path": path})
    largest = sorted(sizes.items(), key=lambda item: (-item[1], item[0]))[:5]
    start = lines.index(next(line for line in lines if line.startswith("Largest functions (5 of")))
    rows = [line.split() for line in lines[start + 3 : start + 8]]
    assert [int(row[0]) for row in rows] == [index for index, _ in largest]


def test_top_zero_hides_functions():
    result = invoke("size", str(fixture_path(UNSTRIPPED)), "--top", "0")
    assert "Largest functions" not in result.stdout


def test_stripped_build_still_shows_exact_go_names():
    stripped = next(e for e in MANIFEST if e["stripped"])
    result = invoke("size", str(fixture_path(stripped)), "--by", "function")
    assert "fmt.(*pp).printValue" in result.stdout  # the name section would say fmt.__pp_.printValue
    assert "func[" not in result.stdout


def test_piped_output_is_plain_ascii_without_trailing_spaces():
    result = subprocess.run([sys.executable, "-m", "gowasm_inspect", "size", str(fixture_path(UNSTRIPPED))],
                            capture_output=True, text=True, check=True)
    assert "\x1b" not in result.stdout
    assert result.stdout.isascii()
    assert all(line == line.rstrip() for line in result.stdout.splitlines())


def _render_on_terminal(report: Report, views: tuple[str, ...] = ("section", "function")) -> str:
    stream = FakeTerminal()
    render_table([report], list(views), 10, make_console(stream))
    return stream.getvalue()


def _report_with_a_warning() -> Report:
    report = Report.from_dict(json.loads(invoke("size", str(fixture_path(UNSTRIPPED)), "--format", "json").stdout))
    report.warnings.append("a warning shown in yellow")
    return report


def test_terminal_output_is_coloured_unless_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert "\x1b[33m" in _render_on_terminal(_report_with_a_warning())
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[33m" not in _render_on_terminal(_report_with_a_warning())


def test_hostile_names_are_inert_in_every_format(tmp_path):
    hostile = independent.hostile_names_on_the_largest(UNSTRIPPED)
    path = tmp_path / "hostile.wasm"
    path.write_bytes(independent.with_function_names(UNSTRIPPED, hostile))
    document = json.loads(invoke("size", str(path), "--format", "json").stdout)
    named = {f["index"]: f["name"] for f in document["functions"] if f["name"] is not None}
    assert named == hostile  # JSON carries them exactly

    report = Report.from_dict(document)
    for text in (_render_on_terminal(report, ["section", "package", "function"]),
                 _render_piped(report, ["section", "package", "function"])):
        assert "\x1b[31m" not in text and "\u202e" not in text and "\r" not in text
        assert "[red]styled[/red].F" in text and "[red]styled[/red] " in text  # function, and guessed package
        assert "\\x1b[31mescape" in text and "line\\nbreak\\rreturn" in text and "bidi\\u202eevil" in text
        assert "\n::" not in text  # a name cannot start a line of its own


def _render_piped(report: Report, views: list[str]) -> str:
    stream = io.StringIO()
    console = make_console(stream)
    render_table([report], views, 10, console)
    console.file.flush()
    return stream.getvalue()


def test_python_dash_m_and_help():
    result = subprocess.run([sys.executable, "-m", "gowasm_inspect", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "Exit codes" in result.stdout and "size" in result.stdout
    size_help = invoke("size", "--help").stdout
    for text in ("--format", "--top", "Exit codes", "not valid WebAssembly"):
        assert text in size_help


def test_closed_pipe_ends_quietly():
    proc = subprocess.run(
        f"{sys.executable} -m gowasm_inspect size {fixture_path(UNSTRIPPED)} --top 1000 | head -n 1",
        shell=True, capture_output=True, text=True,
    )
    assert proc.stdout.startswith(str(fixture_path(UNSTRIPPED)))
    assert "Traceback" not in proc.stderr and "Error" not in proc.stderr


@pytest.mark.parametrize("args", [["size"], ["size", "--top", "-1", "x.wasm"], ["size", "--format", "xml", "x"],
                                  ["nonsense"]])
def test_usage_errors_exit_2(args):
    assert invoke(*args).exit_code == 2


def test_small_things_a_new_user_trips_on(tmp_path):
    path = str(fixture_path(NEW_JS))
    twice = invoke("size", path, "--by", "section", "--by", "section")
    assert twice.stdout.count("Sections") == 1
    functions = invoke("size", path, "--by", "function", "--top", "5000")
    count = len(independent.function_sizes(NEW_JS))
    assert f"Largest functions ({count:,} of {count:,})" in functions.stdout
    relinked = invoke("size", path, "--strip", "--by", "section")
    assert "-0.0%" not in relinked.stdout
    info = invoke("info", str(fixture_path(BY_FILE["demo-go1.27.3-wasip1.wasm"])))
    assert "wasip1/wasm (command)" in info.stdout
    (tmp_path / "hello.wasm").write_bytes(b"hello, world")
    magic = invoke("size", tmp_path / "hello.wasm")
    assert "found 68 65 6c 6c" in magic.stderr and "b'hell'" not in magic.stderr
    both = invoke("strip", path, "--in-place", "-o", tmp_path / "y.wasm")
    assert both.exit_code == 2 and "not both" in both.stderr


def test_a_binary_not_built_by_go_is_not_told_about_gos_linker(tmp_path):
    module = tmp_path / "plain.wasm"
    module.write_bytes(b"\0asm\x01\0\0\0" + b"\x00\x07\x04name\x00\x00")  # a name section, nothing else
    document = json.loads(invoke("size", module, "--strip", "--format", "json").stdout)
    [prediction] = document["strip"]  # no -s, -w: the custom sections stripped, as wasm-strip does
    assert prediction["flags"] == "strip --all-custom" and prediction["saved"] == 9  # id, size, 7-byte payload
    reasons = " ".join(change["reason"] for change in prediction["changes"])
    assert "Go" not in reasons and "relink" not in reasons


def test_check_of_a_missing_file_shows_no_empty_table(tmp_path):
    budget = tmp_path / "budget.yaml"
    budget.write_text("version: 1\nbudgets:\n  - total: {raw: 1}\n")
    result = invoke("check", tmp_path / "missing.wasm", "--budget", budget)
    assert result.exit_code == 3 and result.stdout == ""


def _on_an_80_column_terminal(monkeypatch, render) -> list[str]:
    import re

    from gowasm_inspect.render.console import make_console

    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = FakeTerminal()
    render(make_console(stream))
    return re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue()).splitlines()


def _size_tables(console) -> None:
    from gowasm_inspect.model.from_binary import analyze

    render_table([analyze(fixture_path(NEW_JS))], ["section", "region", "function", "package", "module"], 30, console)


def _diff_tables(console) -> None:
    from gowasm_inspect.analyses.diff import diff_reports
    from gowasm_inspect.model.from_binary import analyze
    from gowasm_inspect.render.diff_table import render_diff_table

    old, new = (analyze(fixture_path(BY_FILE[name])) for name in ("demo-go1.27.3-wasip1.wasm",
                                                                 "demo-go1.27.3-wasip1-xml.wasm"))
    render_diff_table(diff_reports(old, new), ["regions", "functions", "packages", "package_data"], 15, False, console)


@pytest.mark.parametrize("render", [_size_tables, _diff_tables], ids=["size", "diff"])
def test_tables_fit_80_columns_one_row_a_line(monkeypatch, render):
    lines = _on_an_80_column_terminal(monkeypatch, render)
    assert max(len(line) for line in lines) <= 80
    # a name folded onto a second line would leave a row of a table without a single figure
    rows, in_table = [], False
    for line in lines:
        if line.strip() and set(line.strip()) <= {"━", "─"}:
            in_table = True
        elif not line.strip():
            in_table = False
        elif in_table:
            rows.append(line)
    assert len(rows) > 20
    assert all(any(char.isdigit() for char in line) for line in rows), [r for r in rows if not any(
        c.isdigit() for c in r)][:3]


@pytest.mark.parametrize("rows", [
    [{"name": 'a}, {"index": 1'}, {"name": "b"}],  # the boundary inside a name
    [{"data": [{"x": 1}, {"y": 2}]}, {"z": 3}],  # a list of objects inside a row
    [{"data": [{"x": 1}, {"y": 2}]}, {}],  # and an empty row: the count alone would be fooled
    [{"a": 1}, "text", {"b": {"c": 2}}, [1, 2], None],
    [{"only": "one"}],
], ids=["boundary-in-a-name", "list-of-objects", "empty-row", "mixed", "one-row"])
def test_json_rows_are_laid_out_one_per_line_whatever_they_hold(rows):
    from gowasm_inspect.render.size import _rows

    laid_out = _rows(rows, "    ")
    assert laid_out == ",\n    ".join(json.dumps(row) for row in rows)
    assert json.loads("[" + laid_out + "]") == rows
