"""`gowasm-inspect check`: every kind of limit one byte either side of the truth, and a gate that fails closed.

The truth is measured without gowasm-inspect: file sizes, wabt's sections and bodies, the name section read
by a few lines of test code, and the real compressors.
"""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import independent
import markdown_tables
import pytest
from click.testing import CliRunner
from conftest import (
    MANIFEST,
    NEW_JS,
    NEW_JS_STRIPPED,
    OLD_JS,
    ROOT,
    FakeTerminal,
    code_of,
    code_with_prefix,
    fixture_path,
    output_size,
    zstd_size,
)
from linker_truth import file_bytes_by_region, load_symbol_map

import gowasm_inspect.analyses.compression.engines as engines
from gowasm_inspect.cli import main
from groundtruth import wabt_data_segments

NEW, OLD, STRIPPED = NEW_JS, OLD_JS, NEW_JS_STRIPPED
pytestmark = pytest.mark.usefixtures("shared_cache")
needs_brotli = pytest.mark.skipif(shutil.which("brotli") is None, reason="needs the brotli CLI")


def run_check(tmp_path: Path, budget: str, *args: str):
    path = tmp_path / "budget.yaml"
    path.write_text(budget)
    return CliRunner().invoke(main, ["check", *args, "--budget", str(path)])


