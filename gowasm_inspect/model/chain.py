"""A chain of references from a root of the binary to what it keeps: one hop per node."""

from __future__ import annotations

from msgspec import Struct


class Hop(Struct, frozen=True):
    name: str  # a function's Go name, a data item's linker symbol, or its region and address
    kind: str  # "function", or the data item's kind ("type", "itab", "funcdesc", "rodata", ...)
    package: str | None
    edge: str | None  # how the hop before reaches this one ("calls", ...); None for the root


class Chain(Struct, frozen=True):
    root: str  # why the first hop is kept at all ("exported to the host as \"run\"", ...)
    hops: list[Hop]
