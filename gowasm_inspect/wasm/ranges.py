"""Byte ranges of a file that remain when some of its sections are taken out."""

from __future__ import annotations


def kept_ranges(size: int, removed: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The (start, end) byte ranges of a `size`-byte file that remain once the `removed` ranges go."""
    ranges, position = [], 0
    for start, end in sorted(removed):
        if start > position:
            ranges.append((position, start))
        position = end
    if position < size:
        ranges.append((position, size))
    return ranges
