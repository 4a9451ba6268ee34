"""Terminal tables (rich): sections by size, then the largest functions.

On a terminal: colour and box lines, wrapped to its width. Piped: no colour,
ASCII rules, and lines as wide as their content, so grep and cut see whole names.
Every name from a binary goes into a `Text`, never through markup.
"""

from __future__ import annotations

import io
import sys
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gowasm_inspect.model import MODULE_HEADER_SIZE, Report
from gowasm_inspect.report.text import human_bytes, percent, printable

ASCII_SIMPLE = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)
_PIPE_WIDTH = 10_000


def make_console(stream: TextIO | None = None) -> Console:
    """A console for `stream`: styled for a terminal, plain and unwrapped for a pipe or file."""
    stream = stream or sys.stdout
    terminal = stream.isatty()
    return Console(
        file=stream if terminal else _TrailingSpaceStripper(stream),
        width=None if terminal else _PIPE_WIDTH,
        no_color=not terminal or None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=not terminal,
    )


class _TrailingSpaceStripper(io.TextIOBase):
    """Drops the padding rich leaves at the end of table lines, for tidy piped output."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._pending = ""

    def write(self, text: str) -> int:
        lines = (self._pending + text).split("\n")
        self._pending = lines.pop()
        for line in lines:
            self._stream.write(line.rstrip() + "\n")
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(self._pending.rstrip())
            self._pending = ""
        self._stream.flush()

    def isatty(self) -> bool:
        return False


def new_table(console: Console, title: str) -> Table:
    terminal = console.is_terminal
    return Table(
        title=title,
        title_justify="left",
        title_style="bold" if terminal else None,
        box=box.SIMPLE if terminal else ASCII_SIMPLE,
        header_style="bold" if terminal else None,
        pad_edge=False,
        show_edge=False,
    )


def _sections_table(console: Console, report: Report) -> Table:
    table = new_table(console, "Sections")
    table.add_column("Section")
    table.add_column("Offset", justify="right")
    table.add_column("Bytes", justify="right")
    table.add_column("Size", justify="right")
    table.add_column("% of file", justify="right")
    for section in sorted(report.sections, key=lambda s: (-s.size, s.offset)):
        label = Text(printable(section.name))
        if section.id == 0:
            label.append(" (custom)", style="dim")
        table.add_row(label, f"0x{section.offset:x}", f"{section.size:,}", human_bytes(section.size),
                      percent(section.size, report.size))
        if section.name == "data":
            for part in report.data_parts:
                table.add_row(Text(f"  {part.name}", style="dim"), "", f"{part.size:,}", human_bytes(part.size),
                              percent(part.size, report.size), style="dim")
    table.add_row(Text("module header", style="dim"), "0x0", f"{MODULE_HEADER_SIZE:,}",
                  human_bytes(MODULE_HEADER_SIZE), percent(MODULE_HEADER_SIZE, report.size))
    table.add_section()
    table.add_row(Text("total", style="bold"), "", f"{report.size:,}", human_bytes(report.size), "100.0%")
    return table


def _code_size(report: Report) -> int:
    code = report.section("code")
    return code.size if code else 0


def _packages_table(console: Console, report: Report, top: int) -> Table:
    shown = report.packages[:top]
    how = " - guessed from name-section names" if report.attribution.get("packages") == "guessed" else ""
    table = new_table(console, f"Packages ({len(shown)} of {len(report.packages):,}, by code size{how})")
    table.add_column("Package", overflow="fold")
    table.add_column("Module", overflow="fold")
    table.add_column("Functions", justify="right")
    table.add_column("Bytes", justify="right")
    table.add_column("% of code", justify="right")
    code = _code_size(report)
    for package in shown:
        table.add_row(Text(printable(package.name)), Text(printable(package.module)), f"{package.functions:,}",
                      f"{package.size:,}", percent(package.size, code))
    return table


def _modules_table(console: Console, report: Report, top: int) -> Table:
    shown = report.modules[:top]
    table = new_table(console, f"Modules ({len(shown)} of {len(report.modules):,}, by code size)")
    table.add_column("Module", overflow="fold")
    table.add_column("Version", overflow="fold")
    table.add_column("Bytes", justify="right")
    table.add_column("% of code", justify="right")
    code = _code_size(report)
    for module in shown:
        version = Text(printable(module.version or ""))
        if module.replace:
            version.append(f" => {printable(module.replace)}", style="dim")
        table.add_row(Text(printable(module.path)), version, f"{module.size:,}", percent(module.size, code))
    return table


def _functions_table(console: Console, report: Report, top: int) -> Table:
    largest = sorted(report.functions, key=lambda f: (-f.size, f.index))[:top]
    table = new_table(console, f"Largest functions ({len(largest)} of {len(report.functions):,})")
    table.add_column("Index", justify="right")
    table.add_column("Function", overflow="fold")
    table.add_column("Package", overflow="fold")
    table.add_column("Bytes", justify="right")
    table.add_column("% of code", justify="right")
    code = _code_size(report)
    for function in largest:
        name = Text(printable(function.name)) if function.name is not None else Text(f"func[{function.index}]", style="dim")
        table.add_row(str(function.index), name, Text(printable(function.package or "")), f"{function.size:,}",
                      percent(function.size, code))
    return table


def _strip_table(console: Console, report: Report) -> Table:
    table = new_table(console, "Relinked with -s / -w (predicted to within a few bytes of a real relink)")
    table.add_column("Flags")
    table.add_column("Bytes", justify="right")
    table.add_column("Saved", justify="right")
    table.add_column("% saved", justify="right")
    table.add_column("Why", overflow="fold")
    for prediction in report.strip:
        reasons = "; ".join(
            (f"{change.section} {change.bytes:+,}: " if change.bytes else "") + change.reason for change in prediction.changes)
        table.add_row(prediction.flags, f"{prediction.size:,}", f"{prediction.saved:,}",
                      percent(prediction.saved, report.size), Text(printable(reasons)))
    return table


def _compressed_table(console: Console, report: Report) -> Table:
    how = "; ".join(f"{name}: {facts['settings']} ({facts['library']})" for name, facts in report.compression.items())
    table = new_table(console, f"Compressed ({how})")
    table.add_column("File")
    table.add_column("Bytes", justify="right")
    for algorithm in report.compressed:
        table.add_column(algorithm, justify="right")
    table.add_row("as it is", f"{report.size:,}", *(f"{size:,}" for size in report.compressed.values()))
    for prediction in report.strip:
        if prediction.compressed and prediction.saved:
            table.add_row(f"relinked {prediction.flags}", f"{prediction.size:,}",
                          *(f"{prediction.compressed[a]:,}" for a in report.compressed))
    return table


def _compressed_share_table(console: Console, report: Report) -> Table:
    share = report.compressed_share
    table = new_table(console, f"Compressed bytes by section ({share['method']})")
    table.add_column("Section")
    table.add_column("Bytes", justify="right")
    table.add_column("% of compressed", justify="right")  # the same for every algorithm, by the method
    for algorithm in report.compressed:
        table.add_column(f"{algorithm} ≈", justify="right")
    first, total = next(iter(report.compressed.items()))
    sizes = {section.offset: section.size for section in report.sections}
    for row in sorted(share["sections"], key=lambda r: (-r[first], r["offset"])):
        table.add_row(Text(printable(row["name"])), f"{sizes[row['offset']]:,}", percent(row[first], total),
                      *(f"{row[algorithm]:,}" for algorithm in report.compressed))
    return table


def render_table(reports: list[Report], views: list[str], top: int, console: Console) -> None:
    """Each report: a heading, then one table per view ("section", "package", "module", "function")."""
    for number, report in enumerate(reports):
        if number:
            console.print()
        console.print(Text(printable(report.file), style="bold"))
        console.print(f"{report.size:,} bytes ({human_bytes(report.size)}), sha256 {report.sha256[:16]}")
        for view in views:
            table = None
            if view == "section":
                table = _sections_table(console, report)
            elif top and view == "package" and report.packages:
                table = _packages_table(console, report, top)
            elif top and view == "module" and report.modules:
                table = _modules_table(console, report, top)
            elif top and view == "function" and report.functions:
                table = _functions_table(console, report, top)
            if table is not None:
                console.print(table)
                console.print()
        if report.strip:
            console.print(_strip_table(console, report))
            console.print()
        if report.compressed:
            console.print(_compressed_table(console, report))
            console.print()
            if report.compressed_share and "section" in views:
                console.print(_compressed_share_table(console, report))
                console.print()
        if report.functions and report.attribution.get("names") is None:
            console.print(Text("No function names: no Go pclntab and no name section.", style="dim"))
        for warning in report.warnings:
            console.print(Text("warning: " + printable(warning), style="yellow"))
