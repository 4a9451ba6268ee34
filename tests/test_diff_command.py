"""`gowasm-inspect diff`: deltas that add up, packages added and removed with their true code size, saved reports
as good as binaries, and Markdown that stays a table whatever the names."""

from __future__ import annotations

import json
import time

import independent
import markdown_tables
import pytest
from click.testing import CliRunner
from conftest import BY_FILE, code_of, fixture_path, invoke

from gowasm_inspect.analyses.diff import CODE_FRAMING, closure_group, diff_reports
from gowasm_inspect.cli import main
from gowasm_inspect.model.report import FunctionEntry, GoModuleEntry, Report, SectionEntry

BASE = BY_FILE["demo-go1.27.3-wasip1.wasm"]
WITH_XML = BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]
PAIRS = [(BASE, WITH_XML), (WITH_XML, BASE), (BY_FILE["demo-go1.21.13-js.wasm"], BY_FILE["demo-go1.27.3-js.wasm"]),
         (BY_FILE["demo-go1.27.3-js.wasm"], BY_FILE["demo-go1.27.3-js-sw.wasm"])]


pytestmark = pytest.mark.usefixtures("shared_cache")


def run_diff(*args: str):
    return CliRunner().invoke(main, ["diff", *map(str, args)])


def diff_json(old, new, *args: str) -> dict:
    result = run_diff(old, new, "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize(("old", "new"), PAIRS, ids=[f"{a['file']}->{b['file']}" for a, b in PAIRS])
def test_deltas_add_up(old, new):
    document = diff_json(fixture_path(old), fixture_path(new), "--all")
    total = fixture_path(new).stat().st_size - fixture_path(old).stat().st_size
    assert document["total"]["delta"] == total
    assert sum(row["delta"] for row in document["sections"]) == total
    code = independent.section_sizes(new)["code"] - independent.section_sizes(old)["code"]
    assert next(row["delta"] for row in document["sections"] if row["name"] == "code") == code
    assert sum(row["delta"] for row in document["packages"]) == code
    assert any(row["name"] == CODE_FRAMING for row in document["packages"])
    assert sum(row["delta"] for row in document["modules"]) == code - _framing_delta(document)
    data = independent.section_sizes(new)["data"] - independent.section_sizes(old)["data"]
    assert sum(row["delta"] for row in document["regions"]) == data
    assert sum(row["delta"] for row in document["package_data"]) == data


def _framing_delta(document: dict) -> int:
    return next(row["delta"] for row in document["packages"] if row["name"] == CODE_FRAMING)


def test_one_more_import_shows_its_packages_added_with_their_code_size():
    new_packages = ({p for p, _ in WITH_XML["go_list_deps"]} - {p for p, _ in BASE["go_list_deps"]})
    assert "encoding/xml" in new_packages
    document = diff_json(fixture_path(BASE), fixture_path(WITH_XML))
    added = {row["name"]: row for row in document["packages"] if row["status"] == "added"}
    assert "encoding/xml" in added and set(added) <= new_packages
    for name, row in added.items():
        assert (row["old"], row["new"], row["delta"]) == (None, code_of(WITH_XML, name), code_of(WITH_XML, name))
        assert row["delta_pct"] is None

    removed = {row["name"]: row for row in diff_json(fixture_path(WITH_XML), fixture_path(BASE))["packages"]
               if row["status"] == "removed"}
    assert set(removed) == set(added)
    assert removed["encoding/xml"]["old"] == code_of(WITH_XML, "encoding/xml")
    assert removed["encoding/xml"]["delta"] == -code_of(WITH_XML, "encoding/xml")


def test_functions_are_matched_by_name_not_index():
    document = diff_json(fixture_path(BASE), fixture_path(WITH_XML), "--all")
    names_old, names_new = independent.function_names(BASE), independent.function_names(WITH_XML)
    sizes_old, sizes_new = independent.function_sizes(BASE), independent.function_sizes(WITH_XML)
    by_name = {row["name"]: row for row in document["functions"]}
    # main.main sits at different indexes in the two builds; matched by name, its row compares like with like
    index_old = next(i for i, n in names_old.items() if n == "main.main")
    index_new = next(i for i, n in names_new.items() if n == "main.main")
    assert index_old != index_new
    assert (by_name["main.main"]["old"], by_name["main.main"]["new"]) == (sizes_old[index_old], sizes_new[index_new])


def test_a_binary_and_its_saved_report_diff_the_same(tmp_path):
    saved = {}
    for entry in (BASE, WITH_XML):
        result = CliRunner().invoke(main, ["size", str(fixture_path(entry)), "--format", "json", "--compress", "zstd"])
        saved[entry["file"]] = tmp_path / f"{entry['file']}.json"
        saved[entry["file"]].write_text(result.stdout)
    args = ("--all", "--compress", "zstd")
    binaries = diff_json(fixture_path(BASE), fixture_path(WITH_XML), *args)
    reports = diff_json(saved[BASE["file"]], saved[WITH_XML["file"]], *args)
    mixed = diff_json(saved[BASE["file"]], fixture_path(WITH_XML), *args)
    assert binaries == reports == mixed
    assert binaries["compressed"]["zstd"]["delta"] > 0
    for output_format in ("table", "markdown"):
        assert (run_diff(fixture_path(BASE), fixture_path(WITH_XML), "--format", output_format, "--by", "function").stdout
                == run_diff(saved[BASE["file"]], saved[WITH_XML["file"]], "--format", output_format,
                            "--by", "function").stdout)


def test_compressed_delta_from_a_report_saved_without_it_is_a_usage_error(tmp_path):
    saved = tmp_path / "base.json"
    saved.write_text(CliRunner().invoke(main, ["size", str(fixture_path(BASE)), "--format", "json"]).stdout)
    result = run_diff(saved, fixture_path(WITH_XML), "--compress", "zstd")
    assert result.exit_code == 2 and "no zstd size" in result.stderr


def test_fail_over_in_bytes_and_percent():
    grown = fixture_path(WITH_XML).stat().st_size - fixture_path(BASE).stat().st_size
    share = 100 * grown / fixture_path(BASE).stat().st_size
    cases = [(str(grown), 0), (str(grown - 1), 1), (f"{share + 0.01:.2f}%", 0), (f"{share - 0.01:.2f}%", 1)]
    for limit, code in cases:
        result = run_diff(fixture_path(BASE), fixture_path(WITH_XML), "--fail-over", limit)
        assert result.exit_code == code, (limit, result.stderr)
        assert ("over --fail-over" in result.stderr) == bool(code)
    assert run_diff(fixture_path(WITH_XML), fixture_path(BASE), "--fail-over", "0").exit_code == 0  # shrinking
    bad = run_diff(fixture_path(BASE), fixture_path(WITH_XML), "--fail-over", "lots")
    assert bad.exit_code == 2 and "--fail-over" in bad.stderr


def test_unreadable_sides_exit_3(tmp_path):
    result = run_diff(tmp_path / "missing.wasm", fixture_path(BASE))
    assert result.exit_code == 3 and "missing.wasm" in result.stderr
    several = tmp_path / "several.json"
    several.write_text(CliRunner().invoke(main, ["size", str(fixture_path(BASE)), str(fixture_path(WITH_XML)),
                                                 "--format", "json"]).stdout)
    result = run_diff(several, fixture_path(BASE))
    assert result.exit_code == 3 and "holds 2 reports" in result.stderr
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"schema": "gowasm-inspect/report/v1", "file": "x", "size": "big"}')
    result = run_diff(garbage, fixture_path(BASE))
    assert result.exit_code == 3 and len(result.stderr.splitlines()) == 1 and "'size'" in result.stderr


