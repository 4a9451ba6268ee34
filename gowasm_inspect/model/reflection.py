"""What a reachable reflective method lookup (reflect.Value.Method, MethodByName and the reflect.Type
pair) made the linker keep."""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.model.chain import Chain

# How the linker answered the lookup, read from the method tables it left
EVERY_EXPORTED = "every exported method"  # a lookup by index or a name it could not know: REFLECTMETHOD
NAMED = "named methods"  # MethodByName with constant names: only methods of those names
NOTHING = "nothing"  # the lookup is linked, yet no method is kept for it

REFLECTION_ASSUMES = (
    "an estimate, and a low one: the bytes reached only through method table entries no reachable "
    "interface declares; methods that a reachable interface declares but nothing calls are kept by the "
    "linker for reflection too, and are not counted")


class ReflectionTrap(Struct, frozen=True):
    lookups: list[str]  # the reflective lookups linked, by Go name
    chain: Chain  # from a root to the nearest of them
    verdict: str  # EVERY_EXPORTED, NAMED or NOTHING
    names: list[str]  # the names of the methods kept with no interface declaring them
    methods: int  # method table entries kept with no interface declaring them
    functions: int  # functions reached only through those entries
    size: int  # their bytes and what they alone reach (an estimate: REFLECTION_ASSUMES)
    assumes: str = REFLECTION_ASSUMES
