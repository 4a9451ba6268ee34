"""What a module says about the Go program it was built from: exact names, packages, modules, build facts.

Names come from pclntab when it agrees with the code section (and with the
name section, when there is one); otherwise from the name section, labelled,
with packages guessed from those names; otherwise there are none. Every such
fallback leaves a warning.
"""

from __future__ import annotations

import re
from itertools import compress, repeat
from operator import add, attrgetter, ne
from typing import cast

from msgspec import Struct, field

from gowasm_inspect.golang.buildid import read_build_id
from gowasm_inspect.golang.buildinfo import BuildInfo, find_build_version, find_modinfo
from gowasm_inspect.golang.data_reading import DataReading, read_data, start_function_tables, start_reading_data
from gowasm_inspect.golang.memory import MemoryImage, build_memory_image
from gowasm_inspect.golang.modules import UNKNOWN_PACKAGE, GoModuleIndex
from gowasm_inspect.golang.origins import PackageOfOrigin, is_package
from gowasm_inspect.golang.pclntab import (
    FunctionCountMismatch,
    Pclntab,
    PclntabError,
    PclntabLocation,
    locate_pclntab,
    read_pclntab,
)
from gowasm_inspect.golang.symbols import (
    LINKER_GROUP,
    generated_for_package,
    sanitise_all,
    split_symbol,
    split_symbols,
)
from gowasm_inspect.golang.tinygo import UNNAMED, infer_module, split_tinygo_symbol, tinygo_release
from gowasm_inspect.wasm.dwarf import DwarfError, compile_units, units_of_functions
from gowasm_inspect.wasm.module import WasmModule
from gowasm_inspect.wasm.sections.producers import producers_summary

NAME_FROM_PCLNTAB = "pclntab"
NAME_FROM_NAME_SECTION = "name-section"
NAME_FROM_DWARF = "dwarf"
NO_COMPILE_UNIT = "(no compile unit)"  # code no DWARF compile unit claims (runtime, libraries without -g)
KIND_LINKER = "linker"
_REWRITTEN = "the binary was probably rewritten after linking, e.g. by wasm-opt"


class FunctionFacts(Struct, frozen=True):
    name: str | None
    name_source: str | None
    package: str | None
    module: str | None
    kind: str | None = None  # KIND_LINKER for functions the linker made


class GoProgram(Struct):
    is_go: bool
    functions: dict[int, FunctionFacts]  # wasm function index -> facts, for every defined function
    packages_exact: bool  # False: guessed from name-section names, or DWARF's compile units
    pclntab: Pclntab | None
    build_info: BuildInfo | None
    go_version: str | None
    modules: GoModuleIndex
    build_id: str | None = None
    source_files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    data: DataReading = field(default_factory=DataReading)  # Go's bounds, regions and the data each part owns
    packages_from_dwarf: bool = False  # packages are DWARF compile units (for binaries not built by Go)


def _producers_go_version(module: WasmModule) -> str | None:
    for name, version in (module.producers or {}).get("language", []):
        if name == "Go":
            return version
    return None


def _count_mismatch(functions: int, bodies: int) -> str:
    return f"pclntab describes {functions} functions but the code section has {bodies} bodies ({_REWRITTEN})"


def _pclntab_disagreement(module: WasmModule, pclntab: Pclntab) -> str | None:
    """Why pclntab cannot be trusted to name this code section, or None when it can."""
    bodies = len(module.code.bodies) if module.code else 0
    indices = sorted(function.defined_index for function in pclntab.functions)
    if len(pclntab.functions) != bodies or indices != list(range(bodies)):
        return _count_mismatch(len(pclntab.functions), bodies)
    named = module.names.function_names if module.names else {}
    if named:
        # linker-made names do not vote: Go 1.18 shortens array types in them (type..eq.[...]T) in
        # pclntab but not in the name section
        functions = pclntab.functions
        first = module.imported_function_count
        sanitised = sanitise_all(list(map(attrgetter("name"), functions)))
        written = list(map(named.get, map(add, repeat(first), map(attrgetter("defined_index"), functions))))
        unlike = compress(range(len(functions)), map(ne, written, sanitised))  # or not in the name section
        differing = sum(1 for at in unlike
                        if written[at] is not None and split_symbol(functions[at].name)[0] != LINKER_GROUP)
        if differing:
            return f"{differing} pclntab names disagree with the name section at the same index ({_REWRITTEN})"
    return None


