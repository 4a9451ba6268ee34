"""Why a function or package is in the binary: the shortest chains of references from a root, and
what removing it would save.

Chains come from one breadth-first walk from every root at once, which leaves each node the
hop it was first reached by: following those back gives a shortest chain. Further chains to a
target end in its other reached predecessors, shortest first.

What removing a set of nodes saves is estimated as the bytes of every node reachable from the
roots only through the set (its retained size, as twiggy's dominators give it): the walk is
repeated with the set left out and what it no longer reaches is summed. In both walks a
package's init tasks are roots only once the package is reached otherwise: the linker runs
them for the packages the program imports, and a package only the set used is imported no
more. It assumes the code that used the set goes too, and that nothing the set kept out of the
linker's sight (a method an interface call needs, reflection) is asked for in another way.
"""

from __future__ import annotations

from array import array
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Mapping, Sequence

from gowasm_inspect.model.reference_graph import CALL, INIT, METHOD_OF, ReferenceGraph, Root

INITIALISES = 7  # beside the graph's edge kinds: a package reached brings in its init tasks

UNREACHED, LEFT_OUT = -1, -2


class Flood:
    """One breadth-first walk: each node's depth, and the node and edge kind it was first reached by.

    Stages, each walked to its end before the next: the exports, start function and entry; then
    the init tasks of packages nothing reached (imported for their side effects); then, unless
    `follow_undeclared` is False, the method table entries no reachable interface declared (a method
    reflection or the runtime calls, which the binary does not show). Within a stage, a package's init
    tasks are entered from the first node of the package reached, and a method table entry once an
    interface declaring its method is reached."""

    def __init__(self, reach: Reachability, left_out: Collection[int] = (), follow_undeclared: bool = True) -> None:
        nodes, graph = reach.nodes, reach.graph
        self.reach = reach
        self.depth = array("q", [UNREACHED]) * nodes
        self.parent = array("q", [UNREACHED]) * nodes
        self.parent_kind = array("b", [UNREACHED]) * nodes
        self.root_of: dict[int, Root] = {}
        for node in left_out:
            self.depth[node] = LEFT_OUT
        self.waiting = reach.init_tasks()
        self.declared: dict[int, int] = {}  # method key -> the first reached interface type declaring it
        self.pending: dict[int, list[tuple[int, int]]] = defaultdict(list)  # key -> (type, method)
        self.queue: deque[int] = deque()
        self.waiting_maps: dict[int, list[tuple[int, int]]] = defaultdict(list)  # variable -> (init, map.init)
        for root in graph.roots:
            if root.kind != INIT:
                self._root(root)
        self._drain()
        for root in [task for tasks in self.waiting.values() for task in tasks]:
            self._root(root)
        self._drain()
        while follow_undeclared and (self.pending or self.waiting_maps):
            undeclared = sorted(edge for edges in self.pending.values() for edge in edges)
            self.pending.clear()
            for source, target in undeclared:
                self._enter(target, source, METHOD_OF)
            unreferenced = sorted(call for calls in self.waiting_maps.values() for call in calls)
            self.waiting_maps.clear()
            for source, target in unreferenced:
                self._enter(target, source, CALL)
            self._drain()
        self.depth = array("q", (UNREACHED if depth == LEFT_OUT else depth for depth in self.depth))

    def reached(self, node: int) -> bool:
        return self.depth[node] >= 0

    def _map_needed(self, caller: int, initialiser: int, variables: list[int]) -> bool:
        """Whether a map's initialiser is entered now: once one of its variables is reached otherwise (the
        linker's weak call from a package's init); until then it waits for them."""
        if any(self.depth[variable] >= 0 for variable in variables):
            return True
        for variable in variables:
            self.waiting_maps[variable].append((caller, initialiser))
        return False

    def _root(self, root: Root) -> None:
        if self.depth[root.node] == UNREACHED:
            self.root_of[root.node] = root
            self._enter(root.node, UNREACHED, UNREACHED)

    def _enter(self, node: int, source: int, kind: int) -> None:
        if self.depth[node] != UNREACHED:
            return
        self.depth[node] = self.depth[source] + 1 if source != UNREACHED else 0
        self.parent[node], self.parent_kind[node] = source, kind
        self.queue.append(node)
        for caller, initialiser in self.waiting_maps.pop(node, ()):
            self._enter(initialiser, caller, CALL)

    def _drain(self) -> None:
        reach, depth, queue = self.reach, self.depth, self.queue
        first, targets, kinds, keys = reach.first, reach.targets, reach.kinds, reach.keys
        interface_keys, packages, map_inits = reach.graph.interface_keys, reach.packages, reach.map_inits
        while queue:
            node = queue.popleft()
            for task in self.waiting.pop(packages[node], ()):
                self._enter(task.node, node, INITIALISES)
            for key in interface_keys.get(node, ()):
                if key not in self.declared:
                    self.declared[key] = node
                    for source, target in self.pending.pop(key, ()):
                        self._enter(target, source, METHOD_OF)
            for at in range(first[node], first[node + 1]):
                target = targets[at]
                if depth[target] != UNREACHED:
                    continue
                key = keys[at]
                if key >= 0 and key not in self.declared:
                    self.pending[key].append((node, target))
                elif target in map_inits and not self._map_needed(node, target, map_inits[target]):
                    pass
                else:
                    self._enter(target, node, kinds[at])


