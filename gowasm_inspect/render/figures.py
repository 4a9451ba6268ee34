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


def signed(delta: int) -> str:
    return f"{delta:+,}" if delta else "0"
