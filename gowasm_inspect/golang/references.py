"""Go's reference graph, read from the binary: what each function and each data item refers to.

The linker keeps a symbol when a kept symbol refers to it (cmd/link/internal/ld/deadcode.go);
the references it followed are still in the bytes it wrote:
- a body's `call` of a function (Go's wasm backend calls static callees directly);
- a body pushing a function's PC, `(0x1000 + defined index) << 16`, or a data address;
- a data word holding a data address (a table of strings, a type's element), or a PC (a
  closure's function value, an itab's methods, an init task's functions);
- a type's method table, whose kept entries hold text offsets (dropped methods hold -1);
- a `go`/`defer` wrapper's wrapper info (funcdata), the text offset of the function it wraps.
Data items are the type descriptors and itabs the type walk finds, firstmoduledata, and static
data cut at every address code or data points at (as static_data.py cuts it); a function
value is the 8-byte word at its address. Roots are the wasm exports, the start function and
the linker's entry symbol and the functions of the init tasks (PCs in noptrdata).

Each method table entry carries its method's key (name and signature type) and each interface
type the keys it declares, so that a walk can follow an entry as the linker does: once an
interface declaring the method is reachable. What is conservative: every word that reads as an
address or PC is taken for one, so a constant that happens to equal one adds an edge; an
interface that is reachable stands for a call of its methods; the function table (`elem`) is
ignored, since Go puts every function in it.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence

from msgspec import Struct, field

from gowasm_inspect.golang.memory import MemoryImage
from gowasm_inspect.golang.moduledata import ModuleData
from gowasm_inspect.golang.regions import Span
from gowasm_inspect.golang.static_data import POINTER_HOLDERS, Items, pointers_into, static_pieces
from gowasm_inspect.golang.type_layout import IMETHOD, INTERFACE, KIND_MASK, MAX_ITEMS, METHOD, UNCOMMON_FLAG, TypeReader
from gowasm_inspect.golang.types import TypeTable, referred_types
from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.calls import DirectCalls
from gowasm_inspect.wasm.constants import BodyConstants

# Edge kinds, in the order a chain prefers them when two are equally short
CALL, ADDRESS, WRAPS, REFERS, POINTS, HOLDS, METHOD_OF = range(7)
EDGE_KINDS = ("call", "address", "wraps", "refers", "points", "holds", "method")
# Root kinds
EXPORT, START, INIT, ENTRY = "export", "start", "init", "entry"
ENTRY_NAMES = ("_rt0_wasm_js", "_rt0_wasm_wasip1")  # the linker's entry symbol, a root though nothing calls it

FUNCTION_VALUE = "funcdesc"  # a function value (closure with nothing captured, method value, func literal)
_FUNCTION_VALUE_REGIONS = ("funcdesc", "funcdata")  # go:func.* holds them: its own region from Go 1.27
_PC_LOW, _PC_HIGH = 0x1000 << 16, 1 << 32  # PCs as code pushes them and data holds them
_TFLAG_EXTRA_STAR = 2  # the type's string carries a '*' that is not its own
_NAME_AND_PTR_TO_THIS = 40  # offset in a type descriptor of its name's nameOff and its pointer type's typeOff
VARIABLES = "bss"  # the kind of an item among the zeroed variables (bss, noptrbss): no bytes in the file
TYPE_RANGE = "types"  # the kind of an item cut from the type range outside the descriptors the type walk reads
INTERFACE_SIZE = 16  # an interface value's size and pointer bytes: two words


class DataItem(Struct, frozen=True, array_like=True):
    kind: str  # "type", "itab", "funcdesc", "moduledata", "bss", or the static region it lies in ("rodata", ...)
    name: str | None  # where the binary tells it: `type:` and the type's string, `go:itab.T,I`
    address: int
    size: int  # bytes of linear memory


class Root(Struct, frozen=True, array_like=True):
    node: int
    kind: str  # EXPORT, START, ENTRY or INIT
    detail: str  # the export's name, or the init task's address


class ReferenceGraph(Struct):
    """Nodes 0 .. functions-1 are wasm function indices; node functions + k is items[k]. Edges are parallel
    columns, one per (source, target, kind), sources in no particular order."""

    functions: int
    imported: int
    items: list[DataItem] = field(default_factory=list)
    sources: array[int] = field(default_factory=lambda: array("q"))
    targets: array[int] = field(default_factory=lambda: array("q"))
    kinds: array[int] = field(default_factory=lambda: array("b"))
    roots: list[Root] = field(default_factory=list)
    method_keys: dict[int, int] = field(default_factory=dict)  # METHOD_OF edge number -> its method's key
    interface_keys: dict[int, list[int]] = field(default_factory=dict)  # interface type node -> its methods
    method_names: list[str] = field(default_factory=list)  # key -> its method's name
    dropped_keys: dict[int, list[int]] = field(default_factory=dict)  # type node -> its dropped entries' keys

    def add(self, source: int, target: int, kind: int) -> None:
        self.sources.append(source)
        self.targets.append(target)
        self.kinds.append(kind)


class GraphInputs(Struct):
    """What the graph is read from: the module's function counts and exports, Go's data, the code's
    constants and calls."""

    imported: int
    defined: int
    exports: list[tuple[str, int]]  # (name, function index) of each exported function
    start: int | None
    entry: int | None  # the function named as the linker's entry
    image: MemoryImage
    moduledata: ModuleData
    types: TypeTable
    reader: TypeReader
    pieces: list[Span]  # the data layout's
    constants: BodyConstants
    calls: DirectCalls
    wrapped: list[tuple[int, int]]  # (wrapper, text offset of what it wraps): each `go`/`defer` wrapper's


def function_at(pc: int, imported: int, defined: int) -> int | None:
    """The wasm index of the function whose entry is `pc`, or None."""
    if pc & 0xFFFF:
        return None
    number = (pc >> 16) - 0x1000
    return imported + number if 0 <= number < defined else None


def text_offset_function(offset: int, imported: int, defined: int) -> int | None:
    """The function a method table's text offset names: `0x1000 + index` from Go 1.25 (as functab), the
    whole PC before; None for a dropped method (-1) or an offset naming none."""
    offset &= 0xFFFFFFFF
    if offset < _PC_LOW:
        number = offset - 0x1000
        return imported + number if 0 <= number < defined else None
    return function_at(offset, imported, defined)


class _ItemIndex:
    """Items (in address order) by address: the one holding each address, by bisection over their starts."""

    def __init__(self, items: list[DataItem]) -> None:
        self.starts = [item.address for item in items]
        self.ends = [item.address + item.size for item in items]

    def holding(self, addresses: Sequence[int]) -> Sequence[int]:
        """For each address, the number of the item holding it, or -1."""
        if native.speedups is not None:
            return array("q", native.speedups.item_positions(self.starts, self.ends, addresses, False))
        found = []
        for address in addresses:
            at = bisect_right(self.starts, address) - 1
            found.append(at if at >= 0 and address < self.ends[at] else -1)
        return found


def read_reference_graph(inputs: GraphInputs) -> ReferenceGraph:
    imported, defined = inputs.imported, inputs.defined
    graph = ReferenceGraph(imported + defined, imported)
    for caller, callee in zip(inputs.calls.callers, inputs.calls.callees, strict=True):
        if imported <= callee < graph.functions:
            graph.add(caller, callee, CALL)
    cut_pieces = _cut_pieces(inputs)
    holders = _holder_spans(inputs, cut_pieces)
    data_low, data_high = inputs.image.base, inputs.image.end
    fixed = _fixed_items(inputs)
    # words that read as small addresses but are not: a descriptor's name and ptrToThis offsets (one word,
    # when ptrToThis is 0), and the lengths moduledata keeps
    # (also of the descriptors the type walk did not reach: those something points at that read as one)
    words = pointers_into(inputs.image, [span for span in holders if span.name in POINTER_HOLDERS or
                                         span.name in (TYPE_RANGE, "moduledata")], data_low, data_high)
    types_low, types_high = inputs.moduledata.types
    described = {item.address for item in fixed if item.kind == "type"}
    described.update(value for _, value in words if types_low <= value < types_high and inputs.reader.is_type(value))
    not_pointers = {address + _NAME_AND_PTR_TO_THIS for address in described}
    not_pointers.update(inputs.moduledata.counts())
    pointers = [(address, value) for address, value in words if address not in not_pointers]
    variables_low, variables_high = inputs.moduledata.variables
    referenced = [value for value in inputs.constants.values
                  if data_low <= value < data_high or variables_low <= value < variables_high]
    referenced += [value for _, value in pointers]
    items = sorted([*fixed, *_cut_items(inputs, cut_pieces, referenced, fixed)], key=lambda item: item.address)
    graph.items = items
    index, first_item = _ItemIndex(items), graph.functions
    seen: set[tuple[int, int]] = set()
    for function, value in zip(inputs.calls.holders, inputs.calls.values, strict=True):
        target = function_at(value, imported, defined)
        if target is not None and target != function and (function, target) not in seen:
            seen.add((function, target))
            graph.add(function, target, ADDRESS)
    for function, at in zip(inputs.constants.functions, index.holding(inputs.constants.values), strict=True):
        if at >= 0 and (function, first_item + at) not in seen:
            seen.add((function, first_item + at))
            graph.add(function, first_item + at, REFERS)
    links = set(zip(index.holding([address for address, _ in pointers]),
                    index.holding([value for _, value in pointers]), strict=True))
    links |= _type_links(inputs.reader, items, index)
    for source, target in sorted(links):
        if source >= 0 and target >= 0 and source != target:
            graph.add(first_item + source, first_item + target, POINTS)
    init_tasks: list[tuple[int, int]] = []
    words = pointers_into(inputs.image, holders, _PC_LOW, _PC_HIGH)
    for source, (_, pc) in zip(index.holding([address for address, _ in words]), words, strict=True):
        target = function_at(pc, imported, defined)
        # an itab's methods are weak references: the linker keeps them through the type's method table
        if source >= 0 and target is not None and items[source].kind != "itab":
            graph.add(first_item + source, target, HOLDS)
            if items[source].kind == "noptrdata":
                init_tasks.append((target, items[source].address))
    for wrapper, offset in inputs.wrapped:
        target = text_offset_function(offset, imported, defined)
        if target is not None:
            graph.add(wrapper, target, WRAPS)
    keys: dict[tuple[str, int], int] = {}
    for source, target, key in _method_entries(inputs, items):
        if target is None:
            graph.dropped_keys.setdefault(first_item + source, []).append(keys.setdefault(key, len(keys)))
            continue
        graph.method_keys[len(graph.sources)] = keys.setdefault(key, len(keys))
        graph.add(first_item + source, target, METHOD_OF)
    for number, declared in _interface_methods(inputs, items):
        graph.interface_keys[first_item + number] = [keys.setdefault(key, len(keys)) for key in declared]
    graph.method_names = [name for name, _ in keys]
    graph.roots = _roots(inputs, init_tasks)
    return graph


def _fixed_items(inputs: GraphInputs) -> list[DataItem]:
    """The items whose extents Go's metadata gives: type descriptors, itabs, firstmoduledata."""
    r = inputs.reader
    items = [DataItem("type", type_string(r, address), address, descriptor.size)
             for address, descriptor in inputs.types.descriptors.items()]
    for address, (size, _) in inputs.types.itabs.items():
        interface, concrete = r.word(address), r.word(address + 8)
        items.append(DataItem("itab", f"go:itab.{_bare(r, concrete)},{_bare(r, interface)}", address, size))
    start, end = inputs.moduledata.span
    items.append(DataItem("moduledata", "runtime.firstmoduledata", start, end - start))
    return items


