"""DWARF in custom sections (`.debug_info` and the rest), as LLVM writes it for wasm (clang, rustc, TinyGo
without -no-debug): each compile unit with the functions it defines.

A function's DW_AT_low_pc is the offset, in the code section's payload, of its body's
contents (after the body's size): that is how a subprogram is matched to a wasm
function. The sections are read by pyelftools, loaded only when a module has them.
"""

from __future__ import annotations

import inspect
import io
from typing import Any

from msgspec import Struct, field

DWARF_SECTIONS = (".debug_info", ".debug_abbrev", ".debug_str", ".debug_line", ".debug_line_str", ".debug_ranges",
                  ".debug_rnglists", ".debug_loc", ".debug_loclists", ".debug_addr", ".debug_str_offsets")
# DW_AT_language codes of the languages that reach wasm (DWARF 5, table 7.17)
LANGUAGES = {0x01: "C", 0x02: "C", 0x04: "C++", 0x0C: "C", 0x16: "Go", 0x1A: "C++", 0x1C: "Rust", 0x1D: "C",
             0x21: "C++", 0x2B: "C", 0x2C: "C"}
_MAX_UNITS = 100_000  # more compile units than any real build: a crafted .debug_info stops here


class DwarfError(Exception):
    """The DWARF sections cannot be read."""


class CompileUnit(Struct):
    name: str  # DW_AT_name: a source file for C and Rust
    language: str | None  # from DW_AT_language, when it is one of LANGUAGES
    producer: str | None  # DW_AT_producer: the compiler
    functions: dict[int, str | None] = field(default_factory=dict)  # low_pc -> the function's name, if given


def compile_units(payloads: dict[str, bytes]) -> list[CompileUnit]:
    """The compile units of the DWARF sections in `payloads` (custom section name -> payload)."""
    if ".debug_info" not in payloads or ".debug_abbrev" not in payloads:
        return []
    from elftools.dwarf.dwarfinfo import DebugSectionDescriptor, DwarfConfig, DWARFInfo

    sections: dict[str, Any] = {
        parameter: None for parameter in inspect.signature(DWARFInfo).parameters if parameter.endswith("_sec")}
    for name, payload in payloads.items():
        parameter = name.lstrip(".") + "_sec"
        if parameter in sections:
            sections[parameter] = DebugSectionDescriptor(io.BytesIO(payload), name, None, len(payload), 0)
    try:
        info = DWARFInfo(config=DwarfConfig(little_endian=True, machine_arch="wasm", default_address_size=4),
                         **sections)
        return [_unit(unit) for unit, _ in zip(info.iter_CUs(), range(_MAX_UNITS), strict=False)]
    except Exception as error:  # pyelftools raises many kinds on malformed DWARF: all mean "unreadable"
        raise DwarfError(f"{type(error).__name__}: {error}") from error


def _unit(unit: Any) -> CompileUnit:
    top = unit.get_top_DIE()
    found = CompileUnit(_text(top, "DW_AT_name") or "(unnamed compile unit)",
                        LANGUAGES.get(_value(top, "DW_AT_language")), _text(top, "DW_AT_producer"))
    for die in unit.iter_DIEs():
        if die.tag == "DW_TAG_subprogram" and "DW_AT_low_pc" in die.attributes:
            low_pc = _value(die, "DW_AT_low_pc")
            if isinstance(low_pc, int):
                found.functions[low_pc] = _name(die)
    return found


def _name(die: Any) -> str | None:
    """The subprogram's name, or that of the declaration it completes (C++ out-of-line members)."""
    for _ in range(8):
        name = _text(die, "DW_AT_name")
        if name is not None:
            return name
        origin = next((die.attributes[key] for key in ("DW_AT_specification", "DW_AT_abstract_origin")
                       if key in die.attributes), None)
        if origin is None:
            return None
        die = die.get_DIE_from_attribute(origin.name)
    return None


def _value(die: Any, attribute: str) -> Any:
    found = die.attributes.get(attribute)
    return found.value if found is not None else None


def _text(die: Any, attribute: str) -> str | None:
    value = _value(die, attribute)
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else None


def units_of_functions(units: list[CompileUnit], code_payload_offset: int,
                       bodies: list[Any]) -> dict[int, tuple[CompileUnit, str | None]]:
    """Wasm function index -> (its compile unit, the name DWARF gives it), for the functions some unit
    defines; `bodies` are the code section's (FunctionBody), whose payload starts at that file offset."""
    index_at = {body.offset + body.prefix_size - code_payload_offset: body.function_index for body in bodies}
    return {index_at[low_pc]: (unit, name) for unit in units for low_pc, name in unit.functions.items()
            if low_pc in index_at}
