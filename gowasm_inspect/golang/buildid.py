"""The `go:buildid` custom section (`go.buildid` before Go 1.20): the linker's build ID note."""

from __future__ import annotations

import re

from gowasm_inspect.wasm.module import WasmModule

BUILD_ID_SECTION_NAMES = ("go:buildid", "go.buildid")
_NOTE = re.compile(rb'\xff Go build ID: "([^"]*)"\n \xff')


def parse_build_id(payload: bytes) -> str | None:
    """The build ID inside Go's note, or None when the payload is not such a note."""
    match = _NOTE.search(payload)
    return match.group(1).decode("utf-8", "replace") if match else None


def read_build_id(module: WasmModule) -> tuple[str | None, list[str]]:
    """The build ID of a module read with `keep_custom=BUILD_ID_SECTION_NAMES`, and any warning about it."""
    for header in module.sections:
        if header.custom_name in BUILD_ID_SECTION_NAMES:
            build_id = parse_build_id(module.custom_payloads.get(header.custom_name, b""))
            if build_id is None:
                return None, [f"{header.custom_name} section at byte {header.offset} holds no Go build ID note"]
            return build_id, []
    return None, []
