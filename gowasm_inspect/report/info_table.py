"""`info` for people: what built this binary, as a two-column table."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gowasm_inspect.model import Report
from gowasm_inspect.report.json_format import info_document
from gowasm_inspect.report.table import new_table
from gowasm_inspect.report.text import printable


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "unknown" if value is None else (yes if value else no)


def _rows(report: Report) -> list[tuple[str, str]]:
    info = info_document(report)
    if not info["is_go"]:
        return [("Go", "no: this binary was not built by the Go toolchain (no pclntab, no Go build info)"),
                ("functions", f"{info['counts']['functions']:,}")]
    main = info["main"] or {}
    target = info["goos"] or "unknown"
    if info["target"]:
        target += f" ({info['target']})"
    rows = [
        ("Go version", info["go_version"] or "unknown"),
        ("target", f"{target}/{info['goarch'] or 'wasm'}"),
        ("main module", " ".join(filter(None, [main.get("path"), main.get("version")])) or "none"),
        ("main package", info.get("main_package") or "unknown"),
    ]
    for dep in info["deps"]:
        text = " ".join(filter(None, [dep["path"], dep["version"], dep["sum"]]))
        if dep["replace"]:
            text += " => " + " ".join(filter(None, [dep["replace"]["path"], dep["replace"]["version"]]))
        rows.append(("dependency", text))
    for key, value in info["settings"].items():
        rows.append((f"setting {key}", value))
    rows += [
        ("build ID", info["build_id"] or "none"),
        ("name section", _yes_no(info["stripped"], "stripped (-s)", "present")),
        ("source paths", _yes_no(info["trimpath"], "trimmed (-trimpath)", "absolute paths recorded (no -trimpath)")),
        ("functions", f"{info['counts']['functions']:,} (names from {info['names'] or 'nowhere'})"),
        ("packages", f"{info['counts']['packages']:,}"),
        ("modules", f"{info['counts']['modules']:,}"),
    ]
    return rows


def render_info_table(reports: list[Report], console: Console) -> None:
    for number, report in enumerate(reports):
        if number:
            console.print()
        table: Table = new_table(console, printable(report.file))
        table.show_header = False  # a list of facts; a rule as wide as the longest value would only wrap
        table.add_column("Fact")
        table.add_column("Value", overflow="fold")
        for key, value in _rows(report):
            table.add_row(Text(printable(key)), Text(printable(value)))
        console.print(table)
        for warning in report.warnings:
            console.print(Text("warning: " + printable(warning), style="yellow"))
