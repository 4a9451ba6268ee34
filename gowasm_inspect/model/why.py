"""The answer to `why`: for each package or function a pattern matches, the chains of references
that keep it in the binary, and what removing it would save."""

from __future__ import annotations

from msgspec import Struct, field

from gowasm_inspect.model.chain import Chain
from gowasm_inspect.model.reflection import ReflectionTrap

WHY_VERSION = 1

RETAINED_ASSUMES = (
    "an estimate: the bytes (code and its names, the function tables and data they alone use, types and "
    "other data, the data segment headers all these start) "
    "that every chain from a root reaches only through the match, and what reflection kept when the match "
    "takes the last reflective method lookup (or the last function calling one) with it; it assumes the "
    "code that uses the match goes with it, and that nothing else asks for what only the match kept (a "
    "method an interface needs)")


class WhyMatch(Struct, frozen=True):
    name: str
    kind: str  # "package" or "function"
    functions: int  # functions it has (1 for a function)
    size: int  # its own bytes: code and the data its functions alone own
    retained: int  # bytes reached only through it: what removing it would save (an estimate)
    chains: list[Chain] = field(default_factory=list)  # empty: no root reaches it


class WhyReport(Struct):
    path: str
    pattern: str
    matches: list[WhyMatch]
    functions: int  # defined functions
    reached: int  # of those, how many a root reaches
    retained_assumes: str = RETAINED_ASSUMES
    version: int = WHY_VERSION
    warnings: list[str] = field(default_factory=list)
    reflection: ReflectionTrap | None = None  # when a reflective method lookup is reached