def _report(functions: dict[str, int], modules: dict[str, str] | None = None) -> Report:
    entries = [FunctionEntry(index, name, size - 1, size) for index, (name, size) in enumerate(functions.items())]
    code = sum(functions.values()) + 3
    return Report("x.wasm", 8 + code, "0" * 64, sections=[SectionEntry(10, "code", 8, 3, code - 3)],
                  functions=entries, modules=[GoModuleEntry(path, version, 0) for path, version in (modules or {}).items()])


def test_renumbered_closures_are_one_group_and_no_change():
    old = _report({"main.run": 100, "main.run.func1": 40, "main.run.func2": 30, "main.other.func1.1": 5})
    new = _report({"main.run": 100, "main.run.func2": 40, "main.run.func3": 30, "main.run.func1": 12,
                   "main.other.func1.2": 5})
    rows = {row.name: row for row in diff_reports(old, new).functions}
    assert set(rows) == {"main.run", "main.run.func*", "main.other.func*"}
    assert (rows["main.run.func*"].delta, rows["main.run.func*"].note) == (12, "closures: 2 → 3")
    assert rows["main.other.func*"].status == "unchanged"
    assert closure_group("main.glob..func1") == "main.glob..func*"
    assert closure_group("pkg.(*T).M.gowrap2") == "pkg.(*T).M.func*"
    assert closure_group("main.function1") is None and closure_group("func1") is None
    assert closure_group("main.run.func2.T") is None and closure_group("") is None and closure_group("main.run.func²") is None