def _exact_functions(module: WasmModule, pclntab: Pclntab, modules: GoModuleIndex) -> dict[int, FunctionFacts]:
    """Each function's facts; what depends on its package alone is worked out once per package."""
    functions = pclntab.functions
    names = list(map(attrgetter("name"), functions))
    # one str object per package, shared by its functions: their totals are summed by it, and it crosses
    # pipes once
    same: dict[str | None, str | None] = {}
    named: list[str | None] = [same.setdefault(package, package) for package, _ in split_symbols(names)]
    packages: list[str] = cast(list[str], list(named))
    kinds: list[str | None] = [None] * len(functions)
    for at in [at for at, package in enumerate(named) if package == LINKER_GROUP]:
        # type:.eq.T and type:.hash.T belong to T's package
        packages[at], kinds[at] = generated_for_package(names[at]) or LINKER_GROUP, KIND_LINKER
    unnamed = {package for package in set(named) if package != LINKER_GROUP and not is_package(package)}
    if unnamed:
        origins = PackageOfOrigin(pclntab, named)
        for at in [at for at, package in enumerate(named) if package in unnamed]:
            packages[at] = origins.package(functions[at]) or UNKNOWN_PACKAGE
    module_of = {package: modules.module_of(package) for package in set(packages)}
    first = module.imported_function_count
    return dict(zip(map(add, repeat(first), map(attrgetter("defined_index"), functions)),
                    map(FunctionFacts, names, repeat(NAME_FROM_PCLNTAB), packages, map(module_of.__getitem__, packages),
                        kinds), strict=True))


_FILE_SAMPLE = 64
# A Windows drive: the linker writes C:/Users/... with forward slashes, older tools C:\Users\...
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:[/\\]")


def is_absolute_source_path(path: str) -> bool:
    """Whether a source path in pclntab was recorded whole (no -trimpath): /home/... or C:/..."""
    return path.startswith("/") or _WINDOWS_DRIVE.match(path) is not None


def _sample_source_files(pclntab: Pclntab) -> list[str]:
    """Source paths of the first functions: enough to tell whether absolute paths were recorded."""
    files = (pclntab.file_of(function) for function in pclntab.functions[:_FILE_SAMPLE])
    return sorted({file for file in files if file and file != "<autogenerated>"})


def _name_section_functions(module: WasmModule, modules: GoModuleIndex) -> dict[int, FunctionFacts]:
    names = module.names.function_names if module.names else {}
    tinygo = tinygo_release(module.producers) is not None
    facts = {}
    for body in module.code.bodies if module.code else []:
        name = names.get(body.function_index)
        source = NAME_FROM_NAME_SECTION if name else None
        if tinygo:  # TinyGo's names have their own grammar; every function gets a row, named or not
            group = split_tinygo_symbol(name)[0] if name else UNNAMED
            facts[body.function_index] = FunctionFacts(name, source, group, infer_module(group))
            continue
        package = (split_symbol(name)[0] or UNKNOWN_PACKAGE) if name else None
        facts[body.function_index] = FunctionFacts(name, source, package,
                                                   modules.module_of(package) if package else None)
    return facts


class _PclntabReading(Struct):
    pclntab: Pclntab | None = None
    problem: str | None = None  # why pclntab, though present, cannot name the functions
    exact: dict[int, FunctionFacts] | None = None
    files: list[str] = field(default_factory=list)
    location: PclntabLocation | None = None  # where pclntab lies: true even when its functions are not


def _locate_pclntab(module: WasmModule, image: MemoryImage) -> tuple[PclntabLocation | None, str | None]:
    """Where pclntab lies, and why it cannot name the functions when that is already plain."""
    bodies = len(module.code.bodies) if module.code else 0
    try:
        return locate_pclntab(image, bodies), None
    except FunctionCountMismatch as error:
        return error.location, _count_mismatch(error.functions, error.bodies)
    except PclntabError as error:
        return None, str(error)


def _read_functions_of(image: MemoryImage, location: PclntabLocation | None,
                       problem: str | None) -> tuple[Pclntab | None, PclntabLocation | None, str | None]:
    """pclntab with its functions read (and where it lies), or why not; a pclntab whose functions cannot be
    read is not used, nor where it lies."""
    if problem or location is None:
        return None, location, problem
    try:
        return read_pclntab(image, location), location, None
    except PclntabError as error:
        return None, None, str(error)


def _name_functions(module: WasmModule, pclntab: Pclntab | None, modules: GoModuleIndex,
                    location: PclntabLocation | None, problem: str | None) -> _PclntabReading:
    if pclntab is None:
        return _PclntabReading(problem=problem, location=location)
    problem = _pclntab_disagreement(module, pclntab)
    if problem:
        return _PclntabReading(pclntab, problem, location=location)
    try:
        return _PclntabReading(pclntab, None, _exact_functions(module, pclntab, modules),
                               _sample_source_files(pclntab), location)
    except PclntabError as error:
        return _PclntabReading(pclntab, str(error), location=location)