def type_string(r: TypeReader, address: int) -> str:
    """`type:` and the string of the type at `address` (as Go spells it: package names, not paths)."""
    return "type:" + _bare(r, address)


def _bare(r: TypeReader, address: int) -> str:
    string = r.offset(r.int32(address + 40))
    text = r.name(string)[1] if string is not None else "?"
    return text[1:] if r.data[address - r.base + 20] & _TFLAG_EXTRA_STAR and text.startswith("*") else text


def _holder_spans(inputs: GraphInputs, cut_pieces: list[Span]) -> list[Span]:
    """Where words are read: static data and the type range (`cut_pieces`), the function values and
    firstmoduledata."""
    spans = [*cut_pieces, *(piece for piece in inputs.pieces if piece.name in _FUNCTION_VALUE_REGIONS)]
    start, end = inputs.moduledata.span
    spans.append(Span("moduledata", start, end))
    return sorted(spans, key=lambda span: span.start)


def _cut_items(inputs: GraphInputs, pieces: list[Span], referenced: Sequence[int],
               fixed: list[DataItem]) -> list[DataItem]:
    """`pieces` (static data and the type range) cut as static_data.py cuts static data, at every referenced
    address outside the fixed items, each item running to the next cut or fixed item; in go:func.*, the
    function value (8 bytes) at each referenced address."""
    fixed_index = _ItemIndex(sorted(fixed, key=lambda item: item.address))
    values = [piece for piece in inputs.pieces if piece.name in _FUNCTION_VALUE_REGIONS]
    value_index = _ItemIndex([DataItem(piece.name, None, piece.start, piece.end - piece.start)
                              for piece in values])
    outside = sorted({address for address, at in zip(referenced, fixed_index.holding(referenced), strict=True)
                      if at < 0})
    function_values = [address for address, at in zip(outside, value_index.holding(outside), strict=True)
                       if at >= 0]
    fixed_starts = set(fixed_index.starts)
    cut = Items(pieces, [*outside, *fixed_starts])
    return [*(DataItem(FUNCTION_VALUE, None, address, 8) for address in function_values),
            *(DataItem(region, None, start, end - start)
              for start, end, region in zip(cut.starts, cut.ends, cut.regions, strict=True)
              if start not in fixed_starts)]


