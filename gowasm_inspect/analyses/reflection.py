"""The reflection trap: when a reflective method lookup is linked, what the linker kept for it.

The linker cannot see which method reflect.Value.Method (by index) or MethodByName with a name known
only at run time will ask for: it keeps every exported method of every type converted to an
interface (cmd/link's REFLECTMETHOD). With a constant name the compiler tells it the name, and only
methods of that name are kept. The binary shows which happened: a method table entry kept though
no reachable interface declares its method, and no other reference reaches its function, was kept
for reflection; if such a type dropped another exported method, the linker kept by name only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gowasm_inspect.model.reference_graph import CALL
from gowasm_inspect.model.reflection import EVERY_EXPORTED, NAMED, NOTHING, ReflectionTrap

if TYPE_CHECKING:
    from gowasm_inspect.analyses.why import Explained

# The packages whose calls of a lookup the compiler never flags
_REFLECT = ("reflect", "internal/reflectlite")
# The lookups cmd/compile flags, by the names Go gives them in the binary
LOOKUPS = ("reflect.Value.Method", "reflect.Value.MethodByName", "reflect.(*rtype).Method",
           "reflect.(*rtype).MethodByName")


def linked_lookups(names: list[str | None]) -> list[str]:
    """The reflective lookups among a build's function names: what the trap needs to be possible."""
    return sorted({name for name in names if name in LOOKUPS})


def reflective(explained: Explained) -> tuple[list[list[int]], list[int]]:
    """([the reflective lookups reached, the functions that call one from outside reflect (the compiler flags
    those, never reflect's own)], the nodes reached only through method table entries no reachable interface
    declares: what the linker kept for them, until no lookup or no such caller is left). ([], []) when no
    lookup is reached."""
    build, reach = explained.build, explained.reach
    lookups = [node for node in range(build.graph.functions) if build.name(node) in LOOKUPS and reach.reached(node)]
    if not lookups:
        return [], []
    callers = sorted({source for lookup in lookups for source, kind in reach.predecessors(lookup)
                      if kind == CALL and reach.reached(source) and build.package(source) not in _REFLECT})
    declared_only = reach.declared_only()
    return [lookups, callers], [node for node in range(build.nodes) if reach.reached(node) and declared_only[node] < 0]


def reflection_trap(explained: Explained) -> ReflectionTrap | None:
    """What the reflective lookups the roots reach made the linker keep; None when none is reached."""
    build, reach = explained.build, explained.reach
    graph = build.graph
    guards, extra = explained.reflective
    if not guards:
        return None
    lookups = guards[0]
    nearest = reach.nearest(lookups)
    assert nearest is not None
    declared_only = reach.declared_only()
    kept: dict[int, list[int]] = {}  # type node -> keys of its entries kept for reflection
    for edge, key in graph.method_keys.items():
        function = graph.targets[edge]
        if key not in reach.declared and declared_only[function] < 0 and reach.reached(function):
            kept.setdefault(graph.sources[edge], []).append(key)
    names = sorted({graph.method_names[key] for keys in kept.values() for key in keys})
    exported_dropped = any(_exported(graph.method_names[key]) for node in kept
                           for key in graph.dropped_keys.get(node, ()))
    verdict = NOTHING if not kept else NAMED if exported_dropped else EVERY_EXPORTED
    return ReflectionTrap(
        lookups=sorted(build.name(node) for node in lookups),
        chain=explained.hops(reach.chain(nearest)),
        verdict=verdict,
        names=names,
        methods=sum(len(keys) for keys in kept.values()),
        functions=sum(1 for node in extra if node < graph.functions),
        size=sum(build.sizes[node] for node in extra),
    )


def _exported(name: str) -> bool:
    return name[:1].isupper()
