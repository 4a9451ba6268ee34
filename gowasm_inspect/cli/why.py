"""`gowasm-inspect why`: what keeps a package or function in the binary."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    INPUT_PATH,
    debug_option,
    format_option,
    read_each,
    to_standard_output,
)
from gowasm_inspect.render.why import FORMATS, render_why

if TYPE_CHECKING:
    from gowasm_inspect.analyses.why import Explained


def _reader(cached: bool) -> Callable[[Path], Explained]:
    def read(path: Path) -> Explained:
        from gowasm_inspect.analyses.why import Explained
        from gowasm_inspect.files.graph_cache import read_graph

        return Explained(read_graph(path, cached))

    return read


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=INPUT_PATH)
@click.argument("pattern")
@click.option("--all", "chains", type=click.IntRange(1, 50), default=1, show_default=True, metavar="N",
              help="Show up to N chains per match: the shortest, then through other callers.")
@format_option(FORMATS, "table for people; json for programs; markdown for a pull request.")
@click.option("--no-cache", is_flag=True,
              help="Read the reference graph again instead of reusing the one cached under "
              "$XDG_CACHE_HOME/gowasm-inspect/graphs for the same bytes.")
@debug_option
def why(file: Path, pattern: str, chains: int, output_format: str, no_cache: bool, debug: bool) -> None:
    """Show why PATTERN is in FILE: the shortest chain of references from a root.

    PATTERN is matched as budgets match packages (`net/http`, `encoding/**`,
    `main`), or, when no package matches, as a function name
    (`encoding/json.Marshal`). Each hop says how the one before reaches it: it
    calls it, takes its address, refers to or points to a data item (a type,
    an itab, a function value), keeps it in a type's method table, or brings in
    a package's init. Roots are the wasm exports, the linker's entry and init
    tasks.

    Each match also shows what removing it would save: the bytes reachable only
    through it (an estimate; the assumptions are printed with it). When a
    reflective method lookup is reachable, it also says what the linker kept
    for it (the reflection trap).

    The graph is cached by the file's content, so a second question about the
    same build does not read it again.

    \b
    Examples:
      gowasm-inspect why main.wasm net/http
      gowasm-inspect why main.wasm 'encoding/**' --all 3
      gowasm-inspect why main.wasm reflect.Value.MethodByName
      gowasm-inspect why main.wasm main --format markdown >> $GITHUB_STEP_SUMMARY
    """
    from gowasm_inspect.analyses.why import explain

    graphs, failed = read_each([file], debug, _reader(not no_cache))
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    report = explain(graphs[0], pattern, chains)
    to_standard_output(lambda: render_why(report, output_format))
    sys.exit(EXIT_OK)
