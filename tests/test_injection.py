"""Names from a binary cannot become GitHub workflow commands, terminal controls or raw invisible characters,
in any format, even where a table folds a long name or an error line quotes a path."""

from __future__ import annotations

import independent
import leb128
import pytest
from conftest import NEW_JS, NEW_JS_STRIPPED, fixture_path, invoke

FOLDED = "main." + "a" * 9_957 + "::error::folded"  # a piped table folds cells at 10,000 characters
HOSTILE = [FOLDED, "##[error]anywhere.F", "pkg\u202e\u200b\u2028\u0085\u009b.F", "x.F::warning::y", "::error::lead.F"]
pytestmark = pytest.mark.usefixtures("shared_cache")


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory) -> str:
    largest = sorted(independent.function_sizes(NEW_JS).items(), key=lambda item: -item[1])
    names = {index: name for (index, _), name in zip(largest, HOSTILE, strict=False)}
    path = tmp_path_factory.mktemp("hostile") / "hostile.wasm"
    path.write_bytes(independent.with_function_names(NEW_JS, names))
    return str(path)


def assert_inert(text: str, commands: int = 0) -> None:
    """No line a runner would run but the `commands` the tool itself emits, no `##[`, no raw controls."""
    started = [line for line in text.splitlines() if line.lstrip().startswith("::")]
    assert len(started) == commands, started[:3]
    assert all(line.startswith(("::error ", "::warning ")) for line in started)
    assert "##[" not in text
    assert not any(char in text for char in "\x1b\r\u202e\u200b\u2028\u0085\u009b\x00")


@pytest.mark.parametrize("args", [["--by", "function", "--by", "package", "--top", "10"], ["--format", "json"]])
def test_size_in_every_format(hostile_build, args):
    result = invoke("size", hostile_build, *args)
    assert result.exit_code == 0
    assert_inert(result.stdout)
    if "json" not in args:  # JSON keeps names as data; in a quoted string `::` starts no line
        assert "::error::folded" not in result.stdout


@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_diff_in_every_format(hostile_build, output_format):
    result = invoke("diff", fixture_path(NEW_JS), hostile_build, "--by", "function", "--format", output_format)
    assert result.exit_code == 0
    assert_inert(result.stdout)
    if output_format == "json":
        assert result.stdout.isascii()


@pytest.mark.parametrize("output_format", ["table", "json", "markdown", "github"])
def test_check_in_every_format(hostile_build, tmp_path, output_format):
    budget = tmp_path / "budget.yaml"
    budget.write_text('version: 1\nbudgets:\n  - packages: {"**": 1}\n    functions: {max: 1}\n')
    result = invoke("check", hostile_build, "--budget", budget, "--format", output_format)
    assert result.exit_code == 1
    fails = result.stdout.count("::error ")
    assert_inert(result.stdout, commands=fails if output_format == "github" else 0)
    if output_format == "json":
        assert result.stdout.isascii()


def _with_custom_section(name: str) -> bytes:
    raw = name.encode()
    payload = leb128.u.encode(len(raw)) + raw + b"payload"
    return fixture_path(NEW_JS_STRIPPED).read_bytes() + b"\x00" + leb128.u.encode(len(payload)) + payload


def test_strip_names_the_custom_sections_it_removes_inertly(tmp_path):
    source = tmp_path / "custom.wasm"
    source.write_bytes(_with_custom_section("x\n::error::X \x1b[31m\u202e ##[group]"))
    result = invoke("strip", source, "--all-custom", "-o", tmp_path / "out.wasm")
    assert result.exit_code == 0
    assert_inert(result.stdout)
    assert "x\\n:\\x3aerror:\\x3aX" in result.stdout


def test_error_lines_quote_paths_inertly(tmp_path):
    for name in ("missing\n::error::X.wasm", "esc\x1b[31m.wasm", "bidi\u202e.wasm", "hash##[error].wasm"):
        result = invoke("size", tmp_path / name)
        assert result.exit_code == 3
        assert len(result.stderr.splitlines()) == 1
        assert_inert(result.stderr)


@pytest.mark.parametrize("output_format", ["table", "json", "markdown"])
def test_why_in_every_format(hostile_build, output_format):
    for pattern in ("main", "::error::lead.F", "##[error]anywhere.F", FOLDED):
        result = invoke("why", hostile_build, pattern, "--all", "2", "--format", output_format)
        assert result.exit_code == 0
        assert_inert(result.stdout)
        if output_format == "json":
            assert result.stdout.isascii()
