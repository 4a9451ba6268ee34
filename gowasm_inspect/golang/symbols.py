"""Split a Go symbol name into its package and the rest, as debug/gosym does.

- `go:` and `type:` names (`go.` and `type.` before Go 1.20) are made by the
  linker and belong to no package: they are grouped as LINKER_GROUP. But a
  name whose first path element is a domain under `go.` is a package's, in
  every version: `go.uber.org/zap.New`, `go.etcd.io/bbolt.Open`.
- Generic instantiations are masked first: `[...]` may contain `/` and `.`.
- The package ends at the first `.` after the last `/`.
- `%xx` escapes in the package part are undone (`yaml%2ev3` is `yaml.v3`).
Closures (`.func1`), method values (`-fm`), `.gowrapN`, `.deferwrapN` and
`-rangeN` stay in the symbol part.
"""

from __future__ import annotations

import re
from itertools import accumulate
from urllib.parse import unquote

from gowasm_inspect.wasm import native

LINKER_GROUP = "(linker)"  # go:buildid, type:.eq.T and other linker-made functions
_LINKER_PREFIXES = ("go:", "type:", "type.")
# go.uber.org/ : a whole first path element of dotted words, then a slash (go.buildid, go.itab.*T,I and
# go.struct { ... }.M are not)
_GO_DOMAIN = re.compile(r"go(?:\.[A-Za-z0-9-]+)+/")


def mask_brackets(name: str) -> str:
    """`name` with everything inside (nested) square brackets replaced by `_`, same length."""
    if "[" not in name:
        return name
    out, depth = [], 0
    for char in name:
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(depth - 1, 0)
        out.append(char if char in "[]" or not depth else "_")
    return "".join(out)


def split_symbol(name: str) -> tuple[str | None, str]:
    """(package, rest); package is LINKER_GROUP for linker-made names and None when there is none."""
    if name.startswith(_LINKER_PREFIXES) or (name.startswith("go.") and not _GO_DOMAIN.match(name)):
        return LINKER_GROUP, name
    masked = mask_brackets(name)
    path_end = max(masked.rfind("/"), 0)
    dot = masked.find(".", path_end)
    if dot < 0:
        return None, name
    return unquote(name[:dot]), name[dot + 1 :]


def split_symbols(names: list[str]) -> list[tuple[str | None, str]]:
    """`split_symbol` of each name (in C where it is built: pclntab holds tens of thousands)."""
    if native.speedups is not None:
        return native.speedups.split_symbols(names, LINKER_GROUP, unquote)
    return list(map(split_symbol, names))


# type:.eq.T and type:.hash.T (type..eq.T before Go 1.20) compare and hash values of T; Go 1.27 names most
# of them by memory shape instead (type:.eq.M8K4), which belong to no type
_GENERATED_FOR_TYPE = re.compile(r"type[:.]\.(?:eq|hash)\.")
_TYPE_DECORATION = re.compile(r"^(?:\*|\[[^\]]*\])+")  # *T, [8]T, [...]*T


def generated_for_package(name: str) -> str | None:
    """The package of the type a linker-made function was generated for, when its name says so."""
    match = _GENERATED_FOR_TYPE.match(name)
    if match is None:
        return None
    package, _ = split_symbol(_TYPE_DECORATION.sub("", name[match.end() :]))
    return package if package and package != LINKER_GROUP and " " not in package else None


_SANITISE = re.compile(r"[^A-Za-z0-9_.]")


# bytes.translate's table for ASCII text: what _SANITISE replaces, replaced
_SANITISED_BYTES = bytes(byte if chr(byte).isascii() and (chr(byte).isalnum() or chr(byte) in "_.") else ord("_")
                         for byte in range(256))


def sanitise_all(names: list[str]) -> list[str]:
    """Each name as Go's wasm linker writes it into the name section: every character but A-Z, a-z, 0-9,
    `_` and `.` becomes `_`. One pass over them all (a character is replaced by one, so the joined text is
    cut back at the same places): a table lookup per byte when all are ASCII, as Go's names are."""
    joined = "".join(names)
    if joined.isascii():
        joined = joined.encode("ascii").translate(_SANITISED_BYTES).decode("ascii")
    else:
        joined = _SANITISE.sub("_", joined)
    ends = list(accumulate(map(len, names)))
    return [joined[start:end] for start, end in zip([0, *ends], ends, strict=False)]
