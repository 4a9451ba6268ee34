"""Packages and modules with the code and the data they own.

Data comes from Go's function tables (see golang/function_data.py): what a
function alone owns goes to its package; what several functions share goes to
their package when they all have one, otherwise to the `(shared)` row; names of
functions inlined everywhere go to the package their name gives. Type metadata
(golang/type_data.py) goes to the package that declares each type, or `(shared)`.
"""

from __future__ import annotations

from collections import defaultdict

from gowasm_inspect.golang.function_data import DataTotals
from gowasm_inspect.golang.modules import GoModuleIndex
from gowasm_inspect.model.report import SHARED_DATA, FunctionEntry, GoModuleEntry, PackageEntry

_Totals = dict[str, dict[str, int]]  # name -> region -> bytes


def package_data(found: DataTotals | None, types: dict[tuple[str, str | None], int]) -> _Totals:
    data: _Totals = defaultdict(lambda: defaultdict(int))
    for (region, package), size in types.items():
        data[package or SHARED_DATA][region] += size
    for package, sizes in (found.by_package if found is not None else {}).items():
        for region, size in sizes.items():
            data[package or SHARED_DATA][region] += size
    return data


def packages_and_modules(functions: list[FunctionEntry], found: DataTotals | None,
                         types: dict[tuple[str, str | None], int],
                         modules: GoModuleIndex) -> tuple[list[PackageEntry], list[GoModuleEntry]]:
    code: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    module_of: dict[str, str] = {SHARED_DATA: SHARED_DATA}
    for function in functions:
        if function.package is not None:
            totals = code[function.package]
            totals[0] += function.size
            totals[1] += 1
            module_of[function.package] = function.module or ""
    data = package_data(found, types)
    packages = []
    for name in {*code, *data}:
        size, count = code.get(name, [0, 0])
        regions = {region: bytes_ for region, bytes_ in sorted(data.get(name, {}).items()) if bytes_}
        module = module_of.get(name) or modules.module_of(name) or ""
        packages.append(PackageEntry(name, module, size, count, regions, size + sum(regions.values())))
    packages.sort(key=lambda p: (-p.size, -p.total, p.name))
    return packages, _modules(packages, modules)


def _modules(packages: list[PackageEntry], modules: GoModuleIndex) -> list[GoModuleEntry]:
    code: dict[str, int] = defaultdict(int)
    data: _Totals = defaultdict(lambda: defaultdict(int))
    for package in packages:
        code[package.module] += package.size
        for region, size in package.data.items():
            data[package.module][region] += size
    entries = []
    for path in code:
        info = modules.info(path)
        regions = dict(sorted(data[path].items()))
        entries.append(GoModuleEntry(path, info.version, code[path], info.replace, regions,
                                     code[path] + sum(regions.values())))
    return sorted(entries, key=lambda m: (-m.size, -m.total, m.path))
