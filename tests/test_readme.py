"""README promises: its sample output is real, and CI runs its test command."""

import re
import shlex

from click.testing import CliRunner
from conftest import ROOT

from gowasm_inspect.cli import main

README = (ROOT / "README.md").read_text()


def test_sample_output_is_what_the_command_prints(monkeypatch):
    match = re.search(r"```console\n\$ gowasm-inspect ([^\n]+)\n(.*?)```", README, re.S)
    assert match, "README has no sample session"
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(match[1]))
    assert result.exit_code == 0
    assert result.stdout == match[2]


def test_ci_runs_the_readme_test_command():
    commands = re.findall(r"```sh\n(.+?)\n```", README)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


def _module_map() -> str:
    return re.search(r"## How it works.*?```\n(.*?)```", README, re.S)[1]


def test_the_module_map_matches_the_tree():
    package = ROOT / "gowasm_inspect"
    shown = set(re.findall(r"[\w]+\.py", _module_map()))
    folders = set(re.findall(r"(\w+)/", _module_map()))
    modules = {path.name for path in package.rglob("*.py") if path.name != "__init__.py"}
    assert shown <= modules | {"__init__.py"}, shown - modules
    for path in package.rglob("*.py"):
        parent = path.parent.relative_to(package).parts
        named = path.name in shown or path.name == "__init__.py"
        assert named, f"{path.relative_to(ROOT)} is not in README's module map"
        assert all(folder in folders for folder in parent), f"{'/'.join(parent)}/ is not in README's module map"


def test_every_data_region_is_explained_in_one_line():
    from gowasm_inspect.golang.region_names import DESCRIPTIONS

    for name, description in DESCRIPTIONS.items():
        assert f"| `{name}` | {description} |" in README, name


def test_the_fixture_total_is_the_manifests():
    from conftest import MANIFEST

    stated = re.search(r"([\d.]+) MB in all", README)
    assert stated and float(stated[1]) == round(sum(entry["size"] for entry in MANIFEST) / 1e6, 1)
