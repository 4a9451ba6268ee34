"""Which sections `-ldflags=-s` removes from a Go wasm module: the name section; Go's build ID stays."""

from __future__ import annotations

from gowasm_inspect.golang.buildid import BUILD_ID_SECTION_NAMES
from gowasm_inspect.wasm.format import CUSTOM_SECTION_ID
from gowasm_inspect.wasm.module import WasmModule
from gowasm_inspect.wasm.sections.names import NAME_SECTION
from gowasm_inspect.wasm.walk import SectionHeader


def sections_to_strip(module: WasmModule, *, all_custom: bool = False,
                      drop_build_id: bool = False) -> list[SectionHeader]:
    """The name section; with `all_custom` every other custom section but Go's build ID; that too if asked."""
    removed = []
    for header in module.sections:
        if header.id != CUSTOM_SECTION_ID:
            continue
        is_build_id = header.custom_name in BUILD_ID_SECTION_NAMES
        if header.custom_name == NAME_SECTION or (is_build_id and drop_build_id) or (all_custom and not is_build_id):
            removed.append(header)
    return removed
