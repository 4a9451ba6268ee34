"""`size`: how a build's bytes divide into sections, packages, modules and functions.

Tables for people (render/size_tables.py, loaded only for them: rich takes a
tenth of a second to import), or JSON for programs: the report model's own form
(schema gowasm-inspect/report/v2).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any, TextIO, cast

from gowasm_inspect.model.report import Report
from gowasm_inspect.render.escape import inert_json
from gowasm_inspect.wasm.native import PURE_VARIABLE

FORMATS = ("table", "json", "html")  # html: render/html.py
VIEWS = ("section", "region", "package", "module", "function", "retained")
DEFAULT_VIEWS = ("section", "package")


def render_json(reports: list[Report], as_array: bool) -> str:
    """An array when several files were asked for (even if some could not be read), else one object."""
    return "".join(json_pieces(reports, as_array))


def json_pieces(reports: list[Report], as_array: bool) -> Iterator[str]:
    """`render_json` in pieces, each inert on its own (a piece holds whole JSON values, so `##[` cannot
    straddle two): written one by one, a large build's 2 MB of rows are not copied into ever longer text."""
    if not as_array:
        yield from map(inert_json, _layout(reports[0].to_dict(), ""))
        yield "\n"
        return
    yield "[\n"
    for number, report in enumerate(reports):
        yield ",\n  " if number else "  "
        yield from map(inert_json, _layout(report.to_dict(), "  "))
    yield "\n]\n"


def _layout(document: dict[str, Any], indent: str) -> Iterator[str]:
    """Top-level keys on their own lines and one row per line: readable, and encoded by json's C encoder
    (indent= would switch to its pure-Python one, several times slower on 100,000 rows)."""
    yield "{"
    for number, (key, value) in enumerate(document.items()):
        yield f"{',' if number else ''}\n{indent}  {json.dumps(key)}: "
        if isinstance(value, list) and value:
            yield f"[\n{indent}    "
            yield _rows(value, f"{indent}    ")
            yield f"\n{indent}  ]"
        else:
            yield json.dumps(value)
    yield f"\n{indent}}}"


_ROW_BOUNDARY = '}, {"'


def _compiled_rows() -> Callable[[list[Any], str], str | None] | None:
    """`_json_rows.rows`, when the install built it (GOWASM_INSPECT_PURE=1 asks for Python)."""
    if os.environ.get(PURE_VARIABLE) == "1":
        return None
    try:
        return cast(Callable[[list[Any], str], "str | None"],
                    importlib.import_module("gowasm_inspect.render._json_rows").rows)
    except ImportError:
        return None


compiled_rows = _compiled_rows()


def _rows(rows: list[Any], indent: str) -> str:
    """The rows' JSON, one per line, byte for byte as json.dumps writes each. Compiled where it can be (a
    large build has tens of thousands of rows). Else rows that are all non-empty objects are encoded in
    one call and split where one ends and the next begins: `}, {"` cannot occur inside an encoded string
    (its quotes are escaped) nor elsewhere inside an object, unless it holds a list of objects; then the
    count tells."""
    if compiled_rows is not None and (encoded := compiled_rows(rows, f",\n{indent}")) is not None:
        return encoded
    if all(type(row) is dict and row for row in rows):
        encoded = json.dumps(rows)[1:-1]
        if encoded.count(_ROW_BOUNDARY) == len(rows) - 1:
            return encoded.replace(_ROW_BOUNDARY, '},\n' + indent + '{"')
    return f",\n{indent}".join(map(json.dumps, rows))


def render_size(reports: list[Report], output_format: str, views: list[str], top: int, several: bool,
                stream: TextIO | None = None) -> None:
    """`several`: several files were asked for, so JSON is an array even when fewer could be read."""
    stream = stream or sys.stdout
    if output_format == "json":
        if reports or several:
            stream.writelines(json_pieces(reports, as_array=several))
    elif reports:
        from gowasm_inspect.render.console import make_console
        from gowasm_inspect.render.size_tables import render_table

        render_table(reports, views, top, make_console(stream))