def check_json(tmp_path: Path, budget: str, *args: str) -> tuple[int, dict]:
    result = run_check(tmp_path, budget, *args, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def _truth(name: str) -> int:
    """Independently measured values for NEW."""
    path = str(fixture_path(NEW))
    if name == "raw":
        return fixture_path(NEW).stat().st_size
    if name == "gzip":
        return output_size("gzip", "-9", "-n", "-c", path)
    if name == "brotli":
        return output_size("brotli", "-q", "11", "-w", "24", "-c", path)
    if name == "zstd":
        return zstd_size(fixture_path(NEW).read_bytes(), 19)
    if name.startswith("section "):
        return independent.section_sizes(NEW)[name.split()[1]]
    if name == "package fmt":
        return code_of(NEW, "fmt")
    if name == "module example.org/shapes_lib":  # one package
        return code_of(NEW, "example.org/shapes_lib")
    if name == "largest function":
        return max(independent.function_sizes(NEW).values())
    if name == "region framing":  # the data section less its segments' contents, as wabt lists them
        data = independent.section_sizes(NEW)["data"]
        return data - sum(size for _, size in wabt_data_segments(fixture_path(NEW)))
    if name == "region findfunctab":  # the linker's symbol, in the file bytes wabt's segments hold there
        symbol = load_symbol_map(NEW["file"]).named("runtime.findfunctab")
        labels = [(symbol.address, symbol.address + symbol.size, "findfunctab")]
        return file_bytes_by_region(labels, wabt_data_segments(fixture_path(NEW)))["findfunctab"]
    raise KeyError(name)


LIMITS = [
    ("raw", "total: {{raw: {limit}}}"),
    pytest.param("gzip", "total: {{gzip: {limit}}}",
                 marks=pytest.mark.skipif(engines.gnu_gzip() is None, reason="needs GNU gzip")),
    pytest.param("brotli", "total: {{brotli: {limit}}}", marks=[needs_brotli, pytest.mark.slow]),
    pytest.param("zstd", "total: {{zstd: {limit}}}", marks=pytest.mark.slow),
    ("section code", "sections: {{code: {limit}}}"),
    ("section data", "sections: {{data: {limit}}}"),
    ("section name", "sections: {{name: {limit}}}"),
    ("package fmt", 'packages: {{"fmt": {limit}}}'),
    ("module example.org/shapes_lib", 'modules: {{"example.org/shapes_lib": {limit}}}'),
    ("largest function", "functions: {{max: {limit}}}"),
    ("region framing", "regions: {{framing: {limit}}}"),
    ("region findfunctab", "regions: {{findfunctab: {limit}}}"),
]


@pytest.mark.parametrize(("name", "line"), LIMITS)
def test_each_limit_passes_at_the_true_size_and_fails_one_byte_under(tmp_path, name, line):
    actual = _truth(name)
    for limit, status, code in ((actual, "ok", 0), (actual - 1, "FAIL", 1), (actual + 1, "ok", 0)):
        exit_code, document = check_json(tmp_path, f"version: 1\nbudgets:\n  - {line.format(limit=limit)}\n",
                                         str(fixture_path(NEW)))
        [row] = document["results"]
        assert (row["actual"], row["limit"], row["status"], exit_code) == (actual, limit, status, code)
        assert row["headroom"] == limit - actual


def test_a_package_or_module_limit_may_be_its_code_data_or_total(tmp_path):
    """The figures are the ones `size` reports (test_package_data checks them against the linker)."""
    report = json.loads(CliRunner().invoke(main, ["size", str(fixture_path(NEW)), "--format", "json"]).stdout)
    fmt = next(row for row in report["packages"] if row["name"] == "fmt")
    std = next(row for row in report["modules"] if row["path"] == "std")
    assert fmt["size"] == code_of(NEW, "fmt") and fmt["total"] == fmt["size"] + sum(fmt["data"].values())
    budget = ('version: 1\nbudgets:\n  - packages: {"fmt": {code: 1 MiB, data: 1 MiB, total: 1 MiB}}\n'
              f'    modules: {{"std": {{total: {std["total"] - 1}}}}}\n')
    exit_code, document = check_json(tmp_path, budget, str(fixture_path(NEW)))
    found = {(row["kind"], row["name"], row["measure"]): (row["actual"], row["status"]) for row in document["results"]}
    assert found == {("package", "fmt", "code"): (fmt["size"], "ok"),
                     ("package", "fmt", "data"): (fmt["total"] - fmt["size"], "ok"),
                     ("package", "fmt", "total"): (fmt["total"], "ok"), ("module", "std", "total"): (std["total"], "FAIL")}
    assert exit_code == 1
    table = run_check(tmp_path, budget, str(fixture_path(NEW))).stdout
    assert "module std (total)" in table and "package fmt (data)" in table


@pytest.mark.parametrize(("budget", "says"), [
    ('packages: {"fmt": {}}', "give a size, or at least one of code, data, total"),
    ('packages: {"fmt": {cod: 1}}', "did you mean 'code'?"),
    ("regions: {findfunctabs: 1}", "did you mean 'findfunctab'?"),
    ("regions: {framing: 1 MB, funcdata: many}", "region 'funcdata'"),
])
def test_region_and_measure_mistakes_are_named(tmp_path, budget, says):
    result = run_check(tmp_path, f"version: 1\nbudgets:\n  - {budget}\n", str(fixture_path(NEW)))
    assert result.exit_code == 2 and says in result.stderr, result.stderr


def test_package_and_module_patterns_add_up_what_they_match(tmp_path):
    shapes = _truth("module example.org/shapes_lib")
    fmt = _truth("package fmt")
    budget = ("version: 1\nbudgets:\n  - packages: {\"example.org/*\": 0, \"example.org/**\": 0, \"example.*/*\": 0,"
              " \"fmt\": 0, \"**/shapes_lib\": 0, \"example.org\": 0, \"fm*\": 0}\n")
    _, document = check_json(tmp_path, budget, str(fixture_path(NEW)))
    actual = {row["name"]: row["actual"] for row in document["results"]}
    main_code = code_of(NEW, "main") + code_with_prefix(NEW, "add_scaled")  # the main package, by its import path
    assert actual == {"example.org/*": shapes, "example.org/**": shapes, "example.*/*": shapes + main_code, "fmt": fmt,
                      "**/shapes_lib": shapes, "example.org": 0, "fm*": fmt}


def test_the_main_package_is_matched_by_its_import_path_too(tmp_path):
    # main's functions, and the //go:wasmexport wrapper the linker makes for it (named by its export name)
    main_code = code_of(NEW, "main") + code_with_prefix(NEW, "add_scaled")
    budget = ('version: 1\nbudgets:\n  - packages: {"main": 0, "example.com/size_demo": 0, '
              '"example.com/**": 0, "example.com/size_demo/*": 0}\n')
    _, document = check_json(tmp_path, budget, str(fixture_path(NEW)))
    actual = {row["name"]: row["actual"] for row in document["results"]}
    assert actual == {"main": main_code, "example.com/size_demo": main_code, "example.com/**": main_code,
                      "example.com/size_demo/*": 0}
    assert "main (example.com/size_demo)" in document["results"][0]["detail"]


def test_name_zero_fails_an_unstripped_build_and_passes_its_stripped_twin(tmp_path):
    budget = "version: 1\nbudgets:\n  - sections: {name: 0}\n"
    assert run_check(tmp_path, budget, str(fixture_path(NEW))).exit_code == 1
    assert run_check(tmp_path, budget, str(fixture_path(STRIPPED))).exit_code == 0


@pytest.mark.parametrize("name", ["raw", pytest.param("brotli", marks=[needs_brotli, pytest.mark.slow])])
def test_growth_in_bytes_and_percent_against_a_baseline(tmp_path, name):
    old = fixture_path(OLD).stat().st_size if name == "raw" else output_size(
        "brotli", "-q", "11", "-w", "24", "-c", str(fixture_path(OLD)))
    grown = _truth(name) - old
    share = Fraction(grown, old) * 100
    below, above = (Fraction(int(share * 10_000) + offset, 10_000) for offset in (0, 1))
    cases = [(f"{grown}", "ok"), (f"{grown - 1}", "FAIL"), (f"{float(above):.4f}%", "ok"),
             (f"{float(below):.4f}%", "FAIL")]
    for limit, status in cases:
        exit_code, document = check_json(tmp_path, f"version: 1\nbudgets:\n  - growth: {{{name}: {limit}}}\n",
                                         str(fixture_path(NEW)), "--baseline", str(fixture_path(OLD)))
        [row] = document["results"]
        assert row["status"] == status, (limit, row)
        assert exit_code == (1 if status == "FAIL" else 0)
        if not limit.endswith("%"):
            assert row["actual"] == grown


def test_growth_without_a_baseline_is_shown_as_skipped_and_does_not_fail(tmp_path):
    exit_code, document = check_json(tmp_path, "version: 1\nbudgets:\n  - growth: {raw: 0}\n",
                                     str(fixture_path(NEW)))
    assert exit_code == 0 and [row["status"] for row in document["results"]] == ["skipped"]
    assert document["checked"] == 0


def test_a_budget_that_checks_nothing_does_not_look_green(tmp_path):
    budget = "version: 1\nbudgets:\n  - growth: {raw: 0, zstd: 1%}\n"
    result = run_check(tmp_path, budget, str(fixture_path(NEW)))
    assert result.exit_code == 0
    assert "no limit was checked" in result.stdout and "all 0 limits met" not in result.stdout
    assert "warning: nothing was checked" in result.stderr
    required = run_check(tmp_path, budget, str(fixture_path(NEW)), "--require-baseline")
    assert required.exit_code == 1 and "2 of 2 limits exceeded" in required.stdout
    assert "--require-baseline" in required.stdout


def test_one_limit_is_one_limit(tmp_path):
    result = run_check(tmp_path, "version: 1\nbudgets:\n  - total: {raw: 10 MiB}\n", str(fixture_path(NEW)))
    assert result.exit_code == 0 and "1 limit met" in result.stdout and "all 1 limits" not in result.stdout


def test_a_saved_report_is_as_good_a_baseline_as_the_binary(tmp_path):
    saved = tmp_path / "old.json"
    size = CliRunner().invoke(main, ["size", str(fixture_path(OLD)), "--format", "json", "--compress", "zstd"])
    saved.write_text(size.stdout)
    budget = "version: 1\nbudgets:\n  - growth: {raw: 1%, zstd: 1 KiB}\n"
    from_binary = check_json(tmp_path, budget, str(fixture_path(NEW)), "--baseline", str(fixture_path(OLD)))
    from_report = check_json(tmp_path, budget, str(fixture_path(NEW)), "--baseline", str(saved))
    assert from_binary == from_report
    assert {row["status"] for row in from_report[1]["results"]} == {"FAIL"}

    without_zstd = tmp_path / "plain.json"
    without_zstd.write_text(CliRunner().invoke(main, ["size", str(fixture_path(OLD)), "--format", "json"]).stdout)
    result = run_check(tmp_path, budget, str(fixture_path(NEW)), "--baseline", str(without_zstd))
    assert result.exit_code == 2 and "no zstd size" in result.stderr


def test_warn_at_marks_limits_met_above_that_share(tmp_path):
    actual = _truth("raw")
    for limit, status in ((2 * actual - 1, "warn"), (2 * actual, "ok"), (actual, "warn"), (actual - 1, "FAIL")):
        exit_code, document = check_json(
            tmp_path, f"version: 1\nwarn_at: 50%\nbudgets:\n  - total: {{raw: {limit}}}\n", str(fixture_path(NEW)))
        assert document["results"][0]["status"] == status, limit
        assert exit_code == (1 if status == "FAIL" else 0)
    # an entry's own warn_at wins over the file's
    _, document = check_json(tmp_path, f"version: 1\nwarn_at: 50%\nbudgets:\n  - total: {{raw: {2 * actual - 1}}}\n"
                                       "    warn_at: 100%\n", str(fixture_path(NEW)))
    assert document["results"][0]["status"] == "ok"


def test_failures_come_first_and_every_format_says_the_same(tmp_path):
    actual = _truth("raw")
    budget = (f"version: 1\nwarn_at: 99%\nbudgets:\n  - total: {{raw: {actual}}}\n"
              f"    sections: {{code: 1 GiB, name: 0}}\n")
    _, document = check_json(tmp_path, budget, str(fixture_path(NEW)))
    assert [(row["name"], row["status"]) for row in document["results"]] == [
        ("name", "FAIL"), ("raw", "warn"), ("code", "ok")]
    assert document["passed"] is False and document["counts"] == {"FAIL": 1, "warn": 1, "ok": 1, "skipped": 0}

    markdown = run_check(tmp_path, budget, str(fixture_path(NEW)), "--format", "markdown")
    assert markdown.exit_code == 1
    rows = [line for line in markdown.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) == 4 and "FAIL" in rows[1] and "warn" in rows[2]

    github = run_check(tmp_path, budget, str(fixture_path(NEW)), "--format", "github")
    commands = [line for line in github.stdout.splitlines() if line.startswith("::")]
    assert [line.split(" ", 1)[0] for line in commands] == ["::error", "::warning"]
    assert "line=5" in commands[0] and "file=" in commands[0] and "title=" in commands[0]

    table = run_check(tmp_path, budget, str(fixture_path(NEW)))
    lines = table.stdout.splitlines()
    assert [line.split()[0] for line in lines[3:6]] == ["FAIL", "warn", "ok"]


def test_github_format_appends_the_markdown_to_the_job_summary(tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run_check(tmp_path, "version: 1\nbudgets:\n  - sections: {name: 0}\n", str(fixture_path(NEW)),
                       "--format", "github")
    assert result.exit_code == 1
    text = summary.read_text()
    assert text.startswith("earlier step\n### ") and "| Status |" in text


def test_file_globs_are_relative_to_the_budget_file(tmp_path):
    (tmp_path / "dist").mkdir()
    for entry in (NEW, STRIPPED):
        shutil.copyfile(fixture_path(entry), tmp_path / "dist" / entry["file"])
    budget = "version: 1\nbudgets:\n  - file: \"dist/*.wasm\"\n    sections: {name: 0}\n"
    exit_code, document = check_json(tmp_path, budget)
    assert exit_code == 1
    assert sorted((Path(row["file"]).name, row["status"]) for row in document["results"]) == sorted([
        (NEW["file"], "FAIL"), (STRIPPED["file"], "ok")])


BROKEN_BUDGETS = [  # (what, budget text, line of the error, the text the column points at, message)
    # the document, the list and the entry are three levels: the 30th bracket (column 12 + 29) is the 33rd
    ("nested 1,000 deep", "version: 1\nbudgets:\n  - total: " + "[" * 1_000 + "]" * 1_000 + "\n", 3, 41,
     "nested more than 32 levels"),
    ("4,400-digit integer", "version: 1\nbudgets:\n  - total: {raw: " + "9" * 4_400 + "}\n", 3, "9", "more than 20 digits"),
    ("400-digit warn_at", "version: 1\nwarn_at: " + "9" * 400 + ".5%\nbudgets:\n  - total: {raw: 1}\n", 2, "9",
     "more than 20 digits"),
    ("400-digit growth", "version: 1\nbudgets:\n  - growth: {raw: " + "9" * 400 + ".0%}\n", 3, "9", "more than 20 digits"),
    ("4,000-digit limit", "version: 1\nbudgets:\n  - sections: {code: '" + "1" * 4_000 + " B'}\n", 3, "'",
     "more than 20 digits"),
    ("tagged int", "version: 1\nbudgets:\n  - total: {raw: !!int abc}\n", 3, "!!int", "expected a size"),
    ("tagged version", "version: !!int abc\nbudgets:\n  - total: {raw: 1}\n", 1, "!!int", "unsupported"),
    ("whole file system", "version: 1\nbudgets:\n  - file: \"/**\"\n    total: {raw: 1}\n", 3, '"/**"', "must stay inside"),
    ("parent folder", "version: 1\nbudgets:\n  - file: ../*.wasm\n    total: {raw: 1}\n", 3, "../", "must stay inside"),
    ("NUL", "version: 1\nbudgets:\n  - total: {raw: 1\x00}\n", 3, "\x00", "0x0 is not allowed"),
    ("control character", "version: 1\nbudgets:\n  - total: {raw: 1\x07}\n", 3, "\x07", "0x7 is not allowed"),
    ("version true", "version: true\nbudgets:\n  - total: {raw: 1}\n", 1, "true", "unsupported"),
    ("version 1.0", "version: 1.0\nbudgets:\n  - total: {raw: 1}\n", 1, "1.0", "unsupported"),
    ("Arabic digits", "version: 1\nbudgets:\n  - total: {raw: \u0661\u0662\u0663}\n", 3, "\u0661", "expected a size"),
    ("exponent", "version: 1\nbudgets:\n  - total: {raw: 1.0e+3}\n", 3, "1.0e+3", "expected a size"),
    ("syntax error", "version: 1\nbudgets:\n  - total: {raw: 1 MiB\n", 4, None, "not valid YAML"),
    ("wrong type", "version: 1\nbudgets:\n  - total: [1, 2]\n", 3, "[", "must be a mapping"),
    ("unknown key", "version: 1\nbudgets:\n  - totl: {raw: 1}\n", 3, "totl", "did you mean 'total'"),
    ("unknown top key", "version: 1\nbudget:\n  - total: {raw: 1}\n", 2, "budget", "did you mean 'budgets'"),
    ("unknown unit", "version: 1\nbudgets:\n  - total: {raw: 3 MEGA}\n", 3, "3 MEGA", "unknown unit 'MEGA'"),
    ("lower-case unit", "version: 1\nbudgets:\n  - total: {raw: 3 mb}\n", 3, "3 mb", "case-sensitive"),
    ("negative", "version: 1\nbudgets:\n  - total: {raw: -5}\n", 3, "-5", "cannot be negative"),
    ("missing version", "budgets:\n  - total: {raw: 1}\n", 1, None, "missing `version: 1`"),
    ("wrong version", "version: 2\nbudgets:\n  - total: {raw: 1}\n", 1, "2", "unsupported budget file version 2"),
    ("percentage for bytes", "version: 1\nbudgets:\n  - sections: {code: 5%}\n", 3, "5%", "not a percentage"),
    ("no such section", "version: 1\nbudgets:\n  - sections: {cod: 1}\n", 3, "cod", "did you mean 'code'"),
    ("duplicate key", "version: 1\nbudgets:\n  - total: {raw: 1, raw: 2}\n", 3, "raw: 2", "given twice"),
    ("glob matching nothing", "version: 1\nbudgets:\n  - file: \"dist/*.wasm\"\n    total: {raw: 1}\n", 3,
     "\"dist", "matches no file"),
    ("empty file", "", 1, None, "empty"),
    ("empty budgets", "version: 1\nbudgets: []\n", 2, "[]", "non-empty list"),
    ("entry without limits", "version: 1\nbudgets:\n  - warn_at: 90%\n", 3, "warn_at", "sets no limits"),
    ("warn_at out of range", "version: 1\nwarn_at: 150%\nbudgets:\n  - total: {raw: 1}\n", 2, "150%",
     "at most 100%"),
    ("warn_at in bytes", "version: 1\nwarn_at: 90 KiB\nbudgets:\n  - total: {raw: 1}\n", 2, "90", "percentage"),
    ("boolean", "version: 1\nbudgets:\n  - total: {raw: yes}\n", 3, "yes", "found 'yes'"),
    ("fractional bytes", "version: 1\nbudgets:\n  - total: {raw: 10.5}\n", 3, "10.5", "whole"),
    ("bad pattern", "version: 1\nbudgets:\n  - packages: {\"a//b\": 1}\n", 3, "\"a//b", "not a path pattern"),
    ("text for a size", "version: 1\nbudgets:\n  - growth: {raw: lots}\n", 3, "lots", "expected a size"),
]


@pytest.mark.parametrize(("text", "line", "at", "message"), [case[1:] for case in BROKEN_BUDGETS],
                         ids=[case[0] for case in BROKEN_BUDGETS])
def test_broken_budget_files_exit_2_with_line_and_column(tmp_path, text, line, at, message):
    lines = text.splitlines()
    column = at if isinstance(at, int) else lines[line - 1].index(at) + 1 if at else 1
    result = run_check(tmp_path, text, str(fixture_path(NEW)))
    assert result.exit_code == 2, result.output
    [error] = result.stderr.splitlines()
    assert f"budget.yaml:{line}:{column}: " in error, error
    assert message in error, error
    assert "Traceback" not in result.output


def test_a_budget_multiplied_by_aliases_is_refused_quickly(tmp_path):
    many = ", ".join(f'"p{n}": 1' for n in range(200))
    entries = "\n".join("  - packages: *many" for _ in range(100))
    result = run_check(tmp_path, f"version: 1\nx: &many {{{many}}}\nbudgets:\n{entries}\n", str(fixture_path(NEW)))
    assert result.exit_code == 2  # the unknown key 'x' is reported first
    result = run_check(tmp_path, f"version: 1\nbudgets:\n  - packages: &many {{{many}}}\n{entries}\n",
                       str(fixture_path(NEW)))
    assert result.exit_code == 2 and "more than 1,000 limits" in result.stderr


def test_a_budget_that_is_not_utf8_or_missing_is_exit_2(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_bytes(b"version: 1\nbudgets:\n  - total: {raw: \xff}\n")
    result = CliRunner().invoke(main, ["check", str(fixture_path(NEW)), "--budget", str(path)])
    assert result.exit_code == 2 and "budget.yaml:3:18: not UTF-8" in result.stderr
    result = CliRunner().invoke(main, ["check", str(fixture_path(NEW)), "--budget", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2 and "cannot read the budget file" in result.stderr


def test_unreadable_or_missing_builds_never_pass(tmp_path):
    budget = "version: 1\nbudgets:\n  - total: {raw: 1 GiB}\n"
    truncated = tmp_path / "truncated.wasm"
    truncated.write_bytes(fixture_path(NEW).read_bytes()[:100_000])
    for path, expected in ((truncated, "byte "), (tmp_path / "missing.wasm", "no such file")):
        result = run_check(tmp_path, budget, str(fixture_path(STRIPPED)), str(path))
        assert result.exit_code == 3
        [error] = result.stderr.splitlines()
        assert str(path) in error and expected in error
    assert run_check(tmp_path, budget, str(fixture_path(STRIPPED))).exit_code == 0


def test_an_entry_without_file_needs_files_on_the_command_line(tmp_path):
    result = run_check(tmp_path, "version: 1\nbudgets:\n  - total: {raw: 1 GiB}\n")
    assert result.exit_code == 2 and "budget.yaml:3" in result.stderr


def test_files_no_entry_would_check_are_refused_rather_than_ignored(tmp_path):
    shutil.copyfile(fixture_path(STRIPPED), tmp_path / "main.wasm")
    result = run_check(tmp_path, "version: 1\nbudgets:\n  - file: main.wasm\n    total: {raw: 1 GiB}\n",
                       str(fixture_path(NEW)))
    assert result.exit_code == 2 and "would be ignored" in result.stderr


def test_hostile_names_are_inert_in_every_format(tmp_path):
    hostile = independent.hostile_names_on_the_largest(NEW)
    path = tmp_path / "hostile.wasm"
    path.write_bytes(independent.with_function_names(NEW, hostile))
    budget = 'version: 1\nbudgets:\n  - packages: {"**": 1}\n    functions: {max: 1}\n'
    failures = 2

    github = run_check(tmp_path, budget, str(path), "--format", "github")
    assert github.exit_code == 1
    lines = github.stdout.splitlines()
    assert sum(line.startswith("::") for line in lines) == failures  # no command smuggled in by a name
    assert all(line.startswith(("::error ", "gowasm-inspect: ")) for line in lines)
    assert "\r" not in github.stdout and "pwned" in github.stdout

    markdown = run_check(tmp_path, budget, str(path), "--format", "markdown").stdout
    rows = [line for line in markdown.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + failures
    for row in rows:  # every row has exactly the header's columns: no pipe in a name splits a cell
        assert len(markdown_tables.cells(row)) == len(markdown_tables.cells(rows[0]))
    assert "<b>" not in markdown and "@someone" not in markdown and "`tick`" not in markdown

    table = run_check(tmp_path, budget, str(path)).stdout
    assert "[red]styled[/red]" in table or "[red]styled" in table
    assert "\x1b" not in table and "\r" not in table and "\u202e" not in table

    document = json.loads(run_check(tmp_path, budget, str(path), "--format", "json").stdout)
    largest = next(row for row in document["results"] if row["kind"] == "function")
    assert largest["detail"] == f"largest: {hostile[min(hostile, key=lambda i: -independent.function_sizes(NEW)[i])]}"


@pytest.mark.slow  # the example budget limits brotli and zstd sizes
def test_the_example_budget_file_is_valid_and_checks_the_fixtures():
    import jsonschema
    import yaml

    example = ROOT / "budgets.example.yaml"
    schema = json.loads((ROOT / "gowasm_inspect" / "analyses" / "budget" / "budget.schema.json").read_text())
    jsonschema.validate(yaml.safe_load(example.read_text()), schema)
    result = CliRunner().invoke(main, ["check", str(fixture_path(NEW)), "--budget", str(example), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["passed"] is True


def test_the_schema_knows_exactly_the_keys_the_reader_accepts():
    from gowasm_inspect.analyses.budget import budget_file

    schema = json.loads((ROOT / "gowasm_inspect" / "analyses" / "budget" / "budget.schema.json").read_text())
    entry = schema["$defs"]["entry"]["properties"]
    assert set(schema["properties"]) == set(budget_file.TOP_KEYS)
    assert tuple(entry) == budget_file.ENTRY_KEYS
    assert tuple(entry["total"]["properties"]) == tuple(entry["growth"]["properties"]) == budget_file.TOTALS
    assert tuple(entry["sections"]["properties"]) == budget_file.SECTIONS
    assert tuple(entry["regions"]["properties"]) == budget_file.REGIONS
    assert tuple(schema["$defs"]["package_limit"]["oneOf"][1]["properties"]) == budget_file.MEASURES
    assert tuple(entry["functions"]["properties"]) == budget_file.FUNCTION_KEYS


def test_the_schema_is_shipped_in_the_package():
    from importlib.resources import files

    assert json.loads(files("gowasm_inspect.analyses.budget").joinpath("budget.schema.json").read_text())["title"]


def test_hostile_names_on_a_terminal_are_shown_not_obeyed(tmp_path, monkeypatch):
    from gowasm_inspect.analyses.budget.budget_file import load_budget
    from gowasm_inspect.analyses.budget.evaluate import evaluate
    from gowasm_inspect.model.from_binary import analyze
    from gowasm_inspect.render.check import render_check_table
    from gowasm_inspect.render.console import make_console

    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "400")  # one line per row, so that names can be looked for whole
    monkeypatch.delenv("NO_COLOR", raising=False)
    path = tmp_path / "hostile.wasm"
    path.write_bytes(independent.with_function_names(NEW, independent.hostile_names_on_the_largest(NEW)))
    budget_path = tmp_path / "budget.yaml"
    budget_path.write_text('version: 1\nbudgets:\n  - packages: {"**": 1}\n    functions: {max: 1}\n')
    budget = load_budget(budget_path)
    result = evaluate(budget, {str(path): analyze(path)}, {0: [str(path)]}, {})
    stream = FakeTerminal()
    render_check_table(result, make_console(stream))
    text = stream.getvalue()
    assert "\x1b[" in text  # styled: it is a terminal
    assert "\x1b[31m" not in text  # the name's escape sequence (own styles are bold: 1;31)
    assert "line\\nbreak\\rreturn" in text  # a guessed package name, among those measured
    assert "[red]styled[/red]" in text  # markup shown as text, not applied


def test_budgets_match_packages_under_a_go_domain(tmp_path):
    gomain = next(entry for entry in MANIFEST if entry["program"] == "gomain")
    zaplike = code_of(gomain, "go.example.org/zaplike")
    assert zaplike > 0
    budget = 'version: 1\nbudgets:\n  - packages: {"go.example.org/**": 0}\n    modules: {"go.example.org/zaplike": 0}\n'
    _, document = check_json(tmp_path, budget, str(fixture_path(gomain)))
    assert {row["kind"]: row["actual"] for row in document["results"]} == {"package": zaplike, "module": zaplike}
