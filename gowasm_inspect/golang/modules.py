"""Which module a Go package belongs to, from the build info's module list.

`main` belongs to the main module; other packages to the module whose path is
their longest prefix (a whole path element at a time); a package whose first
path element has no dot is in the standard library, shown as STD.
"""

from __future__ import annotations

from msgspec import Struct

from gowasm_inspect.golang.buildinfo import BuildInfo
from gowasm_inspect.golang.symbols import LINKER_GROUP

STD = "std"
UNKNOWN_PACKAGE = "(unknown)"
UNKNOWN_MODULE = "(unknown)"
COMMAND_LINE = "command-line-arguments"


class GoModuleFacts(Struct, frozen=True):
    path: str
    version: str | None
    replace: str | None = None  # "path version" of a replacement


class GoModuleIndex:
    """The Go modules of a build, and which one holds a package."""

    def __init__(self, build_info: BuildInfo | None, go_version: str | None) -> None:
        self.by_path: dict[str, GoModuleFacts] = {STD: GoModuleFacts(STD, go_version),
                                                  LINKER_GROUP: GoModuleFacts(LINKER_GROUP, None)}
        self.main: str | None = None
        self._prefixes: list[str] = []  # module paths, longest first
        self._module_of: dict[str, str] = {}
        if build_info is None:
            return
        if build_info.main is not None:
            self.main = build_info.main.path
            self.by_path[self.main] = GoModuleFacts(self.main, build_info.main.version)
        elif build_info.path:  # built from files: no main module, the package path stands in
            self.main = build_info.path
            self.by_path[self.main] = GoModuleFacts(self.main, None)
        for dep in build_info.deps:
            replace = dep.replace and " ".join(part for part in (dep.replace.path, dep.replace.version) if part)
            self.by_path[dep.path] = GoModuleFacts(dep.path, dep.version, replace or None)
        # longest first, so the first prefix that matches is the longest
        self._prefixes = sorted((p for p in self.by_path if p not in (STD, LINKER_GROUP)), key=len, reverse=True)

    def module_of(self, package: str) -> str:
        """The path of the module that holds `package` (asked once per function, so remembered)."""
        found = self._module_of.get(package)
        if found is None:
            found = self._module_of[package] = self._find_module(package)
        return found

    def _find_module(self, package: str) -> str:
        if package == LINKER_GROUP:
            return LINKER_GROUP
        if package == UNKNOWN_PACKAGE:
            return UNKNOWN_MODULE
        if package == "main":
            return self.main or UNKNOWN_MODULE
        for prefix in self._prefixes:
            if package == prefix or package.startswith(prefix + "/"):
                return prefix
        if "." not in package.split("/", 1)[0] and package != COMMAND_LINE:
            return STD
        return UNKNOWN_MODULE

    def info(self, path: str) -> GoModuleFacts:
        return self.by_path.get(path, GoModuleFacts(path, None))
