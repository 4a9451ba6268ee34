"""`gowasm-inspect strip`: the -s equivalent without rebuilding, written atomically, never over its input by accident."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess

import groundtruth_facts
import pytest
from click.testing import CliRunner
from conftest import MANIFEST, ROOT, fixture_path

from gowasm_inspect.cli import main

UNSTRIPPED = [e for e in MANIFEST if not e["stripped"]]


def strip(*args: str):
    return CliRunner().invoke(main, ["strip", *map(str, args)])


def _without(entry: dict, names: set[str]) -> bytes:
    """The fixture's bytes less the custom sections named, cut at wabt's section boundaries."""
    path = fixture_path(entry)
    data = path.read_bytes()
    facts = {**entry, "path": path}
    kept, position = [], 0
    for section, (start, _, end) in zip(groundtruth_facts.sections(facts), groundtruth_facts.section_spans(facts), strict=False):
        if section["kind"] == "custom" and section["name"] in names:
            kept.append(data[position:start])
            position = end
    kept.append(data[position:])
    return b"".join(kept)


@pytest.mark.parametrize("entry", UNSTRIPPED, ids=[e["file"] for e in UNSTRIPPED])
def test_strip_removes_exactly_the_name_section(tmp_path, entry):
    out = tmp_path / "out.wasm"
    result = strip(fixture_path(entry), "-o", out)
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == _without(entry, {"name"})
    assert "removed name" in result.stdout
    if shutil.which("wasm-objdump"):
        sections = subprocess.run(["wasm-objdump", "-h", str(out)], capture_output=True, text=True, check=True).stdout
        assert '"go:buildid"' in sections and '"producers"' in sections and '"name"' not in sections


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@pytest.mark.parametrize("entry", [e for e in UNSTRIPPED if e["goos"] == "js"], ids=lambda e: e["file"])
def test_stripped_js_fixture_still_runs_under_node(tmp_path, entry):
    out = tmp_path / "out.wasm"
    assert strip(fixture_path(entry), "-o", out, "--all-custom").exit_code == 0
    glue = ROOT / "fixtures" / "wasm_exec" / f"go{entry['go']}" / "wasm_exec_node.js"
    run = subprocess.run(["node", str(glue), str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout == entry["run_output"]


def test_all_custom_keeps_the_build_id_unless_asked(tmp_path):
    entry = UNSTRIPPED[0]
    out = tmp_path / "out.wasm"
    assert strip(fixture_path(entry), "-o", out, "--all-custom").exit_code == 0
    assert out.read_bytes() == _without(entry, {"name", "producers"})
    assert strip(fixture_path(entry), "-o", out, "--all-custom", "--drop-build-id").exit_code == 0
    assert out.read_bytes() == _without(entry, {"name", "producers", "go:buildid"})


def test_an_already_stripped_build_is_copied_unchanged(tmp_path):
    entry = next(e for e in MANIFEST if e["stripped"])
    out = tmp_path / "out.wasm"
    result = strip(fixture_path(entry), "-o", out)
    assert result.exit_code == 0 and "nothing to remove" in result.stdout
    assert out.read_bytes() == fixture_path(entry).read_bytes()


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_writing_over_the_input_needs_in_place(tmp_path):
    entry = UNSTRIPPED[0]
    work = tmp_path / "main.wasm"
    shutil.copyfile(fixture_path(entry), work)
    before = _digest(work)
    for args in ([work, "-o", work], [work, "-o", tmp_path / "." / "main.wasm"], [work],
                 [work, "-o", tmp_path / "x.wasm", "--in-place"]):
        result = strip(*args)
        assert result.exit_code == 2, args
        assert _digest(work) == before
    assert strip(work, "--in-place").exit_code == 0
    assert work.read_bytes() == _without(entry, {"name"})
    assert [p.name for p in tmp_path.iterdir()] == ["main.wasm"]  # no temporary left behind


def test_a_failed_write_leaves_the_target_and_no_temporary(tmp_path, monkeypatch):
    entry = UNSTRIPPED[0]
    out = tmp_path / "out.wasm"
    out.write_bytes(b"previous contents")

    def failing_replace(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    result = strip(fixture_path(entry), "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("cannot write: No space left on device")
    assert out.read_bytes() == b"previous contents"
    assert [p.name for p in tmp_path.iterdir()] == ["out.wasm"]


def test_unreadable_input_writes_nothing(tmp_path):
    bad = tmp_path / "bad.wasm"
    bad.write_bytes(fixture_path(UNSTRIPPED[0]).read_bytes()[:5000])
    result = strip(bad, "-o", tmp_path / "out.wasm")
    assert result.exit_code == 3 and len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out.wasm").exists()


def test_only_headers_are_read_so_kept_sections_are_copied_as_they_are(tmp_path):
    """A byte changed inside the code section's payload (its framing intact) is copied, not judged; a
    section whose size runs past the end of the file is refused with the offset."""
    entry = next(e for e in UNSTRIPPED if e["goos"] == "js")
    facts = {**entry, "path": fixture_path(entry)}
    kinds = [section["kind"] for section in groundtruth_facts.sections(facts)]
    _, code_payload, code_end = groundtruth_facts.section_spans(facts)[kinds.index("code")]
    data = bytearray(fixture_path(entry).read_bytes())
    data[(code_payload + code_end) // 2] ^= 0xFF
    odd = tmp_path / "odd.wasm"
    odd.write_bytes(bytes(data))
    result = strip(odd, "-o", tmp_path / "out.wasm")
    assert result.exit_code == 0, result.stderr
    expected = bytearray(_without(entry, {"name"}))
    expected[(code_payload + code_end) // 2] ^= 0xFF  # the code section lies before the name section
    assert (tmp_path / "out.wasm").read_bytes() == bytes(expected)
    (tmp_path / "cut.wasm").write_bytes(bytes(data[: code_end - 10]))
    cut = strip(tmp_path / "cut.wasm", "-o", tmp_path / "cut-out.wasm")
    assert cut.exit_code == 3 and "byte" in cut.stderr and not (tmp_path / "cut-out.wasm").exists()
