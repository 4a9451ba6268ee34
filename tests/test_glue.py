"""`glue`: the import object read without running the glue, against Node running it; the prediction
against what Node does when it instantiates each fixture with each glue; the release table against the
toolchains the fixtures were built with."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import tarfile
import urllib.request
from pathlib import Path

import pytest
from conftest import FIXTURES, MANIFEST, NEW_JS, ROOT, fixture_path, invoke, slow

from gowasm_inspect.golang.glue import import_object, read_glue
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.model.glue import judge

INSTANTIATE = ROOT / "tests" / "data" / "instantiate.js"
GO_GLUES = sorted((FIXTURES / "wasm_exec").glob("go*/wasm_exec.js"))
JS_FIXTURES = [fixture_path(entry) for entry in MANIFEST if entry["goos"] == "js"]
WASIP1 = fixture_path(next(entry for entry in MANIFEST if entry["goos"] == "wasip1"))

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node runs the glue")


def _node(glue: Path, *arguments: str) -> list[dict]:
    result = subprocess.run(["node", str(INSTANTIATE), str(glue), *arguments], capture_output=True, text=True,
                            check=True, timeout=300)
    return [json.loads(line) for line in result.stdout.splitlines()]


def _prediction(wasm: Path, glue: Path) -> tuple[bool, str | None]:
    verdict = judge(analyze(wasm), read_glue(glue.read_bytes()), str(glue))
    return bool(verdict.instantiates), verdict.error


def _edited(tmp_path: Path) -> Path:
    """Go 1.27's glue without syscall/js.finalizeRef: a copy someone trimmed."""
    text = (FIXTURES / "wasm_exec" / "go1.27.3" / "wasm_exec.js").read_text()
    edited = tmp_path / "wasm_exec.js"
    edited.write_text(text.replace('"syscall/js.finalizeRef": (sp) => {', '"syscall/js.finalizeRef2": (sp) => {'))
    return edited


@pytest.mark.parametrize("glue", GO_GLUES, ids=lambda path: path.parent.name)
def test_the_import_object_is_the_one_node_builds(glue):
    [modules] = _node(glue, "--imports")
    found, problem = import_object(glue.read_text())
    assert problem is None and {name: sorted(names) for name, names in found.items()} == modules


@pytest.mark.parametrize("glue", GO_GLUES, ids=lambda path: path.parent.name)
def test_each_toolchains_glue_names_its_release(glue):
    release = glue.parent.name  # fixtures/build.py copied it from that toolchain
    facts = read_glue(glue.read_bytes())
    assert release in facts.releases and not facts.edited_from


def test_a_new_binary_with_old_glue_fails_as_node_says(tmp_path):
    wasm = fixture_path(NEW_JS)
    for glue in [*GO_GLUES, _edited(tmp_path)]:
        [ran] = _node(glue, str(wasm))
        assert _prediction(wasm, glue) == (ran["ok"], ran["error"]), glue


@slow
def test_every_fixture_with_every_glue_is_predicted_as_node_instantiates_it(tmp_path):
    for glue in [*GO_GLUES, _edited(tmp_path)]:
        for ran in _node(glue, *map(str, [*JS_FIXTURES, WASIP1])):
            assert _prediction(Path(ran["file"]), glue) == (ran["ok"], ran["error"]), (glue, ran["file"])


def _npm_glues(folder: Path) -> list[tuple[Path, Path, str]]:
    """(glue, binary, Go version) of each esbuild-wasm package the manifest pins: Go 1.17 to 1.23."""
    import sys

    sys.path.insert(0, str(FIXTURES))
    from third_party import entries, fetch

    found = []
    for entry in entries():
        with urllib.request.urlopen(entry["tarball"], timeout=60) as response:
            tarball = response.read()
        glue = folder / f"{entry['version']}.js"
        with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
            member = archive.extractfile("package/wasm_exec.js")
            assert member is not None
            glue.write_bytes(member.read())
        found.append((glue, fetch(entry), entry["go"]))
    return found


@slow
def test_older_releases_glue_from_npm_is_named_and_predicted(tmp_path):
    try:
        npm = _npm_glues(tmp_path)
    except OSError as error:
        pytest.skip(f"the npm registry is out of reach: {error}")
    binaries = [binary for _, binary, _ in npm]
    for glue, _, go in npm:
        assert go in read_glue(glue.read_bytes()).releases
        for ran in _node(glue, str(fixture_path(NEW_JS)), *map(str, binaries)):
            assert _prediction(Path(ran["file"]), glue) == (ran["ok"], ran["error"]), (glue, ran["file"])
    for ran in _node(GO_GLUES[-1], *map(str, binaries)):  # Go 1.24+ glue with Go 1.17-1.23 binaries
        assert _prediction(Path(ran["file"]), GO_GLUES[-1]) == (ran["ok"], ran["error"]), ran["file"]


