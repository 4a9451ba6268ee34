"""`diff`: two builds compared, as a terminal table, JSON, or Markdown for a pull-request comment."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, TextIO

from gowasm_inspect.analyses.diff import LEVELS, UNCHANGED, BuildDiff, DiffRow
from gowasm_inspect.render.escape import escape_markdown, inert_json
from gowasm_inspect.render.figures import signed
from gowasm_inspect.render.markdown import markdown_table

DIFF_SCHEMA = "gowasm-inspect/diff/v1"
FORMATS = ("table", "json", "markdown", "html")  # html: render/html.py
TITLES = {"sections": "Sections", "regions": "Data section regions", "modules": "Modules", "packages": "Packages",
           "package_data": "Package data (function tables, types, static data)", "functions": "Functions"}
_KINDS = {"sections": "section", "regions": "region", "modules": "module", "packages": "package",
          "package_data": "package data", "functions": "function"}
_MARKDOWN_HEADLINE_ROWS = 10


def signed_pct(row: DiffRow) -> str:
    pct = row.delta_pct
    return "new" if row.old is None else "-" if pct is None else f"{pct:+.2f}%"


def size_or_dash(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def shown_rows(rows: list[DiffRow], top: int | None, show_all: bool) -> list[DiffRow]:
    """Changed rows, largest change first (all with show_all); at most top when given."""
    kept = rows if show_all else [row for row in rows if row.status != UNCHANGED]
    return kept if top is None else kept[:top]


def distinguishing_names(old: str, new: str) -> tuple[str, str]:
    """The shortest trailing parts of two paths that tell them apart (a/x.wasm, b/x.wasm), or the names."""
    old_parts, new_parts = Path(old).parts, Path(new).parts
    for count in range(1, max(len(old_parts), len(new_parts)) + 1):
        shown = "/".join(old_parts[-count:]), "/".join(new_parts[-count:])
        if shown[0] != shown[1]:
            return shown
    return Path(old).name, Path(new).name


def is_identical(diff: BuildDiff) -> bool:
    return all(row.status == UNCHANGED for level in LEVELS for row in diff.level(level)) and not diff.total.delta


def headline(diff: BuildDiff) -> str:
    parts = [f"{signed(diff.total.delta)} B ({signed_pct(diff.total)}) raw"]
    parts += [f"{signed(row.delta)} B ({signed_pct(row)}) {name}" for name, row in diff.compressed.items()]
    old, new = distinguishing_names(diff.old_file, diff.new_file)
    if is_identical(diff):
        return f"{old} → {new}: identical in size, section by section, package by package and function by function"
    if diff.toolchains:  # packages are matched by import path across compilers
        parts.append(f"built by {diff.toolchains[0]} and {diff.toolchains[1]}: packages matched by import path")
    return f"{old} → {new}: " + ", ".join(parts)


def folded_note(diff: BuildDiff) -> str | None:
    if not diff.folded:
        return None
    return f"{diff.folded:,} changed row{'s' if diff.folded != 1 else ''} under {diff.folded_below} folded away"


def _row_document(row: DiffRow) -> dict[str, Any]:
    document = {"name": row.name, "old": row.old, "new": row.new, "delta": row.delta,
                "delta_pct": None if row.delta_pct is None else round(row.delta_pct, 4), "status": row.status}
    if row.note:
        document["note"] = row.note
    return document


def _change(row: DiffRow) -> dict[str, Any]:
    """A whole-file change: old, new, delta and delta_pct, without a name or status."""
    return {key: value for key, value in _row_document(row).items() if key not in ("name", "status")}


def diff_document(diff: BuildDiff, show_all: bool) -> dict[str, Any]:
    return {
        "schema": DIFF_SCHEMA,
        "old": diff.old_file,
        "new": diff.new_file,
        "total": _change(diff.total),
        "compressed": {name: _change(row) for name, row in diff.compressed.items()},
        **{level: [_row_document(row) for row in shown_rows(diff.level(level), None, show_all)] for level in LEVELS},
    }


def render_diff_json(diff: BuildDiff, show_all: bool) -> str:
    return inert_json(json.dumps(diff_document(diff, show_all), indent=2)) + "\n"


def _markdown_rows(rows: list[DiffRow], level: str | None = None) -> list[list[str]]:
    return [([level] if level else []) + [escape_markdown(row.name), size_or_dash(row.old), size_or_dash(row.new),
                                          signed(row.delta), signed_pct(row), row.status, escape_markdown(row.note)]
            for row in rows]


_COLUMNS = ["Name", "Old", "New", "Δ bytes", "Δ %", "Status", "Note"]


def render_diff_markdown(diff: BuildDiff, views: list[str], top: int, show_all: bool) -> str:
    """A headline, the biggest changes in one compact table, every level in full folded below it."""
    lines = [f"**Size change** {escape_markdown(headline(diff))}", ""]
    if folded_note(diff):
        lines += [f"_{folded_note(diff)}_", ""]
    if is_identical(diff) and not show_all:
        return "\n".join(lines)
    biggest = sorted(((level, row) for level in views for row in shown_rows(diff.level(level), None, False)),
                     key=lambda pair: -abs(pair[1].delta))[:_MARKDOWN_HEADLINE_ROWS]
    if biggest:
        rows = [_markdown_rows([row], _KINDS[level])[0] for level, row in biggest]
        lines += [*markdown_table(["Level", *_COLUMNS], rows, right={2, 3, 4, 5}), ""]
    else:
        lines += ["No section, module or package changed size.", ""]
    for level in views:
        shown = shown_rows(diff.level(level), top, show_all)
        if not shown:
            continue
        changed = sum(row.status != UNCHANGED for row in diff.level(level))
        largest = f", the largest {len(shown)} shown" if len(shown) < changed else ""
        lines += [f"<details><summary>{TITLES[level]}: {changed} changed{largest}</summary>", ""]
        lines += [*markdown_table(_COLUMNS, _markdown_rows(shown), right={1, 2, 3, 4}), "", "</details>", ""]
    return "\n".join(lines)


def render_diff(diff: BuildDiff, output_format: str, levels: list[str], top: int, show_all: bool,
                stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if output_format == "json":
        stream.write(render_diff_json(diff, show_all))
    elif output_format == "markdown":
        stream.write(render_diff_markdown(diff, levels, top, show_all))
    else:
        from gowasm_inspect.render.console import make_console
        from gowasm_inspect.render.diff_table import render_diff_table

        render_diff_table(diff, levels, top, show_all, make_console(stream))
