"""Turn a parsed wasm module, and what it says about its Go program, into the report model."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

from gowasm_inspect.golang.buildid import BUILD_ID_SECTION_NAMES
from gowasm_inspect.golang.buildinfo import BuildInfo
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.program import GoProgram, is_absolute_source_path, read_go_program
from gowasm_inspect.golang.region_names import DESCRIPTIONS
from gowasm_inspect.golang.tinygo import tinygo_release
from gowasm_inspect.model.package_data import packages_and_modules
from gowasm_inspect.model.report import (
    PACKAGES_COMPILE_UNITS,
    PACKAGES_EXACT,
    PACKAGES_GUESSED,
    Attribution,
    BuildFacts,
    DataRegion,
    Dependency,
    ExportEntry,
    FunctionEntry,
    ImportEntry,
    MainModule,
    Replacement,
    Report,
    SectionEntry,
)
from gowasm_inspect.wasm.dwarf import DWARF_SECTIONS
from gowasm_inspect.wasm.module import WasmModule, read_module
from gowasm_inspect.wasm.sections.producers import producers_summary

# wasm import module -> GOOS: Go 1.21+ js imports from gojs, 1.18-1.20 from go
_HOST_MODULES = {"gojs": "js", "go": "js", "wasi_snapshot_preview1": "wasip1"}


def _import_entries(module: WasmModule) -> list[ImportEntry]:
    next_index: dict[str, int] = {}
    entries = []
    for item in module.imports:
        index = next_index.get(item.kind, 0)
        next_index[item.kind] = index + 1
        entries.append(ImportEntry(item.module, item.name, item.kind, index))
    return entries


def _function_entries(module: WasmModule, program: GoProgram) -> list[FunctionEntry]:
    entries = []
    for body in module.code.bodies if module.code else []:
        facts = program.functions.get(body.function_index)
        if facts is None:
            entries.append(FunctionEntry(body.function_index, None, body.body_size, body.size))
        else:
            entries.append(FunctionEntry(body.function_index, facts.name, body.body_size, body.size,
                                         facts.name_source, facts.package, facts.module, facts.kind,
                                         _owned_data(program, body.function_index)))
    return entries


def _owned_data(program: GoProgram, index: int) -> int:
    totals = program.data.totals
    return totals.by_function.get(index, 0) if totals is not None else 0


def _regions(program: GoProgram) -> list[DataRegion]:
    """The data section in named regions, exact file bytes, largest first."""
    layout = program.data.layout
    if layout is None:
        return []
    regions = [DataRegion(region.name, DESCRIPTIONS.get(region.name, ""), region.size, region.memory)
               for region in layout.regions]
    return sorted(regions, key=lambda region: (-region.size, region.name))


def _build_facts(module: WasmModule, program: GoProgram) -> BuildFacts:
    info = program.build_info
    settings = dict(info.settings) if info else {}
    exports = {item.name for item in module.exports}
    # a module importing from the JavaScript host is js even when it imports WASI too (TinyGo's js target does)
    hosts = {_HOST_MODULES[item.module] for item in module.imports if item.module in _HOST_MODULES}
    goos = settings.get("GOOS") or ("js" if "js" in hosts else "wasip1" if hosts else None)
    target = None
    if goos == "wasip1":
        target = "reactor" if "_initialize" in exports and "_start" not in exports else "command"
    trimpath = None
    if settings.get("-trimpath") == "true":
        trimpath = True
    elif program.source_files:
        trimpath = not any(is_absolute_source_path(file) for file in program.source_files)
    return BuildFacts(
        is_go=program.is_go,
        go_version=program.go_version,
        goos=goos,
        goarch=settings.get("GOARCH") or ("wasm" if program.is_go else None),
        target=target,
        main=_main_module(info),
        main_package=info.path if info and info.path else None,
        deps=[Dependency(d.path, d.version, d.sum,
                         Replacement(d.replace.path, d.replace.version or None, d.replace.sum) if d.replace else None)
              for d in (info.deps if info else [])],
        settings=settings,
        build_id=program.build_id,
        stripped=module.names is None,
        trimpath=trimpath,
        toolchain=None if program.is_go else _other_toolchain(module),
    )


def _other_toolchain(module: WasmModule) -> str | None:
    """TinyGo names itself in the producers section's processed-by field, and so do other compilers (with
    the language); Go (which from 1.27 names itself there too) is told by its pclntab and build info."""
    release = tinygo_release(module.producers)
    return f"TinyGo {release}" if release else producers_summary(module.producers)


def _main_module(info: BuildInfo | None) -> MainModule | None:
    if info and info.main:
        return MainModule(info.main.path, info.main.version)
    return MainModule(info.path, None) if info and info.path else None  # built from files: no module


def build_report(module: WasmModule, image: MemoryImage | None = None) -> Report:
    """`image`: the module's memory image, when the caller built it to read more from it."""
    program = read_go_program(module, image)
    functions = _function_entries(module, program)
    packages, modules = packages_and_modules(functions, program.data.totals, program.data.type_data, program.modules)
    names = {f.name_source for f in functions if f.name_source}
    return Report(
        file=module.path,
        size=module.size,
        sha256=module.file_sha256(),
        sections=[
            SectionEntry(header.id, header.name, header.offset, header.header_size, header.payload_size)
            for header in module.sections
        ],
        functions=functions,
        imports=_import_entries(module),
        exports=[ExportEntry(item.name, item.kind, item.index) for item in module.exports],
        warnings=list(module.warnings) + program.warnings,
        packages=packages,
        modules=modules,
        regions=_regions(program),
        attribution=Attribution(
            names=names.pop() if len(names) == 1 else None,
            packages=(PACKAGES_EXACT if program.packages_exact else PACKAGES_COMPILE_UNITS if program.packages_from_dwarf
                      else PACKAGES_GUESSED) if packages else None,
        ),
        build=_build_facts(module, program),
    )


def analyze(path: str | os.PathLike[str], digest: bool = True) -> Report:
    """Read a .wasm file and build its report; without `digest`, its `sha256` is left empty (a comparison
    that shows none need not make it)."""
    with no_cycle_collection():
        return build_report(read_for_report(path, digest))


def read_for_report(path: str | os.PathLike[str], digest: bool = True) -> WasmModule:
    """The module at `path`, read with all `build_report` needs."""
    return read_module(path, keep_custom=(*BUILD_ID_SECTION_NAMES, *DWARF_SECTIONS), scan_code=True, digest=digest)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """A parse allocates hundreds of thousands of small tuples and no reference cycles: Python's cycle
    collector, run again and again as they pile up, would cost a tenth of the time and find nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
