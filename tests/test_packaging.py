"""Packaging as people expect it: a wheel and sdist that install and run, a pre-commit hook, and a
--version that says what the reader knows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
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


def _installed(tmp_path: Path, name: str, environment: dict[str, str] | None = None) -> tuple[Path, Path, Path]:
    """A wheel and sdist built from the tree (with `environment`), and a fresh venv with the wheel installed:
    (wheel, sdist, the venv's gowasm-inspect)."""
    dist = tmp_path / f"dist-{name}"
    subprocess.run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], check=True, capture_output=True,
                   env={**os.environ, **(environment or {})})
    wheel, sdist = (next(dist.glob(pattern)) for pattern in ("*.whl", "*.tar.gz"))
    venv.create(tmp_path / f"venv-{name}", with_pip=True)
    python = tmp_path / f"venv-{name}" / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return wheel, sdist, tmp_path / f"venv-{name}" / "bin" / "gowasm-inspect"


@slow
def test_the_built_wheel_installs_in_a_fresh_venv_and_runs_with_or_without_a_c_compiler(tmp_path):
    wheel, sdist, command = _installed(tmp_path, "compiled")
    names = zipfile.ZipFile(wheel).namelist()
    assert "gowasm_inspect/render/assets/treemap.js" in names and "gowasm_inspect/golang/glue_releases.json" in names
    assert not any(name.startswith(("fixtures/", "tests/")) for name in names)
    for extension in ("wasm/_speedups", "render/_json_rows"):  # the compiled scan, the compiled JSON rows
        assert any(re.fullmatch(rf"gowasm_inspect/{extension}\..*\.so", name) for name in names)
        with tarfile.open(sdist) as archive:
            assert any(name.endswith(f"gowasm_inspect/{extension}.c") for name in archive.getnames())
    twine = subprocess.run([sys.executable, "-m", "twine", "check", str(wheel), str(sdist)], capture_output=True,
                           text=True)
    assert twine.returncode == 0 and twine.stdout.count("PASSED") == 2, twine.stdout
    ran = subprocess.run([str(command), "size", "--format", "json", str(fixture_path(NEW_JS))], capture_output=True,
                         text=True, cwd=tmp_path)
    assert ran.returncode == 0 and '"runtime"' in ran.stdout, ran.stderr
    # where there is no C compiler the extension is skipped, and the same report comes from Python alone
    plain_wheel, _, plain = _installed(tmp_path, "plain", {"CC": "false"})
    assert not any(name.endswith(".so") for name in zipfile.ZipFile(plain_wheel).namelist())
    again = subprocess.run([str(plain), "size", "--format", "json", str(fixture_path(NEW_JS))], capture_output=True,
                           text=True, cwd=tmp_path)
    assert again.returncode == 0 and again.stdout == ran.stdout, again.stderr