def _compile_unit_functions(module: WasmModule, facts: dict[int, FunctionFacts]) -> tuple[
        dict[int, FunctionFacts] | None, list[str]]:
    """Every function in the DWARF compile unit that defines it (NO_COMPILE_UNIT when none does), with the
    unit's language as its module; None when the module has no DWARF, or it cannot be read."""
    code = module.section("code")
    if code is None or module.code is None or ".debug_info" not in module.custom_payloads:
        return None, []
    try:
        units = compile_units(module.custom_payloads)
    except DwarfError as error:
        return None, [f"the DWARF sections cannot be read ({error}); packages are guessed from names"]
    placed = units_of_functions(units, code.payload_offset, module.code.bodies)
    if not placed:
        return None, []
    found = {}
    for index, fact in facts.items():
        unit, name = placed.get(index, (None, None))
        if unit is None:
            found[index] = FunctionFacts(fact.name, fact.name_source, NO_COMPILE_UNIT, NO_COMPILE_UNIT)
        else:
            found[index] = FunctionFacts(fact.name or name, fact.name_source or (NAME_FROM_DWARF if name else None),
                                         unit.name, unit.language or "(unknown language)")
    return found, []


def _fallback_warning(module: WasmModule, reading: _PclntabReading, has_names: bool,
                      why_no_image: str | None, from_dwarf: bool = False) -> str | None:
    fallback = ("packages are the DWARF compile units that define the functions" if from_dwarf else
                "names come from the name section and packages are guessed from them" if has_names
                else "functions are unnamed")
    if reading.problem:
        return f"Go pclntab cannot be used: {reading.problem}; {fallback}"
    release = tinygo_release(module.producers)
    if release is not None and module.code and module.code.bodies:
        return (f"built by TinyGo {release}, which keeps no pclntab and no module info: names come from the "
                "name section, packages from TinyGo's naming rules, modules are inferred from package paths")
    if module.code and module.code.bodies:
        named = producers_summary(module.producers)
        if named:  # the producers section says what built it: how Go's tables were looked for is beside the point
            return f"not built by the Go toolchain (its producers section names {named}); {fallback}"
        reason = why_no_image or "no Go pclntab found"
        return f"{reason}: not built by the Go toolchain (no producers section names what built it); {fallback}"
    return None


def read_go_program(module: WasmModule, image: MemoryImage | None = None) -> GoProgram:
    """Read with `read_module(path, keep_custom=BUILD_ID_SECTION_NAMES)` so that the build ID is seen;
    `image`: the module's memory image, when the caller built it to read more from it."""
    build_id, warnings = read_build_id(module)
    image, why_no_image = (image, None) if image is not None else build_memory_image(module)
    go_version = go_version_of(module, image)
    build_info = find_modinfo(image) if image is not None else None
    modules = GoModuleIndex(build_info, go_version)
    location, problem = _locate_pclntab(module, image) if image is not None else (None, None)
    started = start_reading_data(image, location, go_version)  # on another core, while the functions are read
    pclntab, location, problem = _read_functions_of(image, location, problem) if image is not None \
        else (None, None, None)
    start_function_tables(started, module, image, pclntab, go_version)  # on another core, while they are named
    reading = _name_functions(module, pclntab, modules, location, problem)
    package_of = {index: facts.package for index, facts in reading.exact.items()} if reading.exact is not None else None
    data = read_data(module, image, started, reading.location, reading.pclntab, package_of, go_version)
    warnings += (data.layout.warnings if data.layout else []) + data.warnings
    functions, from_dwarf = reading.exact, False
    if functions is None:
        functions = _name_section_functions(module, modules)
        if build_info is None and reading.pclntab is None and tinygo_release(module.producers) is None:
            by_unit, dwarf_warnings = _compile_unit_functions(module, functions)
            functions, from_dwarf, warnings = by_unit or functions, by_unit is not None, warnings + dwarf_warnings
        warning = _fallback_warning(module, reading, any(f.name for f in functions.values()), why_no_image, from_dwarf)
        warnings += [warning] if warning else []
    return GoProgram(
        is_go=reading.pclntab is not None or reading.problem is not None or build_info is not None,
        functions=functions,
        packages_exact=reading.exact is not None,
        packages_from_dwarf=from_dwarf,
        pclntab=reading.pclntab if reading.exact is not None else None,
        build_info=build_info,
        go_version=go_version,
        modules=modules,
        build_id=build_id,
        source_files=reading.files,
        warnings=warnings,
        data=data,
    )


def go_version_of(module: WasmModule, image: MemoryImage | None) -> str | None:
    """The Go release that built `module`: runtime.buildVersion, else what its producers section says."""
    hint = _producers_go_version(module)
    found = find_build_version(image, hint) if image is not None else None
    return found or hint