class Reachability:
    """The graph as adjacency arrays, and the breadth-first walk from its roots."""

    def __init__(self, graph: ReferenceGraph, packages: Sequence[str | None],
                 map_inits: Mapping[int, list[int]] | None = None) -> None:
        """`map_inits`: each outlined map initialiser -> its map's variables, whose reach it waits for."""
        self.graph, self.packages, self.map_inits = graph, packages, map_inits or {}
        self.nodes = graph.functions + len(graph.items)
        order = sorted(range(len(graph.sources)), key=graph.sources.__getitem__)
        self.first = array("q", bytes(8 * (self.nodes + 1)))
        for source in graph.sources:
            self.first[source + 1] += 1
        for node in range(self.nodes):
            self.first[node + 1] += self.first[node]
        self.targets = array("q", [graph.targets[at] for at in order])
        self.kinds = array("b", [graph.kinds[at] for at in order])
        method_keys = graph.method_keys
        self.keys = array("q", [method_keys.get(at, -1) for at in order])
        self._declared_only: array[int] | None = None
        self._incoming: dict[int, list[tuple[int, int]]] | None = None
        flood = Flood(self)
        self.parent, self.parent_kind, self.depth, self.root_of = (flood.parent, flood.parent_kind, flood.depth,
                                                                    flood.root_of)
        self.declared = flood.declared  # each method key a reached interface declares -> that interface
        self._method_key: dict[tuple[int, int], int] | None = None

    def init_tasks(self) -> dict[str | None, list[Root]]:
        waiting: dict[str | None, list[Root]] = defaultdict(list)
        for root in self.graph.roots:
            if root.kind == INIT:
                waiting[self.packages[root.node]].append(root)
        return waiting

    def reached(self, node: int) -> bool:
        return self.depth[node] != UNREACHED

    def chain(self, node: int) -> list[tuple[int, int]]:
        """(node, kind of the edge that reached it; -1 for the root) from a root to `node`; [] if unreached."""
        if not self.reached(node):
            return []
        hops = []
        while node != UNREACHED:
            hops.append((node, self.parent_kind[node]))
            node = self.parent[node]
        hops.reverse()
        return hops

    def chains(self, node: int, count: int) -> list[list[tuple[int, int]]]:
        """Up to `count` chains to `node`: the shortest, then through each other reached predecessor,
        shortest first."""
        best = self.chain(node)
        if not best or count <= 1:
            return [best] if best else []
        predecessors = sorted({(self.depth[source], source, kind) for source, kind in self.predecessors(node)
                               if self.reached(source) and source != self.parent[node]})
        found = [best]
        for _, source, kind in predecessors:
            if len(found) == count:
                break
            before = self.chain(source)
            if all(hop != node for hop, _ in before):  # a chain that reaches the node on its way is no other
                found.append([*before, (node, kind)])
        return found

    def predecessors(self, node: int) -> Iterable[tuple[int, int]]:
        """(source, kind) of each edge into `node`: indexed once, on the first call (only --all asks)."""
        if self._incoming is None:
            graph, incoming = self.graph, defaultdict(list)
            for source, target, kind in zip(graph.sources, graph.targets, graph.kinds, strict=True):
                incoming[target].append((source, kind))
            self._incoming = incoming
        return self._incoming.get(node, ())

    def nearest(self, nodes: Iterable[int]) -> int | None:
        """Of `nodes`, the one reached first (least depth, then lowest number), or None."""
        reached = [(self.depth[node], node) for node in nodes if self.reached(node)]
        return min(reached)[1] if reached else None

    def method_key(self, source: int, target: int) -> int:
        """The method key of the method table entry `source` (a type) -> `target` (its method); -1 if none."""
        if self._method_key is None:
            graph = self.graph
            self._method_key = {(graph.sources[edge], graph.targets[edge]): key
                                for edge, key in graph.method_keys.items()}
        return self._method_key.get((source, target), -1)

    def declared_only(self) -> array[int]:
        """Each node's depth in the walk that leaves out method table entries no reached interface declares
        (-1: unreached there)."""
        if self._declared_only is None:
            self._declared_only = Flood(self, follow_undeclared=False).depth
        return self._declared_only

    def retained(self, nodes: Collection[int], sizes: Sequence[int],
                 kept_while: tuple[Sequence[Collection[int]], Collection[int]] = ((), ())) -> int:
        """The bytes reached now but not once `nodes` are taken away (`nodes` included); method table entries
        no reachable interface declares are not followed in either walk, so that a method only the set
        called is counted as saved. `kept_while` (groups, kept): the kept nodes, which the walk does not
        reach, count as saved too once every node of one group is unreached without the set (what
        reflection keeps goes with the last reflective lookup, or the last function that calls one); until
        then only those in the set do."""
        now, still = self.declared_only(), Flood(self, nodes, follow_undeclared=False).depth
        saved = sum(size for node, size in enumerate(sizes) if now[node] >= 0 and still[node] < 0)
        groups, kept = kept_while
        if any(group and all(still[node] < 0 for node in group) for group in groups):
            saved += sum(sizes[node] for node in kept)
        elif kept:
            saved += sum(sizes[node] for node in set(nodes) & set(kept))  # the set's own kept nodes
        return saved
