"""The data each function and package owns in Go's function tables, against independent truth: the
linker's symbol map (funcdata symbols, findfunctab's address), the name section (names), wabt (segments)."""

from collections import Counter, defaultdict

import pytest
from conftest import MANIFEST, NEW_JS, OLD_JS, fixture_path, slow
from linker_truth import file_bytes_by_region, load_symbol_map

from gowasm_inspect.golang.data_reading import function_data, read_funcdata_of, read_static_data
from gowasm_inspect.golang.memory import build_memory_image
from gowasm_inspect.golang.program import read_go_program
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.wasm.module import read_module
from groundtruth import wabt_data_segments

TABLES = ("functab", "funcnametab", "pctab", "funcdata", "findfunctab")
EVERY_FIXTURE = [pytest.param({**entry, "path": fixture_path(entry)}, id=entry["file"],
                              marks=[] if entry in (NEW_JS, OLD_JS) else [slow]) for entry in MANIFEST]
UNSTRIPPED = [param for param in EVERY_FIXTURE if not param.values[0]["stripped"]]


def _function_data(module, program):
    """What each function owns in the function tables, by wasm index (the report holds only its totals)."""
    image, _ = build_memory_image(module)
    first = module.imported_function_count
    funcdata = read_funcdata_of(image, program.pclntab, program.data.moduledata, program.go_version)
    return function_data(image, program.pclntab, program.data.moduledata, funcdata,
                         [first + function.defined_index for function in program.pclntab.functions])


@pytest.mark.parametrize("fixture", UNSTRIPPED)
def test_a_function_owns_its_name_as_the_name_section_spells_it(fixture):
    """Go's name section replaces characters one for one, so a name's length survives; plus its NUL.
    (Linker-made names are spelled apart: codec%2ev2 in one, codec.v2 in the other.)"""
    module = read_module(fixture["path"])
    program = read_go_program(module)
    found = _function_data(module, program)
    names = module.names.function_names
    short = []  # file bytes: a NUL followed by padding is dropped with it (at most the table's last name)
    for index in found.functions():
        regions = found.owned_by(index)
        if program.functions[index].kind is None:
            length = len(names[index].encode())
            assert regions["funcnametab"] in (length, length + 1), names[index]
            short += [names[index]] if regions["funcnametab"] == length else []
    assert len(short) <= 1 and len(found.functions()) > 1000


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_a_function_owns_its_findfunctab_buckets_and_the_funcdata_only_it_uses(fixture):
    symbol_map = load_symbol_map(fixture["file"])
    segments = wabt_data_segments(fixture["path"])
    module = read_module(fixture["path"])
    program = read_go_program(module)
    found = _function_data(module, program)
    findfunctab = symbol_map.named("runtime.findfunctab")
    end = findfunctab.address + findfunctab.size
    first = module.imported_function_count
    buckets = []
    for index in found.functions():
        start = findfunctab.address + 320 * (index - first)  # 16 buckets of 20 bytes per 64 KiB of pc
        buckets.append((start, min(end, start + 320), index))
    truth = file_bytes_by_region(sorted(buckets), segments)
    for index in found.functions():
        assert found.owned_by(index).get("findfunctab", 0) == truth.get(index, 0)
    # funcdata: a symbol one function alone refers to is that function's
    gofunc = program.data.moduledata.gofunc
    relative = symbol_map.named("go:func.*").section == ".gopclntab"  # then values are offsets into it
    users: dict[tuple[int, int], set[str]] = defaultdict(set)
    for function, _, _, value, size in symbol_map.funcdata:
        users[(gofunc + value if relative else value, size)].add(function)
    alone = sorted((address, address + size, next(iter(functions)))
                   for (address, size), functions in users.items() if len(functions) == 1)
    truth = file_bytes_by_region(alone, segments)
    by_name = {facts.name: index for index, facts in program.functions.items()}
    for name in {name for _, _, name in alone}:
        assert found.owned_by(by_name[name]).get("funcdata", 0) == truth[name], name


