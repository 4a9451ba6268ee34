"""`why`: what keeps each package or function a pattern matches in the binary, and what removing it
would save, from a build's report and reference graph."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from gowasm_inspect.analyses.budget.patterns import matches
from gowasm_inspect.analyses.reachability import Reachability
from gowasm_inspect.analyses.reflection import reflection_trap, reflective
from gowasm_inspect.model.chain import Chain, Hop
from gowasm_inspect.model.reference_graph import ENTRY, EXPORT, FUNCTION, INIT, METHOD_OF, START, BuildGraph, Root
from gowasm_inspect.model.report import RetainedPackage
from gowasm_inspect.model.why import WhyMatch, WhyReport

EDGE_PHRASES = ("calls", "takes the address of", "is the go/defer wrapper of", "refers to", "points to",
                "holds the address of", "keeps in its method table", "brings in its package's init")


class Explained:
    """A build's graph with its walk from the roots."""

    def __init__(self, build: BuildGraph) -> None:
        self.build = build
        self.reach = Reachability(build.graph, build.packages, build.map_inits)

    @cached_property
    def reflective(self) -> tuple[list[list[int]], list[int]]:
        """The reflective lookups reached, and what the linker kept only for them (reflection.reflective)."""
        return reflective(self)

    def retained(self, nodes: list[int]) -> int:
        """What removing `nodes` would save, with what reflection kept once no reflective lookup is left."""
        return self.reach.retained(nodes, self.build.sizes, kept_while=self.reflective)

    def hops(self, chain: list[tuple[int, int]]) -> Chain:
        build = self.build
        hops = [Hop(build.name(node), build.kind(node), build.package(node), self._phrase(chain, at))
                for at, (node, _) in enumerate(chain)]
        return Chain(root_phrase(self.reach.root_of[chain[0][0]]), hops)

    def _phrase(self, chain: list[tuple[int, int]], at: int) -> str | None:
        """How hop `at` is reached from the one before; a method table entry names the interface it is kept
        for ("method of T kept for interface I"), or reflection when no reached interface declares it."""
        node, kind = chain[at]
        if kind < 0:
            return None
        if kind != METHOD_OF:
            return EDGE_PHRASES[kind]
        interface = self.reach.declared.get(self.reach.method_key(chain[at - 1][0], node))
        return (f"keeps in its method table for {self.build.name(interface)}" if interface is not None
                else "keeps in its method table for reflection")


def root_phrase(root: Root) -> str:
    if root.kind == EXPORT:
        return f'exported to the host as "{root.detail}"'
    if root.kind == START:
        return "the module's start function"
    if root.kind == ENTRY:
        return "the linker's entry point"
    assert root.kind == INIT
    return "package initialisation (an init task)"


def explain(explained: Explained, pattern: str, chains: int = 1) -> WhyReport:
    """Each package the pattern matches (as budgets match them) or, when none, each function it names or
    matches; with up to `chains` chains each."""
    build = explained.build
    members = _members(build)
    packages = sorted(package for package in members
                      if any(matches(pattern, path) for path in build.package_paths(package)))
    found: list[WhyMatch] = []
    if packages:
        found = [_match(explained, package, "package", members[package], chains) for package in packages]
    else:
        named = sorted(index for index, entry in build.functions.items()
                       if entry.name is not None and (entry.name == pattern or matches(pattern, entry.name)))
        found = [_match(explained, build.name(index), FUNCTION, [index], chains) for index in named]
    found.sort(key=lambda match: (-match.retained, match.name))
    graph = build.graph
    defined = range(graph.imported, graph.functions)
    return WhyReport(build.report.file, pattern, found, len(defined),
                     sum(1 for node in defined if explained.reach.reached(node)),
                     reflection=reflection_trap(explained))


def _match(explained: Explained, name: str, kind: str, nodes: list[int], count: int) -> WhyMatch:
    build, reach = explained.build, explained.reach
    functions = [node for node in nodes if node < build.graph.functions]
    nearest = reach.nearest(functions) if functions else reach.nearest(nodes)
    chains = [explained.hops(chain) for chain in reach.chains(nearest, count)] if nearest is not None else []
    own = sum(build.sizes[node] for node in nodes)
    return WhyMatch(name, kind, len(functions), own, explained.retained(nodes), chains)


def retained_packages(explained: Explained, count: int) -> list[RetainedPackage]:
    """The `count` largest packages by their own bytes, each with what removing it would save, most first;
    not those that hold an export, the start function or the linker's entry, which cannot go."""
    build = explained.build
    members = _members(build)
    for root in build.graph.roots:
        if root.kind != INIT:
            members.pop(build.packages[root.node] or "", None)
    own = {package: sum(build.sizes[node] for node in nodes) for package, nodes in members.items()}
    largest = sorted(own, key=lambda package: (-own[package], package))[:count]
    found = [RetainedPackage(package, own[package], explained.retained(members[package]))
             for package in largest]
    return sorted(found, key=lambda row: (-row.retained, row.name))


def _members(build: BuildGraph) -> dict[str, list[int]]:
    """Each package -> its nodes (functions and data items)."""
    members: dict[str, list[int]] = defaultdict(list)
    for node, package in enumerate(build.packages):
        if package is not None:
            members[package].append(node)
    return members
