"""The `name` custom section: debug names for the module and its functions (removed by `-s`).

For Go, function names here are sanitised (every character outside [A-Za-z0-9_.]
becomes `_`), so they identify a function but cannot be split into packages.
"""

from __future__ import annotations

from msgspec import Struct, field

from gowasm_inspect.wasm import native
from gowasm_inspect.wasm.reader import Reader

NAME_SECTION = "name"
MODULE_NAMES = 0  # subsection ids
FUNCTION_NAMES = 1


class NameSection(Struct):
    module_name: str | None = None
    function_names: dict[int, str] = field(default_factory=dict)
    subsection_sizes: dict[int, int] = field(default_factory=dict)  # id -> payload bytes

    def entry_sizes(self) -> dict[int, int]:
        """Each named function's bytes in the function names: its index, the name's length, the name."""
        return {index: _uleb_size(index) + _uleb_size(len(encoded)) + len(encoded)
                for index, encoded in ((index, name.encode()) for index, name in self.function_names.items())}


def _uleb_size(value: int) -> int:
    return max(1, (value.bit_length() + 6) // 7)


def _read_function_names(r: Reader) -> dict[int, str]:
    names: dict[int, str] = {}
    count = r.count("function names", min_item_size=2)
    if native.speedups is not None:  # well-formed entries in C; Python reads (and names the fault of) the rest
        read, r.pos = native.speedups.function_names(r.data, r.pos, r.end, count, names)
        count -= read
    for _ in range(count):
        index = r.u32("function index")
        names[index] = r.name(f"name of function {index}")
    return names


def parse_name_section(r: Reader) -> NameSection:
    section = NameSection()
    while r.remaining:
        subsection_id = r.byte("name subsection id")
        size = r.u32("name subsection size")
        body = r.sub(size, f"name subsection {subsection_id}")
        section.subsection_sizes[subsection_id] = section.subsection_sizes.get(subsection_id, 0) + size
        if subsection_id == MODULE_NAMES:
            section.module_name = body.name("module name")
            body.expect_end("module name")
        elif subsection_id == FUNCTION_NAMES:
            section.function_names = _read_function_names(body)
            body.expect_end("function names")
    return section
