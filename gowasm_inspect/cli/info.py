"""`gowasm-inspect info`: what built each file."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    INPUT_PATH,
    analyze,
    debug_option,
    format_option,
    read_each,
    to_standard_output,
)
from gowasm_inspect.cli.reflecting import Graphs, warning_of_reflection
from gowasm_inspect.render.info import FORMATS, render_info


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
@format_option(FORMATS, "table for people; json for programs (an object per file, an array for several).")
@debug_option
def info(files: tuple[Path, ...], output_format: str, debug: bool) -> None:
    """Show what built each FILE: Go version, target, modules, build settings.

    Read from the binary itself (runtime.modinfo, runtime.buildVersion, the
    go:buildid and name sections), which `go version -m` cannot do for wasm.
    A binary not built by Go says so, lists what its producers section names
    (TinyGo and its release, or the language and compiler) and, when it carries
    DWARF, its compile units; it exits 0.
    """
    reports, failed = read_each(files, debug, warning_of_reflection(analyze, Graphs()))
    to_standard_output(lambda: render_info(reports, output_format, several=len(files) > 1))
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)
