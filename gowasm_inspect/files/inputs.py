"""A build given as a `.wasm` file or as the JSON report `size --format json` saved from one.

CI often keeps the base branch's report rather than its binary; `check --baseline`
and `diff` accept either, told apart by their first bytes, not by file name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from gowasm_inspect.errors import InputError
from gowasm_inspect.model.from_binary import analyze
from gowasm_inspect.model.report import Report
from gowasm_inspect.wasm.format import MAGIC
from gowasm_inspect.wasm.source import open_input

MAX_REPORT_BYTES = 64 << 20  # a 20 MB binary's report is under 2 MB; an 88 MB one's under 10 MB


def is_wasm(path: Path) -> bool:
    """Whether a regular file starts with the wasm magic; InputError for anything else at `path`."""
    stream, _ = open_input(path)
    with stream:
        return stream.read(len(MAGIC)) == MAGIC


def load_reports(path: Path, read: Callable[[Path], Report] = analyze) -> list[Report]:
    """The report of a wasm file, or the report(s) saved in a JSON file (an array holds several)."""
    if is_wasm(path):
        return [read(path)]
    stream, size = open_input(path)
    if size > MAX_REPORT_BYTES:
        stream.close()
        raise InputError(f"at byte 0: neither WebAssembly nor a saved report of a sensible size ({size:,} bytes)")
    try:
        with stream:
            document = json.loads(stream.read(MAX_REPORT_BYTES + 1))
    except OSError as error:
        raise InputError(f"cannot be read: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"at byte {error.start}: neither WebAssembly (no \\0asm magic) nor a JSON report") from None
    except json.JSONDecodeError as error:
        raise InputError(f"at byte {error.pos}: neither WebAssembly (no \\0asm magic) nor a JSON report "
                         f"({error.msg}, line {error.lineno} column {error.colno})") from None
    documents = document if isinstance(document, list) else [document]
    if not documents:
        raise InputError("at byte 0: an empty list, not a saved report")
    return [Report.from_dict(item, source=f"report {number + 1}" if len(documents) > 1 else "report")
            for number, item in enumerate(documents)]
