"""`check`: budget results as a terminal table, JSON, Markdown, or GitHub workflow commands."""

from __future__ import annotations

import json
import os
import sys
from fractions import Fraction
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.text import Text

from gowasm_inspect.analyses.budget.evaluate import FAIL, OK, SKIPPED, WARN, CheckResult, CheckRow
from gowasm_inspect.render.console import make_console, new_table
from gowasm_inspect.render.escape import escape_markdown, inert_json, printable
from gowasm_inspect.render.figures import human_bytes
from gowasm_inspect.render.github import workflow_command
from gowasm_inspect.render.markdown import markdown_table

CHECK_SCHEMA = "gowasm-inspect/check/v1"
FORMATS = ("table", "json", "markdown", "github")
_STYLES = {FAIL: "bold red", WARN: "yellow", OK: "green", SKIPPED: "dim"}
_MARKS = {FAIL: "❌ FAIL", WARN: "⚠️ warn", OK: "✅ ok", SKIPPED: "➖ skipped"}


def _magnitude(value: int | Fraction) -> int | Fraction:
    return -value if value < 0 else value


def quantity(value: int | Fraction | None, is_percent: bool) -> str:
    if value is None:
        return "-"
    if is_percent:
        return f"{float(value):.2f}%"
    exact = f"{value:,} B"
    return f"{exact} ({human_bytes(int(value))})" if _magnitude(value) >= 10 * 1024 else exact


def is_glue(row: CheckRow) -> bool:
    return row.spec.kind == "glue"


def _glue_state(value: int | Fraction | None) -> str:
    return "-" if value is None else "instantiates" if value == 0 else "fails"


def figure(row: CheckRow, value: int | Fraction | None) -> str:
    """An actual or a limit as words for a glue check, else as `quantity` gives it."""
    return _glue_state(value) if is_glue(row) else quantity(value, row.spec.limit.is_percent)


def headroom(row: CheckRow) -> str:
    if is_glue(row):
        return "-"
    room = row.headroom
    if room is None:
        return "-"
    text = quantity(_magnitude(room), row.spec.limit.is_percent)
    if room < 0:
        return f"over by {text}"
    return f"{text} left"


def _limits(count: int) -> str:
    return f"{count} limit{'' if count == 1 else 's'}"


def summary(result: CheckResult) -> str:
    failed, warned, skipped = (result.count(s) for s in (FAIL, WARN, SKIPPED))
    files = len({row.file for row in result.rows})
    total = len(result.rows) - skipped
    if failed:
        head = f"{failed} of {_limits(total)} exceeded"
    elif result.checked:
        head = f"{'all ' if total > 1 else ''}{_limits(total)} met"
    else:
        head = "no limit was checked"
    extras = [f"{warned} near their limit" if warned else "",
              f"{skipped} growth {'limit' if skipped == 1 else 'limits'} skipped (no baseline)" if skipped else ""]
    extra = "".join(f", {item}" for item in extras if item)
    return f"{head}{extra} ({files} file{'s' if files != 1 else ''}, budget {result.budget})"


def _location(result: CheckResult, row: CheckRow) -> str:
    return f"{_relative(result.budget)}:{row.spec.line}"


