"""The composite GitHub Action: well-formed, injection-safe, and its script really runs the gate."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from conftest import NEW_JS, NEW_JS_STRIPPED, ROOT, fixture_path, slow

ACTION = yaml.safe_load((ROOT / "action.yml").read_text())
NEW, STRIPPED = NEW_JS, NEW_JS_STRIPPED


def test_the_action_is_composite_and_pastes_no_input_into_a_script():
    assert ACTION["runs"]["using"] == "composite"
    assert set(ACTION["inputs"]) == {"budget", "files", "baseline", "min-change", "comment-id", "diff-html",
                                     "python-version"}
    assert set(ACTION["outputs"]) == {"markdown", "comment-file", "report-json", "exceeded"}
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step  # expressions in scripts are an injection route


def _run_step(tmp_path, files: str, baseline: str = "", name: str = "Check the size budget",
              **extra: str) -> subprocess.CompletedProcess:
    step = next(step for step in ACTION["runs"]["steps"] if step.get("name") == name)
    summary = tmp_path / "summary.md"
    # the console script lives beside this interpreter, whether or not its environment is activated
    scripts = str(Path(sys.executable).parent)
    # a runner's environment, as a fork's pull request gets it: no token
    env = {**{key: value for key, value in os.environ.items() if key != "GITHUB_TOKEN"},
           "PATH": scripts + os.pathsep + os.environ.get("PATH", ""), "GITHUB_ACTION_PATH": str(ROOT),
           "RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_OUTPUT": str(tmp_path / "output"),
           "GITHUB_EVENT_NAME": "pull_request", "BUDGET": str(tmp_path / "budget.yaml"), "FILES": files,
           "BASELINE": baseline, "MIN_CHANGE": "", "COMMENT_ID": "size",
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


def _outputs(tmp_path) -> dict[str, str]:
    """$GITHUB_OUTPUT as the runner reads it: name=value lines and name<<DELIMITER blocks."""
    lines, found = (tmp_path / "output").read_text().splitlines(), {}
    while lines:
        line = lines.pop(0)
        if "<<" in line:
            name, delimiter = line.split("<<", 1)
            block = []
            while lines[0] != delimiter:
                block.append(lines.pop(0))
            lines.pop(0)
            found[name] = "\n".join(block)
        else:
            name, _, value = line.partition("=")
            found[name] = value
    return found


@slow  # eight fresh processes of the tool
def test_the_comment_body_has_one_marker_and_is_the_same_on_a_second_run(tmp_path):
    (tmp_path / "budget.yaml").write_text("version: 1\nbudgets:\n  - total: {raw: 3 MiB}\n")
    shutil.copyfile(fixture_path(NEW), tmp_path / "main.wasm")
    bodies = []
    for _ in range(2):
        (tmp_path / "output").unlink(missing_ok=True)
        ran = _run_step(tmp_path, "main.wasm", baseline=str(fixture_path(STRIPPED)))
        assert ran.returncode == 0, ran.stderr
        outputs = _outputs(tmp_path)
        bodies.append(outputs["markdown"])
        assert outputs["exceeded"] == "false" and Path(outputs["comment-file"]).read_text().strip() == outputs["markdown"]
        report = json.loads(Path(outputs["report-json"]).read_text())
        assert report["schema"] == "gowasm-inspect/report/v2" and report["size"] == NEW["size"]
    assert bodies[0] == bodies[1] and bodies[0].startswith("<!-- gowasm-inspect:size -->\n")
    assert bodies[0].count("<!-- gowasm-inspect:") == 1 and "**Size change**" in bodies[0]


@slow
def test_min_change_folds_small_rows_and_a_broken_budget_says_exceeded(tmp_path):
    (tmp_path / "budget.yaml").write_text("version: 1\nbudgets:\n  - total: {raw: 2 MiB}\n")
    shutil.copyfile(fixture_path(NEW), tmp_path / "main.wasm")
    everything = _run_step(tmp_path, "main.wasm", baseline=str(fixture_path(STRIPPED)))
    full = _outputs(tmp_path)["markdown"]
    (tmp_path / "output").unlink()
    folded = _run_step(tmp_path, "main.wasm", baseline=str(fixture_path(STRIPPED)), MIN_CHANGE="1 KiB")
    outputs = _outputs(tmp_path)
    assert everything.returncode == folded.returncode == 1 and outputs["exceeded"] == "true"
    assert "folded away" in outputs["markdown"] and "folded away" not in full
    assert outputs["markdown"].count("\n|") < full.count("\n|")
