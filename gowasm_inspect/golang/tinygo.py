"""TinyGo, the other Go compiler for wasm: recognised by its producers section, and its symbol names (LLVM's,
kept in the name section) split into package and symbol.

TinyGo writes no pclntab and no module info, so names come from the name section
and packages from these rules:

- `(*pkg.T).M`, `(pkg.T).M`: a method; the receiver's parentheses and pointer star
  go, and the package is the receiver type's. A struct literal's methods are those
  promoted from its first embedded field: `(*struct{*bufio.Writer; n int}).Write`
  is bufio's; one with no embedded field has no package: SHARED.
- `pkg.F`, `pkg.F$1` (a closure), `pkg.F$bound` (a method value), `pkg.F[T]`
  (generic arguments masked before splitting): the package ends at the first `.`
  after the last `/`, as for Go's own names.
- `interface:{M:func:{}{}}.M$invoke`: a method-call thunk the compiler makes per
  interface type and method: INTERFACE_THUNKS.
- `_start.command_export`, `resume.command_export`: TinyGo's wrappers of exported
  functions: EXPORT_WRAPPERS.
- a name without a `.` (`malloc`, `memcpy`, `__wasm_call_ctors`, `arc4random`): C
  from wasi-libc, compiler-rt or TinyGo's own C: C_SUPPORT.
- `byn$mgfn-shared$NAME`: Binaryen (wasm-opt, which TinyGo runs) merged similar
  functions into one and named it after the first: split as NAME.
- `hashmapKeyHash.T`, `hashmapKeyEqual.T`: the hash and equality TinyGo makes for a
  map key type T, like Go's `type:.hash.T`: the package of T when T is named (or
  of a struct's embedded field), else SHARED.

Modules are inferred from paths: a path whose first element has no dot is Go's
standard library (`std`) when a Go release lists it (std_packages.json, from
`go list std`); `main` is the program's own (MAIN_MODULE); TinyGo's own packages
(`internal/task`, `runtime/interrupt`, `machine`, `device/...`) are TINYGO_OWN;
any other is LOCAL_MODULE.
"""

from __future__ import annotations

import functools
import json
import os
import re

from gowasm_inspect.golang.symbols import mask_brackets

INTERFACE_THUNKS = "(interface method thunks)"
EXPORT_WRAPPERS = "(export wrappers)"
C_SUPPORT = "(C: libc, compiler-rt)"
SHARED = "(anonymous types)"
UNNAMED = "(unnamed functions)"  # a function the name section does not name
GROUPS = (INTERFACE_THUNKS, EXPORT_WRAPPERS, C_SUPPORT, SHARED, UNNAMED)
MAIN_MODULE = "(main module)"  # TinyGo records no module path for the program's own package
TINYGO_OWN = "(TinyGo's own packages)"
LOCAL_MODULE = "(a local module)"  # a path without a dot that no Go release lists, not TinyGo's
_TINYGO_ROOTS = ("internal", "runtime", "machine", "device")  # where TinyGo's GOROOT adds packages to Go's
_MAP_HELPERS = ("hashmapKeyHash.", "hashmapKeyEqual.")
_STD_PACKAGES = os.path.join(os.path.dirname(__file__), "std_packages.json")
_CLOSE = {"(": ")", "[": "]", "{": "}"}
_MAJOR_VERSION = re.compile(r"[^./]+\.v[0-9]+(?=\.)")  # gopkg.in/yaml.v3.Node: the package is gopkg.in/yaml.v3
_BINARYEN = "byn$"  # byn$mgfn-shared$NAME, byn$fpcast-emu$NAME: functions wasm-opt made from NAME


def tinygo_release(producers: dict[str, list[tuple[str, str]]] | None) -> str | None:
    """The TinyGo release the producers section's processed-by field names ("0.42.0"), if it names one."""
    tools = producers.get("processed-by", []) if producers else []
    return next((version or "unknown" for name, version in tools if name == "TinyGo"), None)


