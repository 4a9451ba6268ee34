"""Binaries not built from Go: sax-wasm (Rust), @chainsafe/as-sha256 (AssemblyScript, with SIMD globals)
and sql.js (C through Emscripten), from npm, pinned in the manifest's `other` key. Truth: wasm-objdump for
sections and bodies, wabt's wasm-strip for what stripping custom sections leaves."""

from __future__ import annotations

import json
import shutil
import subprocess

import leb128
import pytest
from conftest import FIXTURES, fetch_published, invoke, slow

OTHER = json.loads((FIXTURES / "manifest.json").read_text())["other"]
GO_LINKER_WORDS = ("-ldflags", "relink", "Go linker", "Go's linker", " -s", " -w", "usable Go pclntab")



@slow
@pytest.mark.parametrize("entry", OTHER, ids=lambda entry: f"{entry['package']}@{entry['version']}")
def test_sections_and_function_bodies_are_wabts(entry):
    from groundtruth import wabt_body_sizes, wabt_sections

    report = json.loads(invoke("size", str(fetch_published(entry)), "--format", "json").stdout)
    sections = [(row["name"], row["offset"] + row["header_size"], row["payload_size"]) for row in report["sections"]]
    assert sections == [(section["name"] or section["kind"], section["payload_offset"], section["payload_size"])
                        for section in wabt_sections(fetch_published(entry))]
    bodies = wabt_body_sizes(fetch_published(entry))
    assert {row["index"]: row["body_size"] for row in report["functions"]} == bodies


@slow
@pytest.mark.skipif(shutil.which("wasm-strip") is None, reason="needs wabt's wasm-strip")
@pytest.mark.parametrize("entry", OTHER, ids=lambda entry: f"{entry['package']}@{entry['version']}")
def test_strip_predicts_what_wasm_strip_writes_and_speaks_not_of_gos_linker(entry, tmp_path):
    path = fetch_published(entry)
    stripped = tmp_path / "stripped.wasm"
    subprocess.run(["wasm-strip", str(path), "-o", str(stripped)], check=True)
    [prediction] = json.loads(invoke("size", str(path), "--strip", "--format", "json").stdout)["strip"]
    assert prediction["size"] == stripped.stat().st_size
    assert prediction["saved"] == path.stat().st_size - stripped.stat().st_size
    table = invoke("size", str(path), "--strip").stdout
    info = invoke("info", str(path)).stdout
    for text in (table, info, json.dumps(prediction)):
        assert not any(word in text for word in GO_LINKER_WORDS), text


def _name(text: str) -> bytes:
    return leb128.u.encode(len(text.encode())) + text.encode()


def _with_producers(path, tmp_path, fields: dict[str, list[tuple[str, str]]]):
    """The file with a producers custom section appended, encoded by the tool-conventions layout: a vector
    of fields, each a name and a vector of (name, version) pairs."""
    payload = leb128.u.encode(len(fields)) + b"".join(
        _name(field) + leb128.u.encode(len(values)) + b"".join(_name(name) + _name(version) for name, version in values)
        for field, values in fields.items())
    content = _name("producers") + payload
    out = tmp_path / "with-producers.wasm"
    out.write_bytes(path.read_bytes() + b"\0" + leb128.u.encode(len(content)) + content)
    return out


@slow
@pytest.mark.parametrize("entry", OTHER, ids=lambda entry: f"{entry['package']}@{entry['version']}")
def test_info_says_plainly_it_is_not_go_and_what_the_producers_section_names(entry, tmp_path):
    path = fetch_published(entry)
    info = invoke("info", str(path)).stdout
    assert "not built by the Go toolchain" in info and "TinyGo" not in info
    assert "no producers section names what built it" in info  # these packages ship none
    named = _with_producers(path, tmp_path, {"language": [("Rust", "")], "processed-by": [("rustc", "1.85.0")]})
    info = invoke("info", str(named)).stdout
    assert "producers   Rust, rustc 1.85.0" in info and "its producers section names Rust, rustc 1.85.0" in info


@slow
@pytest.mark.skipif(shutil.which("wasm-strip") is None or shutil.which("gzip") is None, reason="needs wasm-strip and gzip")
def test_compressed_stripped_size_is_gzip_of_what_wasm_strip_writes(tmp_path):
    entry = next(entry for entry in OTHER if entry["package"] == "sql.js")  # the one with a custom section
    path = fetch_published(entry)
    stripped = tmp_path / "stripped.wasm"
    subprocess.run(["wasm-strip", str(path), "-o", str(stripped)], check=True)
    gzipped = len(subprocess.run(["gzip", "-9", "-n", "-c", str(stripped)], check=True, capture_output=True).stdout)
    report = json.loads(invoke("size", str(path), "--strip", "--compress", "gzip", "--no-cache", "--format", "json").stdout)
    [prediction] = report["strip"]
    assert prediction["compressed_from"] == stripped.stat().st_size and prediction["compressed"]["gzip"] == gzipped
    table = invoke("size", str(path), "--strip", "--compress", "gzip", "--no-cache").stdout
    assert not any(word in table for word in GO_LINKER_WORDS), table
