"""What every command shares: exit codes, one-line errors, reading inputs, and the options they repeat."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

if TYPE_CHECKING:
    from gowasm_inspect.model.report import Report

EXIT_OK = 0
EXIT_OVER_BUDGET = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3

T = TypeVar("T")
Command = TypeVar("Command", bound=Callable[..., Any])

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  a budget or threshold was exceeded
  2  usage error: a bad option, argument or budget file, or output
     that cannot be written
  3  an input is missing, unreadable or not valid WebAssembly
     (one line on stderr names the file and the byte offset)"""


# Inputs are checked by the readers, which say what is wrong with exit code 3 (click would exit 2).
INPUT_PATH = click.Path(path_type=Path, readable=False)


def error_line(path: Path | str, message: str) -> None:
    """One line on stderr; the path and the message may hold anything a file name or a binary can."""
    from gowasm_inspect.render.escape import printable

    click.echo(f"gowasm-inspect: {printable(str(path))}: {printable(message)}", err=True)


def analyze(path: Path) -> Report:
    from gowasm_inspect.model.from_binary import analyze as analyze_binary

    return analyze_binary(path)


def analyze_without_digest(path: Path) -> Report:
    """`analyze`, its report's sha256 left empty: for output that shows no digest and caches nothing."""
    from gowasm_inspect.model.from_binary import analyze as analyze_binary

    return analyze_binary(path, digest=False)


def read_each(paths: Sequence[Path], debug: bool, read: Callable[[Path], T]) -> tuple[list[T], bool]:
    """Read each path; report unreadable ones on stderr as one line each and say whether any failed."""
    from gowasm_inspect.errors import InputError

    results, failed = [], False
    for path in paths:
        try:
            results.append(read(path))
        except InputError as error:
            error_line(path, str(error))
            failed = True
        except (RecursionError, MemoryError, ValueError, OverflowError) as error:
            # not expected from any input; still one line, and never a pass
            error_line(path, f"could not be read ({type(error).__name__}: {error}); run with --debug for details")
            failed = True
        else:
            continue
        if debug:
            import traceback

            traceback.print_exc()
    return results, failed


def debug_option(command: Command) -> Command:
    return click.option("--debug", is_flag=True, help="Add a traceback to error messages.")(command)


def format_option(formats: Sequence[str], help_text: str) -> Callable[[Command], Command]:
    return click.option("--format", "output_format", type=click.Choice(list(formats)), default=formats[0],
                        show_default=True, help=help_text)


def output_option(command: Command) -> Command:
    return click.option("-o", "--output", metavar="PATH",
                        help="Write to PATH instead of standard output ('-': standard output). --format html "
                        "needs it on a terminal.")(command)


def check_output(output: str | None, output_format: str) -> None:
    """Before any work: a page is not printed on a terminal unless asked for."""
    import sys

    if output is None and output_format == "html" and sys.stdout.isatty():
        raise click.UsageError("--format html writes a page: give -o report.html (or -o - for standard output)")


def write_output(text: str, output: str | None, output_format: str) -> None:
    """`text` to standard output, or to the file `output` (written whole, then moved into place)."""
    import os
    import sys

    check_output(output, output_format)
    if output in (None, "-"):
        to_standard_output(lambda: sys.stdout.write(text))
        return
    target = Path(output)
    if target.exists() and not target.is_file():  # /dev/null, a FIFO: written in place, never replaced
        try:
            with target.open("w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            raise click.UsageError(f"cannot write {output}: {error.strerror or error}") from None
        return
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise click.UsageError(f"cannot write {output}: {error.strerror or error}") from None


def to_standard_output(write: Callable[[], object]) -> None:
    """Run `write`, which writes to standard output, and flush it. A reader that has gone (`| head`) wanted
    no more: the rest is dropped and the command ends as it would have, its exit code its verdict (`check
    | head` still fails an oversized build). Output that cannot be written (a full disk) is one error line
    and exit code 2."""
    import sys

    try:
        write()
        sys.stdout.flush()
    except BrokenPipeError:
        _discard_standard_output()
    except OSError as error:
        _discard_standard_output()  # what is still buffered would fail again at exit
        error_line("standard output", f"cannot write: {error.strerror or error}")
        sys.exit(EXIT_USAGE)


def _discard_standard_output() -> None:
    """Point standard output at the null device: what is buffered, or written later, goes nowhere."""
    import os
    import sys

    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(sink, sys.stdout.fileno())
    finally:
        os.close(sink)


def emit(render: Callable[[TextIO | None], None], output: str | None, output_format: str) -> None:
    """What `render` writes, to standard output as it goes (it is given None), or into the file `output`."""
    if output in (None, "-"):
        to_standard_output(lambda: render(None))
        return
    import io

    text = io.StringIO()
    render(text)
    write_output(text.getvalue(), output, output_format)


def compression_options(command: Command) -> Command:
    """--gzip-level, --brotli-quality, --brotli-window, --zstd-level and --no-cache, for any command."""
    options = [
        click.option("--gzip-level", type=click.IntRange(1, 9), default=9, show_default=True),
        click.option("--brotli-quality", type=click.IntRange(0, 11), default=11, show_default=True),
        click.option("--brotli-window", type=click.IntRange(10, 24), default=24, show_default=True,
                     help="log2 of brotli's window (the brotli CLI's default is 24)."),
        click.option("--zstd-level", type=click.IntRange(1, 22), default=19, show_default=True),
        click.option("--no-cache", is_flag=True,
                     help="Compress and parse again (and read the reference graph again, for --by retained) "
                     "instead of reusing what is cached under $XDG_CACHE_HOME/gowasm-inspect."),
    ]
    for option in reversed(options):
        command = option(command)
    return command
