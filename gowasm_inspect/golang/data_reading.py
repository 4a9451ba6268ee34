"""Everything the data section says beyond names: Go's bounds, each function's funcdata, the regions,
and the data each function and package owns (function tables, type metadata, static data)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from msgspec import Struct, field

from gowasm_inspect.golang.data_layout import DataLayout, add_segment_cap_warning, read_data_layout
from gowasm_inspect.golang.funcdata import Funcdata, funcdata_span, read_funcdata
from gowasm_inspect.golang.function_data import (
    DataTotals,
    FunctionData,
    Intervals,
    function_intervals,
    read_function_data,
)
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData, go_minor, read_moduledata
from gowasm_inspect.golang.pclntab import Pclntab, PclntabLocation
from gowasm_inspect.golang.regions import Span
from gowasm_inspect.golang.static_data import POINTER_HOLDERS, pointers_into, static_intervals, static_pieces
from gowasm_inspect.golang.type_data import type_data, type_spans
from gowasm_inspect.golang.types import read_types
from gowasm_inspect.wasm.constants import BodyConstants
from gowasm_inspect.wasm.forked import Awaiting, Pending
from gowasm_inspect.wasm.module import WasmModule


class DataReading(Struct):
    moduledata: ModuleData | None = None
    layout: DataLayout | None = None
    totals: DataTotals | None = None  # what functions own, by wasm index and by package; with exact names only
    type_data: dict[tuple[str, str | None], int] = field(default_factory=dict)  # (region, package) -> bytes
    warnings: list[str] = field(default_factory=list)


class StartedReading(Struct):
    """What is begun as soon as pclntab is located: firstmoduledata, and its type metadata read on
    another core (and divided among the layout's pieces once the layout is given)."""

    moduledata: ModuleData | None = None
    types: Awaiting[list[Span] | None, dict[tuple[str, str | None], int]] | None = None
    tables: Awaiting[dict[int, str | None], DataTotals] | None = None  # given each function's package last


def start_reading_data(image: MemoryImage | None, location: PclntabLocation | None,
                       go_version: str | None) -> StartedReading:
    if image is None or location is None:
        return StartedReading()
    moduledata = read_moduledata(image, location.moduledata, go_version)
    if moduledata is None:
        return StartedReading()
    return StartedReading(moduledata, Awaiting(partial(_type_data, image, moduledata, go_minor(go_version))))


def start_function_tables(started: StartedReading, module: WasmModule, image: MemoryImage | None,
                          pclntab: Pclntab | None, go_version: str | None) -> None:
    """The function tables (and funcdata) read on another core from the moment the functions are, summed
    once each function's package is known."""
    if image is None or started.moduledata is None or pclntab is None:
        return
    first = module.imported_function_count
    indices = [first + function.defined_index for function in pclntab.functions]
    started.tables = Awaiting(partial(_function_totals, image, pclntab, started.moduledata, go_version, indices))


def read_data(module: WasmModule, image: MemoryImage | None, started: StartedReading,
              location: PclntabLocation | None, pclntab: Pclntab | None, package_of: dict[int, str | None] | None,
              go_version: str | None) -> DataReading:
    """`started`: what `start_reading_data` began; `location`: where pclntab lies, when it was found and its
    functions could be read or counted; `pclntab`: it, when its functions were read; `package_of`: each
    function's package by wasm index, when pclntab names the code section's functions exactly (so that data
    can go to them)."""
    if location is None and started.types is not None:
        started.types.stop()  # its functions could not be read: pclntab is not used, nor its moduledata
    moduledata, types = (started.moduledata, started.types) if location is not None else (None, None)
    tables = started.tables
    if tables is not None and package_of is None:
        tables.stop()  # pclntab does not name the code section's functions: data cannot go to them
        tables = None
    elif tables is not None and package_of is not None:
        tables.give(package_of)
    reading = DataReading(moduledata, data_layout_of(module, image, location, moduledata, pclntab, go_version))
    if image is None or moduledata is None:
        if reading.layout is not None and location is not None:
            add_segment_cap_warning(reading.layout, module)
        return reading
    static: Pending[DataTotals] | None = None
    if tables is not None and package_of is not None and reading.layout is not None \
            and module.code_constants is not None:
        constants = module.code_constants.result()  # here: the child that scanned the code is this process's
        reading.warnings += _unread_warning(constants)
        # static data is read on another core too
        static = Pending(partial(_static_totals, image, constants, moduledata, reading.layout, package_of))
    if reading.layout is not None and location is not None:
        add_segment_cap_warning(reading.layout, module)
    if types is not None:  # the type metadata's child divides it among the pieces too
        types.give(reading.layout.pieces if reading.layout is not None else None)
        reading.type_data = types.result()
    if tables is not None and package_of is not None:
        reading.totals = tables.result()
        if static is not None:
            reading.totals.absorb(static.result())
    return reading


def data_layout_of(module: WasmModule, image: MemoryImage | None, location: PclntabLocation | None,
                   moduledata: ModuleData | None, pclntab: Pclntab | None, go_version: str | None) -> DataLayout | None:
    """The data section's layout (read_data_layout), with where funcdata ends found as it needs."""
    span: tuple[int, int] | None = None
    if image is not None and moduledata is not None and pclntab is not None and moduledata.epclntab is None:
        # before Go 1.26 only funcdata itself says where it ends
        span = funcdata_span(image, pclntab, moduledata.gofunc, None, go_minor(go_version))
    return read_data_layout(module, image, location, moduledata, span)


def read_static_data(module: WasmModule, image: MemoryImage, moduledata: ModuleData,
                     layout: DataLayout | None) -> Intervals | None:
    """The strings, tables and variables the functions lead to; None without the data's layout or the code's
    constants."""
    if layout is None or module.code_constants is None:
        return None
    return _static_intervals(image, module.code_constants.result(), moduledata, layout.pieces)


def static_by_function(image: MemoryImage, constants: BodyConstants, moduledata: ModuleData,
                       pieces: list[Span]) -> dict[int, int]:
    """The static data bytes each function alone owns, by wasm index: the part of a report's function data
    that is not function tables."""
    return _static_intervals(image, constants, moduledata, pieces).totals(image, {}).by_function


def _static_intervals(image: MemoryImage, constants: BodyConstants, moduledata: ModuleData,
                      layout_pieces: list[Span]) -> Intervals:
    pieces = static_pieces(layout_pieces, moduledata.types)
    holders = [piece for piece in pieces if piece.name in POINTER_HOLDERS]
    pointers = pointers_into(image, holders, pieces[0].start, pieces[-1].end) if pieces else []
    return static_intervals(constants, pieces, pointers)


def _static_totals(image: MemoryImage, constants: BodyConstants, moduledata: ModuleData, layout: DataLayout,
                   package_of: dict[int, str | None]) -> DataTotals:
    return _static_intervals(image, constants, moduledata, layout.pieces).totals(image, package_of)


def _type_data(image: MemoryImage, moduledata: ModuleData, minor: int | None,
               pieces: Callable[[], list[Span] | None]) -> dict[tuple[str, str | None], int]:
    spans = type_spans(read_types(image, moduledata, minor))
    given = pieces()
    return {} if given is None else type_data(image, spans, given)


def function_data(image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData, funcdata: Funcdata,
                  indices: list[int]) -> FunctionData:
    """What each function owns in the function tables, by wasm index (`indices[number]`)."""
    return read_function_data(image, pclntab, moduledata, funcdata).by_wasm_index(indices)


def _function_totals(image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData, go_version: str | None,
                     indices: list[int], packages: Callable[[], dict[int, str | None]]) -> DataTotals:
    # summed where it is read: a few thousand totals cross the pipe, not every function's every region
    funcdata = read_funcdata_of(image, pclntab, moduledata, go_version)
    return function_intervals(image, pclntab, moduledata, funcdata).totals(image, packages(), indices)


def read_funcdata_of(image: MemoryImage, pclntab: Pclntab, moduledata: ModuleData, go_version: str | None) -> Funcdata:
    """Every function's funcdata items (go:func.* ends at findfunctab from Go 1.26)."""
    end = moduledata.findfunctab if moduledata.epclntab is not None else None
    return read_funcdata(image, pclntab, moduledata.gofunc, end, go_minor(go_version))


def _unread_warning(constants: BodyConstants) -> list[str]:
    if not constants.unread:
        return []
    return [f"{len(constants.unread):,} function bodies use instructions this tool does not decode (the first is "
            f"function {constants.unread[0]}); static data only they use is shown unattributed or shared"]
