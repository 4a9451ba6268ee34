"""Tells where the bytes of a Go-built WebAssembly binary go.

The public API (see README, "Python API"): `analyze`, `load_report`, `diff`, `check`,
and the `Report` model they return. Imports load on first use, so that the command
line starts fast.

Layers, each importing only those above it in this list: `wasm` (the binary format),
`golang` (Go knowledge), `model` (the report and how it is built), `analyses`, `files`,
`render`, `cli`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gowasm_inspect.errors import InputError, WasmFormatError

__version__ = "0.1.0"
__all__ = ["InputError", "Report", "WasmFormatError", "__version__", "analyze", "check", "diff", "load_report"]

if TYPE_CHECKING:
    from gowasm_inspect.api import analyze, check, diff, load_report
    from gowasm_inspect.model.report import Report

_LAZY = {"analyze": "gowasm_inspect.api", "load_report": "gowasm_inspect.api", "diff": "gowasm_inspect.api",
         "check": "gowasm_inspect.api", "Report": "gowasm_inspect.model.report"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'gowasm_inspect' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_LAZY[name]), name)
