"""`gowasm-inspect glue`: will this wasm_exec.js instantiate this binary?"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_OK,
    EXIT_OVER_BUDGET,
    INPUT_PATH,
    analyze,
    debug_option,
    error_line,
    format_option,
    read_each,
    to_standard_output,
)
from gowasm_inspect.render.glue import FORMATS

_EXIT_HELP = """\b
Exit codes:
  0  it instantiates (or, for a WASI binary without glue, nothing to check)
  1  it will fail to instantiate
  2  usage error
  3  an input is missing, unreadable or not valid WebAssembly"""
_MAX_GLUE_READ = (4 << 20) + 1


@click.command(epilog=_EXIT_HELP)
@click.argument("wasm", type=INPUT_PATH)
@click.argument("glue", type=INPUT_PATH, required=False)
@format_option(FORMATS, "table for people; json (schema gowasm-inspect/glue/v1) for programs.")
@debug_option
def glue(wasm: Path, glue: Path | None, output_format: str, debug: bool) -> None:
    """Say whether GLUE (a wasm_exec.js) will instantiate WASM, and which Go releases shipped GLUE.

    The glue's import object is read without running it and compared with the
    binary's imports as V8 (Node, Chrome) checks them, every import's module
    first and then each function: the first one missing is the error it will
    show, word for word. The glue is identified by its SHA-256 among the files
    every Go release from 1.17 ships (a file several releases share names them
    all), as an edited copy of one when it defines the same imports, or as
    TinyGo's. A wasip1 binary needs no glue: its WASI imports are listed, and
    whether it is a command or a reactor.

    \b
    Examples:
      gowasm-inspect glue dist/main.wasm dist/wasm_exec.js
      gowasm-inspect glue dist/main.wasm                 a wasip1 build: what it imports
    """
    from gowasm_inspect.errors import InputError
    from gowasm_inspect.golang.glue import read_glue
    from gowasm_inspect.model.glue import judge
    from gowasm_inspect.render.glue import render_glue_json, render_glue_text
    from gowasm_inspect.wasm.source import open_input

    reports, failed = read_each((wasm,), debug, analyze)
    glue_facts = None
    if glue is not None:
        try:
            stream, _ = open_input(glue)
            with stream:
                glue_facts = read_glue(stream.read(_MAX_GLUE_READ))
        except (InputError, OSError) as error:
            error_line(glue, str(error))
            failed = True
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    verdict = judge(reports[0], glue_facts, str(glue) if glue is not None else None)
    text = render_glue_json(verdict) if output_format == "json" else render_glue_text(verdict)
    to_standard_output(lambda: click.echo(text, nl=False))
    sys.exit(EXIT_OVER_BUDGET if verdict.instantiates is False else EXIT_OK)
