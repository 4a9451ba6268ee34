"""Paths that are not regular files: FIFOs and devices are refused before a byte is read, never waited on,
never read without end, never replaced. Each case runs in its own process with a time limit, on FIFOs and
device nodes the test makes (never the machine's /dev)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NEW_JS, NEW_JS_STRIPPED, fixture_path, invoke

NEW, STRIPPED = str(fixture_path(NEW_JS)), str(fixture_path(NEW_JS_STRIPPED))
BUDGET = "version: 1\nbudgets:\n  - sections: {name: 0}\n"
needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="making device nodes needs root")


def _run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    # from a neutral folder, so that `-m` imports the installed package rather than whatever is in the cwd
    return subprocess.run([sys.executable, "-m", "gowasm_inspect", *args], capture_output=True, text=True,
                          timeout=20, env={**os.environ, **(env or {})}, cwd=Path(NEW).anchor)


@pytest.fixture
def places(tmp_path: Path) -> dict[str, str]:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "budget.yaml").write_text(BUDGET)
    found = {"fifo": str(tmp_path / "fifo"), "budget": str(tmp_path / "budget.yaml"), "dir": str(tmp_path)}
    if os.geteuid() == 0:
        os.mknod(tmp_path / "zero", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # reads as endless zeros
        found["zero"] = str(tmp_path / "zero")
    return found


CASES = [  # (command, which place stands in for a file, expected exit code)
    (["size", "{fifo}"], 3), (["info", "{fifo}"], 3), (["strip", "{fifo}", "-o", "{dir}/out.wasm"], 3),
    (["diff", "{fifo}", NEW], 3), (["diff", NEW, "{fifo}"], 3),
    (["check", "{fifo}", "--budget", "{budget}"], 3),
    (["check", NEW, "--budget", "{budget}", "--baseline", "{fifo}"], 3),
    (["check", NEW, "--budget", "{fifo}"], 2),
    (["size", "{fifo}", "--compress", "zstd"], 3),
    pytest.param(["size", "{zero}", "--compress", "zstd"], 3, marks=needs_root),
    pytest.param(["diff", "{zero}", NEW], 3, marks=needs_root),
    pytest.param(["check", NEW, "--budget", "{budget}", "--baseline", "{zero}"], 3, marks=needs_root),
    pytest.param(["check", NEW, "--budget", "{zero}"], 2, marks=needs_root),
]


@pytest.mark.parametrize(("command", "code"), CASES, ids=lambda value: " ".join(value) if isinstance(value, list) else "")
def test_a_fifo_or_device_is_refused_in_one_line(places, command, code):
    result = _run(*(part.format(**places) for part in command))
    assert result.returncode == code, result.stderr
    [line] = result.stderr.splitlines()
    assert "not a regular file" in line and "Traceback" not in result.stderr


def test_a_fifo_job_summary_is_not_waited_on(places):
    result = _run("check", NEW, "--budget", places["budget"], "--format", "github",
                  env={"GITHUB_STEP_SUMMARY": places["fifo"]})
    assert result.returncode == 1  # the name section is over its budget of 0
    assert "::error " in result.stdout and "cannot append the job summary" in result.stderr


@needs_root
def test_strip_never_replaces_a_device_node(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o600, os.makedev(1, 3))
    result = _run("strip", NEW, "-o", str(device))
    assert result.returncode == 2 and "character device" in result.stderr
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_strip_never_replaces_a_symbolic_link(tmp_path):
    (tmp_path / "real.wasm").write_bytes(b"keep")
    (tmp_path / "link.wasm").symlink_to(tmp_path / "real.wasm")
    result = _run("strip", STRIPPED, "-o", str(tmp_path / "link.wasm"))
    assert result.returncode == 2 and "symbolic link" in result.stderr
    assert (tmp_path / "link.wasm").is_symlink() and (tmp_path / "real.wasm").read_bytes() == b"keep"


def test_an_unreadable_input_exits_3_with_one_line(tmp_path, monkeypatch):
    locked = tmp_path / "locked.wasm"
    locked.write_bytes(fixture_path(NEW_JS).read_bytes())
    real_open, real_access = os.open, os.access

    def deny_open(path, *args, **kwargs):  # as for a user without read permission (the suite may run as root)
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny_open)
    monkeypatch.setattr(os, "access", lambda path, mode, **kw: Path(path) != locked and real_access(path, mode, **kw))
    for command in (["size", locked], ["info", locked], ["diff", locked, NEW]):
        result = invoke(*command)
        assert result.exit_code == 3, (command, result.output)
        assert result.stderr.strip().endswith("permission denied")


def test_the_digest_made_on_another_core_is_the_files_and_a_file_changed_meanwhile_is_refused(monkeypatch):
    import hashlib

    from gowasm_inspect.errors import WasmFormatError
    from gowasm_inspect.wasm import module as module_reader
    from gowasm_inspect.wasm import source

    path = fixture_path(NEW_JS)
    monkeypatch.setenv("GOWASM_INSPECT_JOBS", "")  # a child may be forked here
    module = module_reader.read_module(path)
    assert module.sha256_made is not None and module.sha256_made.forked  # made on another core, asked for later
    assert module.file_sha256() == hashlib.sha256(path.read_bytes()).hexdigest() == module.sha256
    seen = iter([(1, 2, 3, 4), (1, 2, 3, 5)])  # written to while it was read: the modification time moved
    monkeypatch.setattr(module_reader, "identity", lambda stream: next(seen))
    with pytest.raises(WasmFormatError, match="changed while being read"):
        module_reader.read_module(path)
    # this process saw one file throughout, the child that made the digest another
    monkeypatch.setattr(module_reader, "identity", lambda stream: (1, 2, 3, 4))
    monkeypatch.setattr(source, "identity_of", lambda descriptor: (1, 2, 3, 5))
    module = module_reader.read_module(path)
    with pytest.raises(WasmFormatError, match="changed while being read"):
        module.file_sha256()