def _cut_pieces(inputs: GraphInputs) -> list[Span]:
    """Static data, the type range (where descriptors and itabs are fixed items) and the zeroed variables, in
    address order."""
    low, high = inputs.moduledata.types
    pieces = [piece for piece in static_pieces(inputs.pieces, (low, high)) if piece.name != "moduledata"]
    for piece in inputs.pieces:
        start, end = max(piece.start, low), min(piece.end, high)
        if start < end and piece.name not in _FUNCTION_VALUE_REGIONS:
            pieces.append(Span(TYPE_RANGE, start, end))
    variables_low, variables_high = inputs.moduledata.variables
    if variables_low < variables_high:
        pieces.append(Span(VARIABLES, variables_low, variables_high))
    return sorted(pieces, key=lambda piece: piece.start)


def _type_links(r: TypeReader, items: list[DataItem], index: _ItemIndex) -> set[tuple[int, int]]:
    """(type, type) for each type a descriptor refers to by offset or pointer (its pointer type, its
    methods' types: what the linker marks with the type)."""
    sources, targets = [], []
    for number, item in enumerate(items):
        if item.kind == "type":
            referred = referred_types(r, item.address)
            sources += [number] * len(referred)
            targets += referred
    return set(zip(sources, index.holding(targets), strict=True))