def test_the_command_says_it_in_one_line_and_exits_by_the_verdict(tmp_path):
    old_glue = FIXTURES / "wasm_exec" / "go1.21.13" / "wasm_exec.js"
    fine = invoke("glue", str(fixture_path(NEW_JS)), str(FIXTURES / "wasm_exec" / "go1.27.3" / "wasm_exec.js"))
    assert fine.exit_code == 0 and fine.stdout.splitlines()[0].endswith(": instantiates")
    assert "go1.24.3, go1.24.11" in fine.stdout and "go1.27.3 (" in fine.stdout
    older = invoke("glue", str(fixture_path(NEW_JS)), str(old_glue))
    assert older.exit_code == 0 and "lib/wasm/wasm_exec.js" in older.stdout  # same imports: a note to update
    broken = invoke("glue", str(fixture_path(NEW_JS)), str(_edited(tmp_path)), "--format", "json")
    document = json.loads(broken.stdout)
    assert broken.exit_code == 1 and document["instantiates"] is False and "finalizeRef" in document["error"]
    wasi = invoke("glue", str(WASIP1))
    assert wasi.exit_code == 0 and "no JavaScript glue is needed" in wasi.stdout and "fd_write" in wasi.stdout
    missing = invoke("glue", str(fixture_path(NEW_JS)), str(tmp_path / "none.js"))
    assert missing.exit_code == 3 and missing.stderr.count("\n") == 1


def test_a_comment_changed_is_an_edited_copy_and_a_hostile_file_name_stays_text(tmp_path):
    text = (FIXTURES / "wasm_exec" / "go1.27.3" / "wasm_exec.js").read_text()
    copy = tmp_path / "copy.js"
    copy.write_text("// vendored\n" + text)
    facts = read_glue(copy.read_bytes())
    assert not facts.releases and "go1.27.3" in facts.edited_from
    hostile = tmp_path / "x\n::error::pwned\x1b[31m.js"  # a file name is untrusted text too
    hostile.write_text(text)
    result = invoke("glue", str(fixture_path(NEW_JS)), str(hostile))
    assert result.exit_code == 0 and "\n::" not in result.stdout and "\x1b" not in result.stdout


def test_a_budget_entry_checks_its_glue_in_the_same_run(tmp_path):
    shutil.copyfile(fixture_path(NEW_JS), tmp_path / "app.wasm")
    (tmp_path / "web").mkdir()
    _edited(tmp_path / "web")  # web/wasm_exec.js: a trimmed copy
    budget = tmp_path / "budgets.yaml"
    budget.write_text("version: 1\nbudgets:\n  - file: app.wasm\n    total: {raw: 3 MiB}\n    glue: web/good.js\n")
    shutil.copyfile(FIXTURES / "wasm_exec" / "go1.27.3" / "wasm_exec.js", tmp_path / "web" / "good.js")
    passing = invoke("check", "--budget", str(budget), "--format", "json")
    rows = {row["kind"]: row for row in json.loads(passing.stdout)["results"]}
    assert passing.exit_code == 0 and rows["glue"]["status"] == "ok" and rows["glue"]["actual"] == 0
    assert "go1.24.3 to go1.27.3, 19 releases" in rows["glue"]["detail"]
    budget.write_text(budget.read_text().replace("web/good.js", "web/wasm_exec.js"))  # the trimmed copy
    failing = invoke("check", "--budget", str(budget), "--format", "github")
    assert failing.exit_code == 1 and "line=5" in failing.stdout and 'function="syscall/js.finalizeRef"' in failing.stdout
    for bad in ("web/none.js", "../wasm_exec.js"):
        budget.write_text(budget.read_text().replace("web/wasm_exec.js", bad))
        refused = invoke("check", "--budget", str(budget))
        assert refused.exit_code == 2 and ":5:" in refused.stderr, bad
        budget.write_text(budget.read_text().replace(bad, "web/wasm_exec.js"))


@slow
def test_tinygos_glue_and_binary_are_recognised_and_predicted_as_node_runs_them():
    import sys

    sys.path.insert(0, str(FIXTURES))
    from third_party import entries, fetch

    try:
        pairs = [(fetch(entry), fetch(entry, "glue"), entry["tinygo"]) for entry in entries("tinygo") if "glue" in entry]
    except OSError as error:
        pytest.skip(f"the npm registry is out of reach: {error}")
    assert pairs
    for binary, glue, release in pairs:
        [modules] = _node(glue, "--imports")  # `env` is given `gojs`'s functions after the literal
        assert {name: sorted(names) for name, names in import_object(glue.read_text())[0].items()} == modules
        verdict = judge(analyze(binary), read_glue(glue.read_bytes()), str(glue))
        assert verdict.glue_tinygo and verdict.toolchain == f"TinyGo {release}" and verdict.target == "js"
        for glue_file in (glue, *GO_GLUES):
            for ran in _node(glue_file, str(binary), str(fixture_path(NEW_JS)), str(WASIP1)):
                assert _prediction(Path(ran["file"]), glue_file) == (ran["ok"], ran["error"]), (glue_file, ran["file"])
