"""Sizes and shares for people."""

from __future__ import annotations


def human_bytes(n: int) -> str:
    """1536 -> '1.5 KiB'; binary units, as the Go and wasm tools print them."""
    if abs(n) < 1024:
        return f"{n} B"
    value = n / 1024
    for unit in ("KiB", "MiB"):
        if abs(value) < 1024:
            return f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} GiB"


def percent(part: int, whole: int) -> str:
    """One decimal; a share that rounds to nothing is 0.0%, never -0.0%."""
    if not whole:
        return "-"
    share = round(100 * part / whole, 1)
    return f"{share if share else 0.0:.1f}%"


def middle_ellipsis(text: str, width: int) -> str:
    """`text` in at most `width` characters, its middle given up first: a Go name's package path starts
    it and its symbol ends it, and both tell more than the middle."""
    if len(text) <= width:
        return text
    tail = max(1, (width - 1) * 2 // 3)  # the end (the symbol) is worth more than the start
    return text[: max(0, width - 1 - tail)] + "…" + text[-tail:]


def signed(delta: int) -> str:
    return f"{delta:+,}" if delta else "0"