def _relative(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


def _exact(value: int | Fraction | None, is_percent: bool) -> str:
    """Compact for a table: exact bytes without a unit (the header says bytes), or a percentage."""
    if value is None:
        return "-"
    return f"{float(value):.2f}%" if is_percent else f"{value:,}"


def _room(row: CheckRow) -> str:
    """Headroom in human units: room left, or with a minus sign the excess."""
    room = row.headroom
    if is_glue(row):
        return "-"
    if room is None:
        return "-"
    sign = "-" if room < 0 else ""
    if row.spec.limit.is_percent:
        return f"{sign}{float(_magnitude(room)):.2f} pts"
    return f"{sign}{human_bytes(int(_magnitude(room)))}"


def render_check_table(result: CheckResult, console: Console) -> None:
    """One row per limit; the file column only when several files were checked, to fit 80 columns."""
    several = len({row.file for row in result.rows}) > 1
    table = new_table(console, f"Budget check ({_relative(result.budget)})")
    figures = ("Actual B", "Budget B", "Headroom")
    names = ["Status", "File"] if several else ["Status"]
    for name in [*names, "Limit", *figures, "Line: measured"]:
        # figures never wrap; names and the measured-from text fold into what width is left
        measured = name.startswith("Line")  # detail for the curious: one line, cut with an ellipsis
        table.add_column(name, justify="right" if name in figures else "left",
                         overflow="ellipsis" if measured else "fold",
                         no_wrap=name == "Status" or name in figures or measured, ratio=1 if measured else None)
    for row in result.rows:
        percent = row.spec.limit.is_percent
        cells: list[Text | str] = [Text(row.status, style=_STYLES[row.status])]
        if several:
            cells.append(Text(printable(Path(row.file).name)))
        actual, limit = ((_glue_state(row.actual), _glue_state(row.spec.limit.value)) if is_glue(row) else
                         (_exact(row.actual, percent), _exact(row.spec.limit.value, percent)))
        cells += [Text(printable(row.label)), actual, limit, _room(row),
                  Text(f"{row.spec.line}: ").append(printable(row.detail), style="dim")]
        table.add_row(*cells)
    console.print(table)
    style = "bold red" if not result.passed else ("bold yellow" if not result.checked else "bold")
    console.print(Text(summary(result), style=style))


def check_document(result: CheckResult) -> dict[str, Any]:
    def number(value: int | Fraction | None) -> int | float | None:
        return float(value) if isinstance(value, Fraction) else value

    return {
        "schema": CHECK_SCHEMA,
        "budget": str(result.budget),
        "passed": result.passed,
        "counts": {status: result.count(status) for status in (FAIL, WARN, OK, SKIPPED)},
        "checked": result.checked,
        "results": [
            {"file": row.file, "kind": row.spec.kind, "name": row.spec.name,
             "measure": row.spec.measure if row.spec.kind in ("package", "module") else None,
             "unit": "failures" if is_glue(row) else "%" if row.spec.limit.is_percent else "bytes",
             "actual": number(row.actual),
             "limit": number(row.spec.limit.value), "headroom": number(row.headroom), "status": row.status,
             "detail": row.detail, "line": row.spec.line, "column": row.spec.column}
            for row in result.rows
        ],
    }


def render_check_json(result: CheckResult) -> str:
    return inert_json(json.dumps(check_document(result), indent=2)) + "\n"


def render_check_markdown(result: CheckResult) -> str:
    icon = "❌" if not result.passed else ("⚠️" if result.count(WARN) else "✅")
    lines = [f"### {icon} gowasm-inspect size budget: {escape_markdown(summary(result))}", ""]
    rows = [[_MARKS[row.status], escape_markdown(Path(row.file).name), escape_markdown(row.label),
             figure(row, row.actual), figure(row, row.spec.limit.value), headroom(row), escape_markdown(row.detail),
             escape_markdown(_location(result, row))]
            for row in result.rows]
    lines += markdown_table(["Status", "File", "Limit", "Actual", "Budget", "Headroom", "Measured", "Set at"],
                            rows, right={3, 4, 5})
    return "\n".join(lines) + "\n"


def render_check_github(result: CheckResult) -> str:
    """One ::error or ::warning per limit exceeded or near, pointing at its line in the budget file."""
    lines = []
    for row in result.rows:
        if row.status not in (FAIL, WARN):
            continue
        name = Path(row.file).name
        message = (f"{name}: {row.label}: {row.detail}" if is_glue(row) else
                   f"{name}: {row.label} is {figure(row, row.actual)}, budget "
                   f"{figure(row, row.spec.limit.value)}, {headroom(row)} ({row.detail})")
        lines.append(workflow_command("error" if row.status == FAIL else "warning", message,
                                      title=f"Size budget {'exceeded' if row.status == FAIL else 'nearly reached'}: "
                                            f"{name} {row.label}",
                                      file=_relative(result.budget), line=row.spec.line, col=row.spec.column))
    lines.append(f"gowasm-inspect: {printable(summary(result))}")
    return "\n".join(lines) + "\n"


def render_check(result: CheckResult, output_format: str, stream: TextIO | None = None) -> None:
    """github: the workflow commands only; the caller appends the Markdown to the job summary."""
    stream = stream or sys.stdout
    if output_format == "table":
        render_check_table(result, make_console(stream))
        return
    renderers = {"json": render_check_json, "markdown": render_check_markdown, "github": render_check_github}
    stream.write(renderers[output_format](result))