def split_tinygo_symbol(name: str) -> tuple[str, str]:
    """(package or one of GROUPS, the rest of the name)."""
    if name.startswith(_BINARYEN) and name.count("$") >= 2:
        return split_tinygo_symbol(name.split("$", 2)[2])
    if name.startswith("interface:"):
        return INTERFACE_THUNKS, name
    if name.endswith(".command_export") or name.endswith(".reactor_export"):
        return EXPORT_WRAPPERS, name
    if name.startswith(_MAP_HELPERS):
        key = name.split(".", 1)[1].lstrip("*")
        return (_package_of(_embedded(key) if key.startswith("struct{") else key) or SHARED), name
    if name.startswith("("):
        close = _closing(name, 0)
        if close > 0:
            receiver = name[1:close].lstrip("*")
            package = _package_of(_embedded(receiver) if receiver.startswith("struct{") else receiver)
            return (package or SHARED), name
    package = _package_of(name)
    return (package, name[len(package) + 1 :]) if package else (C_SUPPORT, name)


_HOSTS_WITH_OWNER = ("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "golang.org", "google.golang.org")


@functools.cache
def std_packages() -> frozenset[str]:
    """Every package of Go's standard library in the releases std_packages.json covers."""
    with open(_STD_PACKAGES, encoding="utf-8") as listed:
        return frozenset(json.load(listed)["packages"])


def infer_module(package: str) -> str:
    """The module a package path most likely belongs to, TinyGo recording none: for a first element
    without a dot, `std` if Go lists it, else the program's, TinyGo's or a local module's; host/owner/repo
    on the code hosts (golang.org/x/text); else domain/first element; a major-version element (v2, v3,
    ...) right after is kept."""
    if package in GROUPS:
        return package
    parts = package.split("/")
    if "." not in parts[0]:
        if package in std_packages():
            return "std"
        if package == "main":
            return MAIN_MODULE
        return TINYGO_OWN if parts[0] in _TINYGO_ROOTS else LOCAL_MODULE
    keep = 3 if parts[0] in _HOSTS_WITH_OWNER else 2
    if len(parts) > keep and parts[keep][:1] == "v" and parts[keep][1:].isdigit():
        keep += 1
    return "/".join(parts[:keep])


def _embedded(struct: str) -> str:
    """The first embedded field's type of `struct{...}` (a field without a name), or "" when none is."""
    body, depth, start = struct[len("struct{") : _closing(struct, len("struct"))], 0, 0
    fields = []
    for index, char in enumerate(body):
        depth += char in "([{"
        depth -= char in ")]}"
        if char == ";" and not depth:
            fields.append(body[start:index].strip())
            start = index + 1
    fields.append(body[start:].strip())
    return next((field.lstrip("*") for field in fields if field and " " not in _mask(field)), "")


def _package_of(name: str) -> str | None:
    """The package part of `pkg/path.Rest` (generic arguments and braces masked), or None. TinyGo does not
    escape dots in the last path element as Go does (yaml%2ev3), so gopkg.in's `.vN` is kept whole."""
    if name.startswith(("struct{", "interface{", "func(", "[")):
        return None
    masked = _mask(name)
    path_end = max(masked.rfind("/"), 0)
    version = _MAJOR_VERSION.match(masked, path_end + 1 if path_end else 0)
    dot = masked.find(".", version.end() if version else path_end)
    return name[:dot] if dot > 0 else None


def _mask(name: str) -> str:
    """Brackets and braces masked, as `mask_brackets` does for Go's names."""
    masked = mask_brackets(name)
    if "{" not in masked:
        return masked
    out, depth = [], 0
    for char in masked:
        depth += char == "{"
        out.append(char if not depth else "_")
        depth -= char == "}" and depth > 0
    return "".join(out)


def _closing(name: str, at: int) -> int:
    """The index of the bracket closing the one at `at`, or -1."""
    stack = []
    for index in range(at, len(name)):
        char = name[index]
        if char in _CLOSE:
            stack.append(_CLOSE[char])
        elif stack and char == stack[-1]:
            stack.pop()
            if not stack:
                return index
    return -1
