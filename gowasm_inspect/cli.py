"""The gowasm-inspect command line: parse options, run the analysis, hand the result to a renderer."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from gowasm_inspect import __version__
from gowasm_inspect.analysis import analyze
from gowasm_inspect.errors import InputError
from gowasm_inspect.model import Report

EXIT_OK = 0
EXIT_OVER_BUDGET = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  a budget or threshold was exceeded
  2  usage error: a bad option or argument
  3  an input is missing, unreadable or not valid WebAssembly
     (one line on stderr names the file and the byte offset)"""

def _error(path: Path | str, message: str) -> None:
    click.echo(f"gowasm-inspect: {path}: {message}", err=True)


def _analyze_each(paths: tuple[Path, ...], debug: bool) -> tuple[list[Report], bool]:
    """Analyse each path; report unreadable ones on stderr and say whether any failed."""
    results, failed = [], False
    for path in paths:
        try:
            results.append(analyze(path))
        except InputError as error:
            _error(path, str(error))
            failed = True
            if debug:
                traceback.print_exc()
        except (RecursionError, MemoryError, ValueError, OverflowError) as error:
            # not expected from any input; still one line, and never a pass
            _error(path, f"could not be read ({type(error).__name__}: {error}); run with --debug for details")
            failed = True
            if debug:
                traceback.print_exc()
    return results, failed


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, "-V", "--version", prog_name="gowasm-inspect")
def main() -> None:
    """Where the bytes of a Go-built WebAssembly binary go.

    \b
    Examples:
      gowasm-inspect size main.wasm              sections and largest functions
      gowasm-inspect size main.wasm --top 50     more functions
      gowasm-inspect size *.wasm --format json   machine-readable, one object per file
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="table for people; json (schema gowasm-inspect/report/v1) for programs: an object for one file, "
    "an array for several.",
)
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many of the largest functions to list in the table (0: none).")
@click.option("--debug", is_flag=True, help="Add a traceback to error messages.")
def size(files: tuple[Path, ...], output_format: str, top: int, debug: bool) -> None:
    """Show how the bytes of each FILE divide into sections and functions.

    Every byte is accounted for: the module header, each section's id and size
    bytes, and its payload add up to the file size. Functions are sized as their
    body plus its length prefix, and named from the name section when present.
    """
    reports, failed = _analyze_each(files, debug)
    _render(reports, output_format, top, several=len(files) > 1)
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)


def _render(reports: list[Report], output_format: str, top: int, several: bool) -> None:
    if output_format == "json":
        from gowasm_inspect.report.json_format import render_json

        if reports or several:
            sys.stdout.write(render_json(reports, as_array=several))
    elif reports:
        from gowasm_inspect.report.table import make_console, render_table

        render_table(reports, top, make_console())


def run() -> None:
    """Console-script entry point: a closed pipe (`| head`) ends the output quietly."""
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_OK)
