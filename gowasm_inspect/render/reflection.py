"""The reflection trap in words: one sentence for `size` and `info` warnings, and the block `why` prints."""

from __future__ import annotations

import shlex

from gowasm_inspect.model.reflection import EVERY_EXPORTED, NAMED, ReflectionTrap
from gowasm_inspect.render.figures import human_bytes

_NAMES_SHOWN = 5


def trap_sentence(trap: ReflectionTrap) -> str:
    """What the linker kept for the lookup, and how much (plain text: escape it for the output)."""
    lookup = trap.chain.hops[-1].name
    kept = (f"{trap.methods} method table entries, {trap.functions} functions, about {human_bytes(trap.size)} "
            "(an estimate, at least this much)")
    if trap.verdict == EVERY_EXPORTED:
        return (f"reflection: {lookup} is reachable and a method is looked up by index or by a name known only "
                f"at run time, so the linker kept every exported method of every type converted to an interface: "
                f"{kept}")
    if trap.verdict == NAMED:
        names = ", ".join(trap.names[:_NAMES_SHOWN]) + (", ..." if len(trap.names) > _NAMES_SHOWN else "")
        return (f"reflection: {lookup} is reachable, with constant method names only: the linker kept the "
                f"methods named {names}: {kept}")
    return f"reflection: {lookup} is reachable, but the linker kept no method for it"


def trap_warning(trap: ReflectionTrap, path: str) -> str:
    """The sentence with the end of the chain that reaches the lookup, and the command that shows all of it:
    for `size` and `info`."""
    tail = [hop.name for hop in trap.chain.hops if hop.kind == "function"][-3:]
    command = f"gowasm-inspect why {shlex.quote(path)} {shlex.quote(tail[-1])}"
    return f"{trap_sentence(trap)}; reached through {' -> '.join(tail)} (the whole chain: {command})"
