"""Go's string quoting (strconv.Quote), undone: build settings with spaces or quotes are stored quoted.

A small parser of Go's rules rather than Python's literal syntax, which differs
and which a crafted value could drive into deep recursion.
"""

from __future__ import annotations

_SIMPLE = {"a": 0x07, "b": 0x08, "f": 0x0C, "n": 0x0A, "r": 0x0D, "t": 0x09, "v": 0x0B, "\\": 0x5C, '"': 0x22}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}
_OCTAL = "01234567"
_MAX_RUNE = 0x10FFFF
_SURROGATES = range(0xD800, 0xE000)


def go_unquote(text: str) -> str | None:
    """The string a Go double-quoted or back-quoted literal denotes, or None when `text` is not one."""
    if len(text) >= 2 and text[0] == text[-1] == "`":
        inner = text[1:-1]
        return None if "`" in inner else inner.replace("\r", "")
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        return None
    out = bytearray()
    inner, at = text[1:-1], 0
    while at < len(inner):
        char = inner[at]
        if char == '"' or char == "\n":
            return None
        if char != "\\":
            out += char.encode("utf-8", "surrogatepass")
            at += 1
            continue
        at = _escape(inner, at + 1, out)
        if at < 0:
            return None
    return out.decode("utf-8", "replace")


def _escape(inner: str, at: int, out: bytearray) -> int:
    """Append the escape starting after the backslash at `at`; the position after it, or -1 if invalid."""
    if at >= len(inner):
        return -1
    kind = inner[at]
    if kind in _SIMPLE:
        out.append(_SIMPLE[kind])
        return at + 1
    if kind in _HEX_DIGITS:
        digits = inner[at + 1 : at + 1 + _HEX_DIGITS[kind]]
        if len(digits) != _HEX_DIGITS[kind] or any(d not in "0123456789abcdefABCDEF" for d in digits):
            return -1
        value = int(digits, 16)
        if kind == "x":
            out.append(value)
        elif value > _MAX_RUNE or value in _SURROGATES:
            return -1
        else:
            out += chr(value).encode("utf-8")
        return at + 1 + len(digits)
    digits = inner[at : at + 3]
    if len(digits) == 3 and all(d in _OCTAL for d in digits) and int(digits, 8) <= 0xFF:
        out.append(int(digits, 8))
        return at + 3
    return -1