def _method_entries(inputs: GraphInputs, items: list[DataItem]) -> list[tuple[int, int | None, tuple[str, int]]]:
    """(type item, function, (method name, signature type)) for each kept entry of each method table (two
    when its ifn and tfn differ); function None for a dropped entry, whose offsets name no function."""
    r = inputs.reader
    found: list[tuple[int, int | None, tuple[str, int]]] = []
    for number, item in enumerate(items):
        if item.kind != "type" or not r.data[item.address - r.base + 20] & UNCOMMON_FLAG:
            continue
        kind = r.data[item.address - r.base + 23] & KIND_MASK
        uncommon = item.address + r.kind_sizes.get(kind, 48)
        table = uncommon + (r.int32(uncommon + 8) & 0xFFFFFFFF)
        for method in range(table, table + METHOD * r.uint16(uncommon + 4), METHOD):
            if method + METHOD > item.address + item.size:
                break
            key = (_name_text(r, r.int32(method)), r.types + r.int32(method + 4))
            named = {text_offset_function(offset, inputs.imported, inputs.defined)
                     for offset in (r.int32(method + 8), r.int32(method + 12))}
            kept: list[tuple[int, int | None, tuple[str, int]]] = [
                (number, function, key) for function in named if function is not None]
            found += kept or [(number, None, key)]
    return found


def _interface_methods(inputs: GraphInputs, items: list[DataItem]) -> list[tuple[int, list[tuple[str, int]]]]:
    """(interface type item, the (name, signature type) of each method it declares)."""
    r, found = inputs.reader, []
    for number, item in enumerate(items):
        if not ((item.kind == "type" and r.data[item.address - r.base + 23] & KIND_MASK == INTERFACE)
                or (item.kind == TYPE_RANGE and _reads_as_interface(r, item.address))):
            continue
        start, count = r.word(item.address + 56), min(r.word(item.address + 64), MAX_ITEMS)
        if not (item.address <= start and start + IMETHOD * count <= r.etypes):
            continue
        found.append((number, [(_name_text(r, r.int32(at)), r.types + r.int32(at + 4))
                               for at in range(start, start + IMETHOD * count, IMETHOD)]))
    return found


def _reads_as_interface(r: TypeReader, address: int) -> bool:
    """Whether a cut of the type range starts with an interface type descriptor: the interfaces only data
    names (the `x.(interface{ Is(error) bool })` of errors.Is, held by a type assertion's cache) are not
    among the types the type walk reaches, yet the linker keeps the methods they declare."""
    return (r.is_type(address) and r.data[address - r.base + 23] & KIND_MASK == INTERFACE
            and r.word(address) == r.word(address + 8) == INTERFACE_SIZE)


def _name_text(r: TypeReader, offset: int) -> str:
    address = r.offset(offset)
    return r.name(address)[1] if address is not None else ""


def _roots(inputs: GraphInputs, init_tasks: list[tuple[int, int]]) -> list[Root]:
    roots = [Root(index, EXPORT, name) for name, index in inputs.exports
             if inputs.imported <= index < inputs.imported + inputs.defined]
    if inputs.start is not None and inputs.imported <= inputs.start < inputs.imported + inputs.defined:
        roots.append(Root(inputs.start, START, "start"))
    if inputs.entry is not None:
        roots.append(Root(inputs.entry, ENTRY, "entry"))
    roots += [Root(function, INIT, f"0x{address:x}") for function, address in init_tasks]
    return roots