def test_module_version_changes_are_shown():
    old = _report({"a.F": 10}, {"example.org/lib": "v1.2.0", "example.org/gone": "v0.1.0"})
    new = _report({"a.F": 10}, {"example.org/lib": "v1.3.1", "example.org/new": ""})
    rows = {row.name: row for row in diff_reports(old, new).modules}
    assert rows["example.org/lib"].note == "v1.2.0 → v1.3.1"
    assert rows["example.org/gone"].status == "removed" and rows["example.org/new"].status == "added"


def test_markdown_keeps_its_tables_whatever_the_names(tmp_path):
    hostile = independent.hostile_names_on_the_largest(BASE)
    path = tmp_path / "hostile.wasm"
    path.write_bytes(independent.with_function_names(BASE, hostile))
    markdown = run_diff(fixture_path(BASE), path, "--format", "markdown", "--by", "package", "--by", "function",
                        "--top", "50").stdout
    tables = markdown_tables.tables(markdown)
    assert len(tables) == 3  # the biggest changes, then packages and functions in <details>
    for table in tables:
        widths = {len(markdown_tables.cells(row)) for row in table}
        assert len(widths) == 1, table
    assert markdown.count("<details>") == markdown.count("</details>") == 2
    assert "<b>" not in markdown and "@someone" not in markdown and "\r" not in markdown
    assert "styled" in markdown and "pwned" in markdown  # shown, escaped
    table = run_diff(fixture_path(BASE), path, "--by", "function", "--top", "50").stdout
    assert "\x1b" not in table and "\r" not in table and "[red]styled[/red].F" in table
    assert not any(line.lstrip().startswith("::") for line in table.splitlines())
    document = diff_json(fixture_path(BASE), path)
    assert set(hostile.values()) <= {row["name"] for row in document["functions"]}


def test_markdown_headline_and_folding():
    markdown = run_diff(fixture_path(BASE), fixture_path(WITH_XML), "--format", "markdown").stdout
    first = markdown.splitlines()[0]
    grown = fixture_path(WITH_XML).stat().st_size - fixture_path(BASE).stat().st_size
    assert first.startswith("**Size change**") and f"{grown:+,} B" in first
    # sections, data regions, modules, packages and package data, each folded
    assert "encoding/xml" in markdown and markdown.count("<details>") == 5


def test_unchanged_rows_only_with_all():
    same = diff_json(fixture_path(BASE), fixture_path(BASE))
    assert same["total"]["delta"] == 0 and all(not same[level] for level in ("sections", "modules", "packages"))
    every = diff_json(fixture_path(BASE), fixture_path(BASE), "--all")
    assert {row["status"] for row in every["sections"]} == {"unchanged"}
    assert len(every["sections"]) == len(independent.section_sizes(BASE))


def test_help_teaches():
    text = run_diff("--help").output
    for phrase in ("OLD and NEW", "--fail-over", "--compress", "Exit codes", "closures"):
        assert phrase in text


def test_closure_grouping_is_linear_in_hostile_names(tmp_path):
    hostile = "main" + ".func1" * 10_000  # 60,004 characters: within a saved report's limit
    started = time.perf_counter()
    assert closure_group(hostile) == "main.func*"
    assert closure_group(hostile + "x") is None  # a regex tried every start, to the end, and failed: quadratic
    assert closure_group("x" * 100_000 + ".func1" + ".1" * 20_000) == "x" * 100_000 + ".func*"
    assert closure_group("a.1.func2") == "a.1.func*" and closure_group(".func1") is None
    assert closure_group("pkg.F.func١") == "pkg.F.func*"  # \\d matched any decimal digit, as isdecimal does
    old = _report({"main.run": 1, hostile: 5, hostile + "x": 5})
    saved = tmp_path / "old.json"
    saved.write_text(json.dumps(old.to_dict()))
    assert invoke("diff", saved, saved, "--by", "function").exit_code == 0
    assert time.perf_counter() - started < 2.0


def test_same_named_files_are_told_apart_and_identical_builds_said_to_be(tmp_path):
    for side, entry in (("a", BASE), ("b", WITH_XML)):
        (tmp_path / side).mkdir()
        (tmp_path / side / "app.wasm").write_bytes(fixture_path(entry).read_bytes())
    apart = run_diff(tmp_path / "a" / "app.wasm", tmp_path / "b" / "app.wasm")
    assert apart.stdout.splitlines()[0].startswith("a/app.wasm → b/app.wasm: ")
    same = run_diff(fixture_path(BASE), fixture_path(BASE))
    assert "identical" in same.stdout.splitlines()[0] and "Sections (" not in same.stdout
    markdown = run_diff(fixture_path(BASE), fixture_path(BASE), "--format", "markdown")
    assert "identical" in markdown.stdout and "<details>" not in markdown.stdout


