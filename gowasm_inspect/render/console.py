"""The rich console every table renderer prints to, and the table style they share.

On a terminal: colour and box lines, wrapped to its width. Piped: no colour,
ASCII rules, and lines as wide as their content, so grep and cut see whole names.
Markup is off: every name from a binary goes into a `Text`, never through markup.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Collection, Sequence
from typing import IO, TextIO, cast

from rich import box
from rich.console import Console
from rich.table import Table

ASCII_SIMPLE = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)
_PIPE_WIDTH = 10_000


def make_console(stream: TextIO | None = None) -> Console:
    """A console for `stream`: styled for a terminal, plain and unwrapped for a pipe or file."""
    stream = stream or sys.stdout
    terminal = stream.isatty()
    # a TextIOBase is a text stream at run time; typeshed does not count it as an IO[str]
    target = stream if terminal else cast(IO[str], _TrailingSpaceStripper(stream))
    return _Console(
        file=target,
        width=None if terminal else _PIPE_WIDTH,
        no_color=not terminal or None,
        highlight=False,
        emoji=False,
        markup=False,
        soft_wrap=not terminal,
    )


class _Console(Console):
    """A console that lets a closed pipe through to the command, which decides how to end (rich would exit
    with code 1, which here says a budget was exceeded)."""

    def on_broken_pipe(self) -> None:
        self.quiet = True
        raise BrokenPipeError


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


def add_columns(table: Table, names: Sequence[str], numeric: Collection[str] = ()) -> None:
    """Text columns fold long names into the width left; numeric ones are right-aligned."""
    for name in names:
        if name in numeric:
            table.add_column(name, justify="right")
        else:
            table.add_column(name, overflow="fold")
