"""A build's reference graph (golang/references.py) with what the report says of each node: its name,
package and own bytes."""

from __future__ import annotations

import os
from collections import defaultdict

from gowasm_inspect.errors import InputError
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.references import (
    CALL,
    ENTRY,
    EXPORT,
    INIT,
    METHOD_OF,
    REFERS,
    START,
    VARIABLES,
    DataItem,
    ReferenceGraph,
    Root,
)
from gowasm_inspect.golang.types import TypeTable
from gowasm_inspect.model.report import Report, unnamed

__all__ = ["CALL", "ENTRY", "EXPORT", "INIT", "METHOD_OF", "START", "BuildGraph", "DataItem", "ReferenceGraph", "Root",
           "read_build_graph"]

FUNCTION = "function"


class BuildGraph:
    """A build's report and reference graph together: names, packages and sizes of every node."""

    def __init__(self, report: Report, graph: ReferenceGraph, item_packages: list[str | None],
                 sizes: list[int] | None = None, image: MemoryImage | None = None) -> None:
        """`sizes` as `_sizes` measures them in `image` (given one of the two: a cached graph has its sizes)."""
        self.report, self.graph, self.item_packages = report, graph, item_packages
        self.functions = {entry.index: entry for entry in report.functions}
        self.main_package = report.build.main_package
        self.nodes = graph.functions + len(graph.items)
        self.packages = [self.package(node) for node in range(self.nodes)]
        if sizes is None:
            assert image is not None
            sizes = self._sizes(image)
        self.sizes = sizes
        self.map_inits = self._map_inits()

    @classmethod
    def measured(cls, report: Report, graph: ReferenceGraph, image: MemoryImage, types: TypeTable) -> BuildGraph:
        """The graph with each type's package from the type table and each node's bytes from the image."""
        item_packages = [types.descriptors[item.address].package if item.kind == "type" else None
                         for item in graph.items]
        return cls(report, graph, item_packages, image=image)

    def _map_inits(self) -> dict[int, list[int]]:
        """Each outlined map initialiser (`pkg.map.init.N`, which a package's init calls) -> the variables it
        refers to but the runtime does not (its map, not the write barrier's flag): the linker keeps the
        call only when one of them is reachable otherwise."""
        graph, first = self.graph, self.graph.functions
        referred: dict[int, list[int]] = defaultdict(list)
        runtime_state: set[int] = set()
        for source, target, kind in zip(graph.sources, graph.targets, graph.kinds, strict=True):
            if kind == REFERS and target >= first and graph.items[target - first].kind == VARIABLES:
                if self.packages[source] == "runtime":
                    runtime_state.add(target)
                elif ".map.init." in self.name(source):
                    referred[source].append(target)
        return {function: [node for node in variables if node not in runtime_state]
                for function, variables in referred.items()}

    def _sizes(self, image: MemoryImage) -> list[int]:
        """Each node's own file bytes: a function's code and the data it alone owns (the report's), an item's
        bytes in the data section unless one function alone refers to it (then they are that function's);
        data bytes with their share of the segment framing."""
        graph, sizes = self.graph, [0] * self.nodes
        framed = _framing_share(self.report)
        for index, entry in self.functions.items():
            if index < graph.functions:
                sizes[index] = entry.size + round(entry.data * framed)
        referrers: dict[int, set[int]] = defaultdict(set)
        for source, target, kind in zip(graph.sources, graph.targets, graph.kinds, strict=True):
            if target >= graph.functions:
                referrers[target].add(source if kind == REFERS else -1)
        file_bytes = image.coverage.file_bytes([item.address for item in graph.items],
                                               [item.address + item.size for item in graph.items])
        for number, (item, size) in enumerate(zip(graph.items, file_bytes, strict=True)):
            node = graph.functions + number
            sole = referrers.get(node, set())
            if item.kind in ("rodata", "data", "noptrdata") and len(sole) == 1 and -1 not in sole:
                continue
            sizes[node] = round(size * framed)
        return sizes

    def name(self, node: int) -> str:
        if node < self.graph.functions:
            entry = self.functions.get(node)
            return entry.name if entry is not None and entry.name else unnamed(node)
        item = self.graph.items[node - self.graph.functions]
        return item.name or f"{item.kind} data at 0x{item.address:x} ({item.size} B)"

    def package(self, node: int) -> str | None:
        if node < self.graph.functions:
            entry = self.functions.get(node)
            return entry.package if entry is not None else None
        return self.item_packages[node - self.graph.functions]

    def kind(self, node: int) -> str:
        return FUNCTION if node < self.graph.functions else self._item(node).kind

    def _item(self, node: int) -> DataItem:
        return self.graph.items[node - self.graph.functions]

    def package_paths(self, package: str) -> list[str]:
        """Go names the program's own package "main"; patterns match it by its import path as well."""
        return [package, self.main_package] if package == "main" and self.main_package else [package]


def _framing_share(report: Report) -> float:
    """1 + the data segments' framing per byte of what they frame: fewer data bytes, fewer segments."""
    regions = {region.name: region.size for region in report.regions}
    framing = regions.get("framing", 0)
    framed = sum(regions.values()) - framing
    return 1 + framing / framed if framed > 0 else 1.0


def read_build_graph(path: str | os.PathLike[str]) -> BuildGraph:
    """The report and reference graph of the .wasm file at `path`, from one reading of it; InputError when it
    has no Go metadata to read the graph from."""
    from gowasm_inspect.golang.memory import build_memory_image
    from gowasm_inspect.golang.reference_inputs import read_graph_inputs
    from gowasm_inspect.golang.references import read_reference_graph
    from gowasm_inspect.model.from_binary import build_report, no_cycle_collection, read_for_report

    with no_cycle_collection():
        module = read_for_report(path, digest=False)
        image, _ = build_memory_image(module)  # built once: the report's reading and the graph's share it
        report = build_report(module, image)
        inputs, why_not = read_graph_inputs(module, image)
        if inputs is None:
            raise InputError(f"no reference graph: {why_not}")
        return BuildGraph.measured(report, read_reference_graph(inputs), inputs.image, inputs.types)