def test_unnamed_functions_are_called_alike_in_size_and_diff(tmp_path):
    document = json.loads(invoke("size", fixture_path(BASE), "--format", "json").stdout)
    document["functions"][5]["name"] = None
    saved = tmp_path / "saved.json"
    saved.write_text(json.dumps(document))
    index = document["functions"][5]["index"]
    functions = diff_json(fixture_path(BASE), saved, "--by", "function")["functions"]
    assert any(row["name"] == f"func[{index}]" for row in functions)


def test_min_change_folds_rows_below_it_and_says_how_many():
    old, new = (str(fixture_path(BY_FILE[name])) for name in ("demo-go1.27.3-wasip1.wasm", "demo-go1.27.3-wasip1-xml.wasm"))
    every = invoke("diff", old, new, "--format", "markdown", "--top", "1000")
    folded = invoke("diff", old, new, "--format", "markdown", "--top", "1000", "--min-change", "2%")
    full = json.loads(invoke("diff", old, new, "--format", "json").stdout)
    small = sum(1 for level in ("sections", "regions", "modules", "packages", "package_data", "functions")
                for row in full[level] if row["delta_pct"] is not None and abs(row["delta_pct"]) < 2)
    assert small > 10 and f"_{small:,} changed rows under 2% folded away_" in folded.stdout
    assert folded.stdout.count("\n|") < every.stdout.count("\n|")
    assert json.loads(invoke("diff", old, new, "--format", "json", "--min-change", "2%").stdout) == full


def test_two_binaries_read_side_by_side_give_the_same_diff_and_one_error_line(tmp_path):
    """Outside the test suite's one-process setting, OLD is analysed in a forked child."""
    import os
    import subprocess
    import sys

    old, new = (str(fixture_path(BY_FILE[name])) for name in ("demo-go1.27.3-wasip1.wasm", "demo-go1.27.3-wasip1-xml.wasm"))

    def run(*args: str, jobs: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "gowasm_inspect", "diff", *args], capture_output=True, text=True,
                              env={**os.environ, "GOWASM_INSPECT_JOBS": jobs})

    assert run(old, new, "--format", "json", jobs="").stdout == run(old, new, "--format", "json", jobs="1").stdout
    cut = tmp_path / "cut.wasm"
    cut.write_bytes(fixture_path(BY_FILE["demo-go1.27.3-wasip1.wasm"]).read_bytes()[:5000])
    failed = run(str(cut), new, jobs="")
    assert failed.returncode == 3 and failed.stderr.count("\n") == 1 and "cut.wasm" in failed.stderr


def test_a_comparison_makes_the_files_digests_only_where_it_shows_them(monkeypatch):
    """Text, Markdown and JSON show no digest: the files are not hashed for them. The HTML page shows the
    new build's."""
    import hashlib

    made: list[int] = []
    real = hashlib.sha256

    def counted(*args):
        made.append(1)
        return real(*args)

    monkeypatch.setattr(hashlib, "sha256", counted)
    old, new = (str(fixture_path(entry)) for entry in (BASE, WITH_XML))
    assert invoke("diff", old, new, "--format", "json").exit_code == 0 and not made
    page = invoke("diff", old, new, "--format", "html")
    digest = real(fixture_path(WITH_XML).read_bytes()).hexdigest()
    assert page.exit_code == 0 and made and digest[:16] in page.output


def test_rows_go_largest_change_first_then_by_name():
    """Every order the rows can come in: ties in change, a row absent on one side and 0 bytes on the other
    (no change), rows only on one side, and a thousand unchanged ones; against a plain sort by (-change, name)."""
    import random

    from gowasm_inspect.analyses.diff import _rows

    rng = random.Random(23)
    old = {f"pkg.f{n}": rng.choice([10, 20, 30]) for n in range(1000)}
    new = dict(old)
    for name in rng.sample(sorted(old), 60):
        new[name] = old[name] + rng.choice([-10, 10, 20])
    for name in rng.sample(sorted(old), 20):
        del new[name]
    new |= {"pkg.zero": 0, "pkg.added": 10, "a.added": 10}
    old["pkg.gone"] = 0
    rows = _rows(old, new)
    expected = sorted({*old, *new}, key=lambda name: (-abs(new.get(name, 0) - old.get(name, 0)), name))
    assert [row.name for row in rows] == expected
    assert [(row.old, row.new) for row in rows] == [(old.get(name), new.get(name)) for name in expected]
    assert sum(1 for row in rows if row.delta) > 70 and rows[-1].delta == 0
