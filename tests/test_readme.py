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
