"""The composite GitHub Action: well-formed, injection-safe, and its script really runs the gate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import NEW_JS, NEW_JS_STRIPPED, ROOT, fixture_path

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
NEW, STRIPPED = NEW_JS, NEW_JS_STRIPPED


def test_the_action_is_composite_and_pastes_no_input_into_a_script():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"budget", "files", "baseline", "diff-html", "python-version"}
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step  # expressions in scripts are an injection route


def _run_step(tmp_path, files: str, baseline: str = "", name: str = "Check the size budget",
              **extra: str) -> subprocess.CompletedProcess:
    step = next(step for step in ACTION["runs"]["steps"] if step.get("name") == name)
    summary = tmp_path / "summary.md"
    # the console script lives beside this interpreter, whether or not its environment is activated
    scripts = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": scripts + os.pathsep + os.environ.get("PATH", ""),
           "BUDGET": str(tmp_path / "budget.yaml"), "FILES": files, "BASELINE": baseline,
           "GITHUB_STEP_SUMMARY": str(summary), "XDG_CACHE_HOME": str(tmp_path / "cache"), **extra}
    return subprocess.run(["bash", "-e", "-c", step["run"]], env=env, capture_output=True, text=True, cwd=tmp_path)


def test_the_check_step_fails_on_an_unstripped_build_with_an_annotation(tmp_path):
    assert (Path(sys.executable).parent / "gowasm-inspect").exists(), "the package must be installed (pip install -e .)"
    (tmp_path / "budget.yaml").write_text("version: 1\nbudgets:\n  - sections: {name: 0}\n    growth: {raw: 0}\n")
    (tmp_path / "dist").mkdir()
    shutil.copyfile(fixture_path(NEW), tmp_path / "dist" / "main.wasm")
    failing = _run_step(tmp_path, "dist/*.wasm", baseline=str(fixture_path(STRIPPED)))
    assert failing.returncode == 1, failing.stderr
    assert failing.stdout.count("::error ") == 2 and "line=3" in failing.stdout and "line=4" in failing.stdout
    assert "| Status |" in (tmp_path / "summary.md").read_text()

    shutil.copyfile(fixture_path(STRIPPED), tmp_path / "dist" / "main.wasm")
    passing = _run_step(tmp_path, "dist/main.wasm")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "::error" not in passing.stdout


def test_the_page_step_writes_the_diff_page_for_upload(tmp_path):
    (tmp_path / "dist").mkdir()
    shutil.copyfile(fixture_path(NEW), tmp_path / "dist" / "main.wasm")
    step = next(step for step in ACTION["runs"]["steps"] if step.get("name") == "Write the change as an HTML page")
    assert "inputs.baseline != ''" in step["if"] and "inputs.diff-html != ''" in step["if"]
    written = _run_step(tmp_path, "dist/*.wasm", baseline=str(fixture_path(STRIPPED)),
                        name="Write the change as an HTML page", DIFF_HTML="size-change.html")
    assert written.returncode == 0, written.stderr
    page = (tmp_path / "size-change.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in page