@pytest.mark.parametrize("fixture", [param for param in EVERY_FIXTURE if not param.marks])
def test_the_totals_are_each_functions_and_packages_bytes(fixture):
    """The totals the report is made of (summed where the tables are read) against every function's own
    bytes, added up here: a function's go to its package, shared ones to one package or to None."""
    module = read_module(fixture["path"], scan_code=True)
    program = read_go_program(module)
    found = _function_data(module, program)
    image, _ = build_memory_image(module)
    found.absorb(read_static_data(module, image, program.data.moduledata, program.data.layout).gathered(image))
    totals = program.data.totals
    assert totals.by_function == {index: sum(found.owned_by(index).values()) for index in found.functions()}
    expected: dict = defaultdict(Counter)
    for index in found.functions():
        for region, size in found.owned_by(index).items():
            expected[program.functions[index].package][region] += size
    for (region, users), size in found.shared.items():
        packages = {program.functions[index].package for index in users}
        expected[packages.pop() if len(packages) == 1 else None][region] += size
    for (region, package), size in found.inlined.items():
        expected[package][region] += size
    assert {package: dict(sizes) for package, sizes in expected.items()} == totals.by_package
    assert len(totals.by_package) > 10 and None in totals.by_package


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_packages_add_up_to_code_and_the_function_tables_they_own(fixture):
    report = analyze(fixture["path"])
    regions = {region.name: region.size for region in report.regions}
    attributed: Counter[str] = Counter()
    for package in report.packages:
        assert package.total == package.size + sum(package.data.values())
        attributed.update(package.data)
    assert sum(p.total for p in report.packages) == sum(f.size for f in report.functions) + sum(attributed.values())
    assert sum(m.total for m in report.modules) == sum(p.total for p in report.packages)
    assert set(attributed) <= {*TABLES, "types", "itabs", "types+rodata", "funcdesc", "typelinks", "itablinks", "rodata",
                               "noptrdata", "data"}
    for table in TABLES:
        # what no function refers to (functab's end marker, funcdata's alignment) stays with the region
        assert regions[table] * 0.97 <= attributed[table] <= regions[table], table
    assert attributed["findfunctab"] == regions["findfunctab"]


def test_type_eq_functions_belong_to_the_types_package():
    report = analyze(fixture_path(OLD_JS))  # Go 1.27 names most of them by memory shape instead
    generated = [f for f in report.functions if f.name.startswith("type:.eq.") and "." in f.name[9:]]
    assert generated and all(f.kind == "linker" for f in generated)
    for function in generated:
        if function.name.startswith("type:.eq.runtime."):
            assert function.package == "runtime" and function.module == "std"
    pair = next(f for f in generated if "codec%2ev2.Pair" in f.name)
    assert pair.package == "example.com/size_demo/codec.v2" and pair.module == "example.com/size_demo"


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_each_packages_type_descriptors_are_the_linkers_within_one_percent(fixture):
    """Per package, the bytes of its type descriptors against the linker's type: symbols (names, which
    several packages share, aside), for every package with more than 4 KiB of them."""
    from linker_truth import type_package

    from gowasm_inspect.golang.memory import build_memory_image
    from gowasm_inspect.golang.moduledata import go_minor
    from gowasm_inspect.golang.types import read_types

    module = read_module(fixture["path"])
    program = read_go_program(module)
    image, _ = build_memory_image(module)
    table = read_types(image, program.data.moduledata, go_minor(program.go_version))
    start, end = program.data.moduledata.types
    truth: Counter[str | None] = Counter()
    for symbol in load_symbol_map(fixture["file"]).symbols:
        if symbol.name.startswith("type:") and not symbol.name.startswith("type:.") and start <= symbol.address < end:
            truth[type_package(symbol.name)] += symbol.size
    found: Counter[str | None] = Counter()
    for descriptor in table.descriptors.values():
        found[descriptor.package] += descriptor.size
    checked = [package for package, size in truth.items() if package and size > 4096]
    assert len(checked) >= 2  # runtime and reflect, in these small programs
    for package in checked:
        assert abs(found[package] - truth[package]) <= truth[package] / 100, package


@pytest.mark.parametrize("fixture", EVERY_FIXTURE)
def test_type_metadata_goes_to_packages_or_shared(fixture):
    report = analyze(fixture["path"])
    regions = {region.name: region.size for region in report.regions}
    types_region = "types" if "types" in regions else "types+rodata"
    attributed = sum(package.data.get(types_region, 0) for package in report.packages)
    def owned(region: str) -> int:
        return sum(package.data.get(region, 0) for package in report.packages)

    if types_region == "types":  # Go 1.27: the region is type metadata alone
        assert regions["types"] * 0.97 <= attributed <= regions["types"]
        assert owned("itabs") == regions["itabs"]
        assert owned("funcdesc") == regions["funcdesc"]  # each function value is its function's
    else:
        assert 0 < attributed <= regions[types_region]
        assert owned("typelinks") == regions["typelinks"] and owned("itablinks") == regions["itablinks"]
    own = [package for package in report.packages if package.name == "example.org/shapes_lib"]
    assert not own or own[0].data.get(types_region, 0) > 0  # the demo's dependency declares Rect and Square


@slow
def test_a_stripped_build_owns_the_same_data_per_package_as_its_twin():
    """Stripping removes the name section only: the function tables are the same bytes, so each package's
    part of them is too; type metadata holds addresses of moved rodata, so it may differ by a few bytes."""
    from conftest import BY_FILE

    for entry in [e for e in MANIFEST if e["stripped"]]:
        stripped, twin = (
            {p.name: p.data for p in analyze(fixture_path(e)).packages} for e in (entry, BY_FILE[entry["unstripped_twin"]]))
        assert stripped.keys() == twin.keys(), entry["file"]
        for package, data in stripped.items():
            assert {r: data.get(r, 0) for r in TABLES} == {r: twin[package].get(r, 0) for r in TABLES}, package
            for region in set(data) - set(TABLES):
                assert abs(data[region] - twin[package].get(region, 0)) <= 128, (package, region)
