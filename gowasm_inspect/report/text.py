"""Plain-text helpers shared by renderers: untrusted names made inert, sizes for humans."""

from __future__ import annotations

def printable(name: str) -> str:
    """A name from a binary with control and other invisible characters shown as escapes.

    Keeps a name on one line and stops it moving the cursor, recolouring the
    terminal or reordering text (bidi controls are format characters). A name
    that would begin a line with `::` has that colon escaped: CI runners (GitHub
    Actions) read such a line in a log as a workflow command.
    """
    if not name.isprintable():
        name = "".join(char if char.isprintable() else _escape(char) for char in name)
    stripped = name.lstrip()
    if stripped.startswith("::"):
        colon = len(name) - len(stripped)
        name = f"{name[:colon]}\\x3a{name[colon + 1:]}"
    return name


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


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
    return f"{100 * part / whole:.1f}%" if whole else "-"

