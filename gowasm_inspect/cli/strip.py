"""`gowasm-inspect strip`: the -ldflags=-s equivalent, without rebuilding."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_USAGE,
    INPUT_PATH,
    debug_option,
    error_line,
    read_each,
    to_standard_output,
)
from gowasm_inspect.render.escape import printable


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=INPUT_PATH)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False, readable=False),
              help="Where to write the result: a new path or a regular file.")
@click.option("--in-place", is_flag=True, help="Replace FILE itself (atomically) instead of writing -o OUTPUT.")
@click.option("--all-custom", is_flag=True,
              help="Also drop every other custom section (producers, ...), except Go's build ID.")
@click.option("--drop-build-id", is_flag=True, help="Also drop the go:buildid section.")
@debug_option
def strip(file: Path, output: Path | None, in_place: bool, all_custom: bool, drop_build_id: bool, debug: bool) -> None:
    """Write FILE without its name section, as -ldflags=-s would, without rebuilding.

    The result is a valid module that runs as before: function names for
    tracebacks live in Go's pclntab, which stays. Only the section headers are
    read (their framing, order and sizes checked); the sections kept are copied
    byte for byte. It is written to a temporary file and renamed into place, so
    OUTPUT is never half-written. FILE is never overwritten unless --in-place
    says so.

    \b
    Examples:
      gowasm-inspect strip main.wasm -o main.stripped.wasm
      gowasm-inspect strip main.wasm --in-place --all-custom
    """
    from gowasm_inspect.files.rewrite import write_without
    from gowasm_inspect.golang.stripping import sections_to_strip
    from gowasm_inspect.wasm.module import read_sections

    if in_place and output is not None:
        raise click.UsageError("give -o OUTPUT or --in-place, not both")
    if not in_place and output is None:
        raise click.UsageError("say where to write: -o OUTPUT, or --in-place to replace FILE")
    target = file if output is None else output
    if not in_place and target.exists() and file.exists() and target.resolve() == file.resolve():
        raise click.UsageError(printable(f"{target} is FILE itself; use --in-place to replace it"))
    modules, failed = read_each((file,), debug, read_sections)
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    module = modules[0]
    removed = sections_to_strip(module, all_custom=all_custom, drop_build_id=drop_build_id)
    try:
        written = write_without(file, target, module.size, [(header.offset, header.end) for header in removed])
    except OSError as error:
        error_line(target, f"cannot write: {error.strerror or error}")
        sys.exit(EXIT_USAGE)
    if removed:
        what = ", ".join(f"{header.name} ({header.size:,} bytes)" for header in removed)
        said = f"wrote {target}: {written:,} bytes, {module.size - written:,} fewer; removed {what}"
    else:
        said = f"wrote {target}: {written:,} bytes; nothing to remove (no name section)"
    to_standard_output(lambda: click.echo(printable(said)))
