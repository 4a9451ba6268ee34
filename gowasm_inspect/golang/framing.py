"""Whose each data segment's framing is: the bytes a wasm data segment spends on its header.

Go's linker starts a new segment after every run of zeros, so a segment's header is spent because of
the bytes it starts with. Most of a Go build's framing is in findfunctab, where each wasm function's
16 buckets are a nonzero index and zeros: about ten segments a function, whose headers are that
function's. A header goes to the function whose buckets hold the segment's first byte, else to the
item (of the reference graph) that holds it, else to nobody.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence

from gowasm_inspect.golang.function_data import FUNCTION_BUCKETS
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.regions import findfunctab_size
from gowasm_inspect.wasm.sections.data import DataSegments


def segment_framing(segments: DataSegments, moduledata: ModuleData, imported: int, defined: int,
                    item_starts: Sequence[int], item_ends: Sequence[int]) -> array[int]:
    """Each node's framing bytes, functions then items as the graph numbers them (what starts in none is
    nobody's)."""
    framing = array("q", bytes(8 * (imported + defined + len(item_starts))))
    buckets = moduledata.findfunctab
    buckets_end = buckets + findfunctab_size(moduledata.minpc, moduledata.maxpc)
    for _, header, _, address in segments.initialising():
        if buckets <= address < buckets_end and (address - buckets) // FUNCTION_BUCKETS < defined:
            framing[imported + (address - buckets) // FUNCTION_BUCKETS] += header
            continue
        at = bisect_right(item_starts, address) - 1
        if at >= 0 and address < item_ends[at]:
            framing[imported + defined + at] += header
    return framing
