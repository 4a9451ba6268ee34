"""The initial linear memory of a module, rebuilt from its active data segments.

Go drops runs of zero bytes from its data, so it writes many segments (up to
100,000), and from Go 1.26 not in address order. Each is placed at its offset;
the gaps stay zero, as they are in a running module.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Collection

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.coverage import Coverage
from gowasm_inspect.wasm.module import WasmModule

_WORD = struct.Struct("<Q")
_WORD_MASK = (1 << 64) - 1
_SEARCHES_ONE_BY_ONE = 16

# A Go image spans about twice its segment bytes (the dropped zero runs); refuse far sparser layouts
# rather than allocate gigabytes for a hostile segment placed at a high address.
_MAX_SPAN_FACTOR = 3  # real builds measured: 1.3 to 1.8
_MAX_SPAN_SLACK = 16 << 20


class MemoryImage:
    """Bytes of linear memory from `base` to `base + len(data)`, and which of them the file holds."""

    def __init__(self, base: int, data: bytearray, coverage: Coverage | None = None) -> None:
        self.base = base
        self.data = data
        self.coverage = coverage if coverage is not None else Coverage([base], [base + len(data)])

    def file_bytes_between(self, cuts: list[int]) -> list[int]:
        """File bytes that initialise memory in each [cuts[i], cuts[i+1]) (where segments overlap, once);
        `cuts` ascending."""
        return self.coverage.file_bytes(cuts[:-1], cuts[1:])

    @property
    def end(self) -> int:
        return self.base + len(self.data)

    def contains(self, address: int, size: int = 1) -> bool:
        return self.base <= address and address + size <= self.end

    def find(self, pattern: bytes, start: int | None = None) -> int:
        """Address of the next occurrence of `pattern` at or after `start`, or -1."""
        at = self.data.find(pattern, 0 if start is None else max(0, start - self.base))
        return -1 if at < 0 else self.base + at

    def find_all(self, pattern: bytes) -> list[int]:
        found, at = [], self.find(pattern)
        while at >= 0:
            found.append(at)
            at = self.find(pattern, at + 1)
        return found

    def aligned_words(self, value: int, free_low_bytes: int = 0) -> list[int]:
        """Addresses, ascending, of the 8-byte-aligned words that equal `value` but for their lowest
        `free_low_bytes` bytes (Go aligns its pointers and headers to 8)."""
        first = -self.base % _WORD.size
        mask = _WORD_MASK << 8 * free_low_bytes & _WORD_MASK
        if native.speedups is not None:  # one pass over the words, not a search per hit
            return [self.base + at for at in native.speedups.aligned_words(self.data, first, value & mask, mask)]
        starts = (at - free_low_bytes for at in self.find_all(_WORD.pack(value & mask)[free_low_bytes:]))
        return [at for at in starts if at >= self.base and at % _WORD.size == 0]

    def pointer_finder(self, targets: Collection[int]) -> Callable[[int], list[int]]:
        """A function from each of `targets` to the addresses of the 8-byte words that hold it.

        A few targets are searched for one by one, when asked (the caller may stop early); many at
        once, in one pass over the words, so that a crafted image with thousands of candidates costs
        one pass, not one per candidate."""
        if len(targets) <= _SEARCHES_ONE_BY_ONE:
            return lambda target: self.aligned_words(target)
        found: dict[int, list[int]] = {target: [] for target in targets}
        first = -self.base % _WORD.size
        view = memoryview(self.data)[first : first + (len(self.data) - first) // _WORD.size * _WORD.size]
        for number, (word,) in enumerate(_WORD.iter_unpack(view)):
            if word in found:
                found[word].append(self.base + first + number * _WORD.size)
        return lambda target: found.get(target, [])


def build_memory_image(module: WasmModule) -> tuple[MemoryImage | None, str | None]:
    """The image, or None and the reason it could not be built."""
    data = module.data
    if data is None:
        return None, "the module has no data section"
    extent = data.memory_extent()
    if extent is None:
        return None, "the module has no active data segments at constant offsets"
    base, end, total = extent
    if end - base > _MAX_SPAN_FACTOR * total + _MAX_SPAN_SLACK:
        return None, f"data segments spread over {end - base} bytes of memory, too sparse for a Go data layout"
    image = MemoryImage(base, data.memory_image(base, end), data.coverage())
    data.contents_in(image.data, base, image.coverage.total)  # the image holds the segments' bytes: the payload may go
    return image, None
