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


def _table(console: Console, title: str) -> Table:
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
    table = _table(console, "Sections")
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
    table.add_row(Text("module header", style="dim"), "0x0", f"{MODULE_HEADER_SIZE:,}",
                  human_bytes(MODULE_HEADER_SIZE), percent(MODULE_HEADER_SIZE, report.size))
    table.add_section()
    table.add_row(Text("total", style="bold"), "", f"{report.size:,}", human_bytes(report.size), "100.0%")
    return table


def _functions_table(console: Console, report: Report, top: int) -> Table:
    largest = sorted(report.functions, key=lambda f: (-f.size, f.index))[:top]
    code = report.section("code")
    table = _table(console, f"Largest functions ({len(largest)} of {len(report.functions):,})")
    table.add_column("Index", justify="right")
    table.add_column("Function", overflow="fold")
    table.add_column("Bytes", justify="right")
    table.add_column("% of code", justify="right")
    for function in largest:
        name = Text(printable(function.name)) if function.name is not None else Text(f"func[{function.index}]", style="dim")
        table.add_row(str(function.index), name, f"{function.size:,}", percent(function.size, code.size if code else 0))
    return table


def render_table(reports: list[Report], top: int, console: Console) -> None:
    for number, report in enumerate(reports):
        if number:
            console.print()
        console.print(Text(printable(report.file), style="bold"))
        console.print(f"{report.size:,} bytes ({human_bytes(report.size)}), sha256 {report.sha256[:16]}")
        console.print(_sections_table(console, report))
        if top and report.functions:
            console.print()
            console.print(_functions_table(console, report, top))
            if not report.has_function_names:
                console.print(Text("No function names: this build has no name section (linked with -s).", style="dim"))
        for warning in report.warnings:
            console.print(Text("warning: " + printable(warning), style="yellow"))
