"""The reference graph cache: a second read of the same bytes is served from it and answers exactly as a
fresh read does; other bytes, a damaged entry or --no-cache read the file again."""

from __future__ import annotations

import shutil

import msgspec
import pytest
from conftest import BY_FILE, fixture_path, invoke

from gowasm_inspect.analyses.why import Explained, explain
from gowasm_inspect.files import graph_cache
from gowasm_inspect.files.graph_cache import GraphCache, pack, unpack
from gowasm_inspect.model.reference_graph import read_build_graph

XML = BY_FILE["demo-go1.27.3-wasip1-xml.wasm"]
REFLECT = BY_FILE["reflectcall-go1.27.3-wasip1.wasm"]


def _answer(build) -> bytes:  # type: ignore[no-untyped-def]
    explained = Explained(build)
    return msgspec.json.encode([explain(explained, pattern, 3) for pattern in ("encoding/**", "main", "fmt.Sprintf")])


@pytest.fixture
def counted_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    reads: list[str] = []

    def read(path):  # type: ignore[no-untyped-def]
        reads.append(str(path))
        return read_build_graph(path)

    monkeypatch.setattr(graph_cache, "read_build_graph", read)
    return reads


def test_a_packed_graph_answers_as_the_graph_it_was_packed_from():
    build = read_build_graph(fixture_path(XML))
    restored = unpack(pack(build))
    assert restored.sizes == build.sizes and restored.packages == build.packages
    assert restored.graph.sources == build.graph.sources and restored.graph.items == build.graph.items
    assert _answer(restored) == _answer(build)


def test_the_second_read_of_the_same_bytes_is_served_from_the_cache(tmp_path, counted_reads):
    cache = GraphCache(tmp_path / "graphs")
    first = cache.read(fixture_path(XML))
    renamed = tmp_path / "renamed.wasm"
    shutil.copyfile(fixture_path(XML), renamed)
    second = cache.read(renamed)
    assert counted_reads == [str(fixture_path(XML))]
    assert second.report.file == str(renamed) and _answer(second) == _answer(first).replace(
        str(fixture_path(XML)).encode(), str(renamed).encode())


def test_other_bytes_or_a_damaged_entry_are_read_again(tmp_path, counted_reads):
    cache, build = GraphCache(tmp_path / "graphs"), tmp_path / "build.wasm"
    shutil.copyfile(fixture_path(XML), build)
    cache.read(build)
    shutil.copyfile(fixture_path(REFLECT), build)  # a new build under the same name
    assert cache.read(build).graph.functions == read_build_graph(fixture_path(REFLECT)).graph.functions
    for entry in (tmp_path / "graphs").iterdir():
        entry.write_bytes(b"\x93not a graph")
    cache.read(build)
    assert len(counted_reads) == 3


def test_why_no_cache_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert invoke("why", fixture_path(REFLECT), "main", "--no-cache").exit_code == 0
    assert not (tmp_path / "gowasm-inspect" / "graphs").exists()
    assert invoke("why", fixture_path(REFLECT), "main").exit_code == 0
    assert len(list((tmp_path / "gowasm-inspect" / "graphs").iterdir())) == 1


def test_size_reads_the_graph_once_for_the_reflection_warning_and_by_retained(counted_reads):
    dynamic = fixture_path(BY_FILE["reflectcall-go1.27.3-wasip1-dynamic.wasm"])
    result = invoke("size", dynamic, "--by", "retained", "--top", "3", "--no-cache")
    assert result.exit_code == 0 and "reflection:" in result.output and "What removing" in result.output
    assert counted_reads == [str(dynamic)]
