"""A report as one tree of bytes, for a treemap: file -> section -> (code: module -> package -> function;
data: region -> package), each node's size the sum of its children's.

Every level tiles its parent: what no child accounts for (a section's framing,
a region's bytes no package owns) is a child of its own, so areas add up. A diff
tree is the new build's, each node carrying its change from the node at the same
path in the old build (0 for a node the old build lacks: its whole size is the
change then, `added`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from msgspec import Struct, field

from gowasm_inspect.model.report import Report, unnamed
from gowasm_inspect.wasm.format import CUSTOM_SECTION_ID, MODULE_HEADER_SIZE

FILE, SECTION, MODULE, PACKAGE, FUNCTION, REGION, PART = range(7)  # node kinds
CODE_FRAMING = "(section framing: id, size, function count and body sizes)"
UNOWNED = "(owned by no package)"
NO_PACKAGE = "(no package)"
NO_MODULE = "(no module)"


class Node(Struct):
    kind: int
    name: str
    size: int = 0
    children: list[Node] = field(default_factory=list)
    delta: int = 0
    added: bool = False
    offset: int | None = None  # a section's file offset

    def sort(self) -> None:
        """Children largest first, at every level."""
        for node in self.children:
            node.sort()
        self.children.sort(key=lambda node: (-node.size, node.name))


def size_tree(report: Report) -> Node:
    root = Node(FILE, report.file, report.size)
    root.children.append(Node(SECTION, "module header", MODULE_HEADER_SIZE))
    for section in report.sections:
        label = f"{section.name} (custom)" if section.id == CUSTOM_SECTION_ID else section.name
        node = Node(SECTION, label, section.size, offset=section.offset)
        if section.name == "code" and section.id != CUSTOM_SECTION_ID and report.functions:
            _code_children(node, report)
        elif section.name == "data" and section.id != CUSTOM_SECTION_ID and report.regions:
            _data_children(node, report)
        root.children.append(node)
    root.sort()
    return root


def _code_children(section: Node, report: Report) -> None:
    packages: dict[tuple[str, str], list[Node]] = defaultdict(list)
    for function in report.functions:
        name = function.name or unnamed(function.index)
        packages[(function.module or NO_MODULE, function.package or NO_PACKAGE)].append(
            Node(FUNCTION, name, function.size))
    modules: dict[str, Node] = {}
    for (module_path, package), functions in packages.items():
        module = modules.setdefault(module_path, Node(MODULE, module_path))
        module.children.append(Node(PACKAGE, package, sum(f.size for f in functions), functions))
        module.size += module.children[-1].size
    section.children = list(modules.values())
    _add_rest(section, CODE_FRAMING)


def _data_children(section: Node, report: Report) -> None:
    owned: dict[str, list[Node]] = defaultdict(list)
    for package in report.packages:
        for name, size in package.data.items():
            if size:
                owned[name].append(Node(PACKAGE, package.name, size))
    for region in report.regions:
        if region.size:
            node = Node(REGION, region.name, region.size, owned.get(region.name, []))
            _add_rest(node, UNOWNED)
            section.children.append(node)


def _add_rest(node: Node, label: str) -> None:
    rest = node.size - sum(child.size for child in node.children)
    if rest > 0 and node.children:
        node.children.append(Node(PART, label, rest))


def diff_tree(old: Report, new: Report) -> tuple[Node, list[tuple[tuple[str, ...], int]]]:
    """The new build's tree, each node with its change from the old build's node at the same path; and
    (path, old size) of each node the new build lacks whose parent it has, largest first: what was taken
    out."""
    before = dict(_paths(size_tree(old)))
    tree = size_tree(new)
    after = dict(_paths(tree))
    for key, node in after.items():
        known = before.get(key)
        node.added = known is None
        node.delta = node.size - (known.size if known else 0)
    removed = [(tuple(part.split(":", 1)[1] for part in key[1:]), node.size)
               for key, node in before.items() if key not in after and key[:-1] in after]
    return tree, sorted(removed, key=lambda item: -item[1])


def _paths(node: Node, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Node]]:
    """(path, node) of the node and every node below it; a path names each level by kind and name."""
    key = (*path, f"{node.kind}:{node.name}") if path else ("",)
    yield key, node
    for child in node.children:
        yield from _paths(child, key)
