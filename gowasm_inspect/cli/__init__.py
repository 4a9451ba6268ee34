"""Layer 5: the command line. A click group whose subcommands load on first use, one module each
(`size`, `info`, `strip`, `check`, `diff`); what they share (exit codes, error lines, options,
reading inputs, compressing) is in `common` and `compressing`. No format knowledge: each
command hands its result to its renderer.

Imports: every layer below, through the functions each command needs, imported when it runs.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import importlib
import os
import sys
from typing import NoReturn

import click

from gowasm_inspect import __version__
from gowasm_inspect.cli.common import EXIT_CODES_HELP, EXIT_OK, to_standard_output
from gowasm_inspect.wasm import native

# command name -> module under gowasm_inspect.cli that defines it (a click command of the same name)
_COMMANDS = {"size": "size", "info": "info", "strip": "strip", "check": "check", "diff": "diff", "glue": "glue", "why": "why"}


class _LazyGroup(click.Group):
    """Imports a command's module only when that command is asked for (or help lists them all)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in _COMMANDS:
            return None
        module = importlib.import_module(f"gowasm_inspect.cli.{_COMMANDS[cmd_name]}")
        command: click.Command = getattr(module, cmd_name)
        return command


def version_text() -> str:
    from gowasm_inspect.golang import SUPPORTED_GO
    from gowasm_inspect.golang.glue_table import glue_table

    glues = glue_table()
    releases = [release for glue in glues for release in glue["releases"]]
    return (f"gowasm-inspect {__version__}\n"
            f"reads Go {SUPPORTED_GO[0]} to {SUPPORTED_GO[1]} builds (pclntab, runtime.firstmoduledata), "
            "js/wasm and wasip1/wasm\n"
            f"knows the wasm_exec.js of {releases[0]} to {releases[-1]} ({len(releases)} releases, "
            f"{len(glues)} distinct files)")


def _print_version(context: click.Context, _: click.Parameter, value: bool) -> None:
    if value and not context.resilient_parsing:
        to_standard_output(lambda: click.echo(version_text()))
        context.exit()


@click.group(
    cls=_LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.option("-V", "--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version, the Go releases it reads and the wasm_exec.js files it knows, and exit.")
def main() -> None:
    """Where the bytes of a Go-built WebAssembly binary go.

    \b
    Examples:
      gowasm-inspect size main.wasm                   sections, then Go packages by size
      gowasm-inspect size main.wasm --by module       modules, with versions
      gowasm-inspect size main.wasm --by function     largest functions, exact Go names
      gowasm-inspect size *.wasm --format json        machine-readable, one object per file
      gowasm-inspect info main.wasm                   Go version, target, modules, build settings
      gowasm-inspect strip main.wasm -o small.wasm    drop the name section, as -ldflags=-s would
      gowasm-inspect size main.wasm --format html -o size.html
                                                      a zoomable treemap, one offline page
      gowasm-inspect glue main.wasm wasm_exec.js      will this glue instantiate the build?
    """


def run() -> NoReturn:
    """Console-script entry point: a closed pipe (`| head`) ends the output quietly."""
    code: object = EXIT_OK
    # one command, then exit: the cycle collector's passes over what lives to the end (an analysis leaves
    # some 25 objects in cycles) cost milliseconds and free nothing worth having
    gc.disable()
    if native.speedups is not None:  # a command's large buffers are not kept resident once freed
        native.speedups.return_large_blocks()
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
    except SystemExit as leaving:
        code = leaving.code
    _leave(code)


def _leave(code: object) -> NoReturn:
    """End the process as sys.exit would, but without freeing what the command built (a large build's
    report is hundreds of thousands of objects: 20 ms of teardown after the answer is out). Output is
    flushed and exit handlers run first; nothing else of this process needs finalising."""
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)  # sys.exit("message") prints it and exits with 1
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BrokenPipeError, ValueError):  # a reader gone, or a stream already closed
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code or EXIT_OK)
