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

MAX_REPORT_BYTES = 512 << 20  # a 20 MB binary's report is under 2 MB


def is_wasm(path: Path) -> bool:
    try:
        with open(path, "rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return True  # let the wasm reader say what is wrong with the path


def load_reports(path: Path, read: Callable[[Path], Report] = analyze) -> list[Report]:
    """The report of a wasm file, or the report(s) saved in a JSON file (an array holds several)."""
    if is_wasm(path):
        return [read(path)]
    try:
        size = path.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise InputError(f"at byte 0: neither WebAssembly nor a saved report of a sensible size ({size:,} bytes)")
        document = json.loads(path.read_bytes())
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
