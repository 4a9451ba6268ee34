"""A build's reference graph (golang/references.py) with what the report says of each node: its name,
package and own bytes."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence

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
                 sizes: list[int]) -> None:
        """`sizes`: each node's own bytes (`node_sizes`)."""
        self.report, self.graph, self.item_packages, self.sizes = report, graph, item_packages, sizes
        self.functions = {entry.index: entry for entry in report.functions}
        self.main_package = report.build.main_package
        self.nodes = graph.functions + len(graph.items)
        self.packages = [self.package(node) for node in range(self.nodes)]
        self.map_inits = self._map_inits()

    @classmethod
    def measured(cls, report: Report, graph: ReferenceGraph, types: TypeTable, sizes: list[int]) -> BuildGraph:
        """The graph with each type's package from the type table."""
        item_packages = [types.descriptors[item.address].package if item.kind == "type" else None
                         for item in graph.items]
        return cls(report, graph, item_packages, sizes)

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


def node_sizes(report: Report, graph: ReferenceGraph, image: MemoryImage, static: dict[int, int],
               framing: Sequence[int], names: dict[int, int]) -> list[int]:
    """Each node's own file bytes: a function's code, its entry in the name section (`names`) and its bytes
    in the function tables (the report's function data less the `static` data it alone owns, which its items
    count), an item's bytes in the data section; and the headers of the data segments that start in them
    (`framing`, per node), the rest of the section's framing shared by all data bytes alike."""
    sizes = [0] * (graph.functions + len(graph.items))
    shared = _shared_framing(report, sum(framing))
    for entry in report.functions:
        if 0 <= entry.index < graph.functions:
            sizes[entry.index] = (entry.size + names.get(entry.index, 0)
                                  + round((entry.data - static.get(entry.index, 0)) * shared) + framing[entry.index])
    file_bytes = image.coverage.file_bytes([item.address for item in graph.items],
                                           [item.address + item.size for item in graph.items])
    for number, size in enumerate(file_bytes):
        node = graph.functions + number
        sizes[node] = round(size * shared) + framing[node]
    return sizes


def _shared_framing(report: Report, owned: int) -> float:
    """1 + the data section's framing that no node owns, per byte of what the segments frame."""
    regions = {region.name: region.size for region in report.regions}
    framing = regions.get("framing", 0)
    framed = sum(regions.values()) - framing
    return 1 + max(0, framing - owned) / framed if framed > 0 else 1.0


def read_build_graph(path: str | os.PathLike[str]) -> BuildGraph:
    """The report and reference graph of the .wasm file at `path`, from one reading of it; InputError when it
    has no Go metadata to read the graph from."""
    from gowasm_inspect.golang.data_reading import static_by_function
    from gowasm_inspect.golang.framing import segment_framing
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
        graph = read_reference_graph(inputs)
        static = static_by_function(inputs.image, inputs.constants, inputs.moduledata, inputs.pieces)
        framing = (segment_framing(module.data.segments, inputs.moduledata, inputs.imported, inputs.defined,
                                   [item.address for item in graph.items],
                                   [item.address + item.size for item in graph.items])
                   if module.data is not None else [0] * (graph.functions + len(graph.items)))
        names = module.names.entry_sizes() if module.names is not None else {}
        sizes = node_sizes(report, graph, inputs.image, static, framing, names)
        return BuildGraph.measured(report, graph, inputs.types, sizes)
