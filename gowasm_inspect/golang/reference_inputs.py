"""What the reference graph is read from, gathered from a module: Go's data (its image, moduledata,
type metadata and layout) and the code's constants and calls."""

from __future__ import annotations

from gowasm_inspect.golang.data_reading import data_layout_of
from gowasm_inspect.golang.funcdata import wrapped_offsets
from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import go_minor, read_moduledata
from gowasm_inspect.golang.pclntab import PclntabError, find_pclntab
from gowasm_inspect.golang.program import go_version_of
from gowasm_inspect.golang.references import ENTRY_NAMES, GraphInputs
from gowasm_inspect.golang.type_layout import TypeReader
from gowasm_inspect.golang.types import read_types
from gowasm_inspect.wasm.calls import direct_calls
from gowasm_inspect.wasm.module import WasmModule
from gowasm_inspect.wasm.source import read_at


def read_graph_inputs(module: WasmModule, image: MemoryImage | None) -> tuple[GraphInputs | None, str | None]:
    """The inputs of `module` (read with `scan_code=True`) and its memory image, or None and why there are
    none."""
    if module.code is None or module.code_constants is None:
        return None, "the module has no code"
    if image is None:
        return None, "the module has no data to rebuild Go's memory from"
    version = go_version_of(module, image)
    try:
        pclntab = find_pclntab(image, len(module.code.bodies))
    except PclntabError as error:
        return None, str(error)
    if pclntab is None:
        return None, "no Go pclntab: the binary was not built by the Go toolchain"
    moduledata = read_moduledata(image, pclntab.location.moduledata, version)
    if moduledata is None:
        return None, "runtime.firstmoduledata could not be read in any known layout"
    minor = go_minor(version)
    layout = data_layout_of(module, image, pclntab.location, moduledata, pclntab, version)
    code = module.section("code")
    assert code is not None
    calls = direct_calls(read_at(module.path, code.payload_offset, code.payload_size), code.payload_offset,
                         module.code.bodies)
    first = module.imported_function_count
    wrapped = [(first + pclntab.functions[number].defined_index, offset)
               for number, offset in wrapped_offsets(image, pclntab, moduledata.gofunc)]
    entry = next((first + function.defined_index for function in pclntab.functions
                  if function.name in ENTRY_NAMES), None)
    exports = [(export.name, export.index) for export in module.exports if export.kind == "func"]
    return GraphInputs(
        imported=first, defined=len(module.code.bodies), exports=exports,
        start=module.start, entry=entry, image=image, moduledata=moduledata, types=read_types(image, moduledata, minor),
        reader=TypeReader(image, moduledata, minor), pieces=layout.pieces if layout is not None else [],
        constants=module.code_constants.result(), calls=calls, wrapped=wrapped), None
