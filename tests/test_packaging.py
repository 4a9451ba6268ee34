"""Packaging as people expect it: a wheel and sdist that install and run, a pre-commit hook, and a
--version that says what the reader knows."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import yaml
from conftest import NEW_JS, ROOT, fixture_path, invoke, slow

from gowasm_inspect.golang import SUPPORTED_GO
from gowasm_inspect.golang.glue import known_glues
from gowasm_inspect.golang.moduledata import _ALL as LAYOUTS


def test_version_says_the_go_releases_read_and_the_glue_known():
    result = invoke("--version")
    oldest, newest = (re.search(r"go(1\.\d+)", layout.name)[1] for layout in (LAYOUTS[-1], LAYOUTS[0]))
    assert (oldest, newest) == SUPPORTED_GO
    releases = [release for glue in known_glues() for release in glue.releases]
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        "gowasm-inspect 0.1.0",
        f"reads Go {oldest} to {newest} builds (pclntab, runtime.firstmoduledata), js/wasm and wasip1/wasm",
        f"knows the wasm_exec.js of {releases[0]} to {releases[-1]} ({len(releases)} releases, "
        f"{len(known_glues())} distinct files)"]


def test_the_pre_commit_hook_checks_the_committed_wasm_against_budgets_yaml(tmp_path):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hook["language"] == "python" and re.search(hook["files"], "dist/app.wasm") and hook["pass_filenames"]
    shutil.copyfile(fixture_path(NEW_JS), tmp_path / "app.wasm")
    scripts = Path(sys.executable).parent
    for limit, expected in (("3 MiB", 0), ("2 MiB", 1)):
        (tmp_path / "budgets.yaml").write_text(f"version: 1\nbudgets:\n  - total: {{raw: {limit}}}\n")
        command = [str(scripts / hook["entry"].split()[0]), *hook["entry"].split()[1:], "app.wasm"]
        assert subprocess.run(command, cwd=tmp_path, capture_output=True).returncode == expected, limit


@slow
def test_the_built_wheel_installs_in_a_fresh_venv_and_runs(tmp_path):
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(ROOT)], check=True,
                   capture_output=True)
    wheel, sdist = (next((tmp_path / "dist").glob(pattern)) for pattern in ("*.whl", "*.tar.gz"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "gowasm_inspect/render/assets/treemap.js" in names and "gowasm_inspect/golang/glue_releases.json" in names
    assert not any(name.startswith(("fixtures/", "tests/")) for name in names)
    twine = subprocess.run([sys.executable, "-m", "twine", "check", str(wheel), str(sdist)], capture_output=True,
                           text=True)
    assert twine.returncode == 0 and twine.stdout.count("PASSED") == 2, twine.stdout
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    ran = subprocess.run([str(tmp_path / "venv" / "bin" / "gowasm-inspect"), "size", str(fixture_path(NEW_JS))],
                         capture_output=True, text=True, cwd=tmp_path)
    assert ran.returncode == 0 and "runtime" in ran.stdout, ran.stderr
