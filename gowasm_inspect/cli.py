"""The gowasm-inspect command line: parse options, run the analysis, hand the result to a renderer."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from gowasm_inspect import __version__
from gowasm_inspect.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_USAGE,
    analyze_each,
    compress_reports,
    compression_options,
    compression_settings,
    error_line,
    parse_algorithms,
    report_reader,
)
from gowasm_inspect.model import Report


@click.group(
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=EXIT_CODES_HELP,
)
@click.version_option(__version__, "-V", "--version", prog_name="gowasm-inspect")
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
    """


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="table for people; json (schema gowasm-inspect/report/v1) for programs: an object for one file, "
    "an array for several.",
)
@click.option("--by", "views", type=click.Choice(["section", "package", "module", "function"]), multiple=True,
              help="Which tables to show, in order; repeat for several. Default: section, then package.")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many rows of the package, module and function tables (0: none).")
@click.option("--strip", "predict_strip", is_flag=True,
              help="Also predict the size after relinking with -s, -w and -s -w, and say what each removes.")
@click.option("--compress", "compress", default="none", show_default=True, metavar="LIST",
              help="Compressed sizes: a comma-separated list of gzip, brotli, zstd, or none. With --strip, "
              "also of the stripped variant; with the section view, an estimate of each section's share.")
@compression_options
@click.option("--debug", is_flag=True, help="Add a traceback to error messages.")
def size(files: tuple[Path, ...], output_format: str, views: tuple[str, ...], top: int, predict_strip: bool,
         compress: str, debug: bool, **compression: Any) -> None:
    """Show how the bytes of each FILE divide into sections, Go packages, modules and functions.

    Every byte is accounted for: the module header, each section's id and size
    bytes, and its payload add up to the file size. Functions are sized as their
    body plus its length prefix. Names, packages and modules are exact: they come
    from Go's pclntab, which stripping (-s -w) keeps. Where there is none (TinyGo,
    other languages, binaries rewritten after linking) names come from the name
    section and packages are guessed, and the output says so. The data section is
    split into pclntab (Go's function metadata) and the rest.

    \b
    Examples:
      gowasm-inspect size main.wasm --by module --by package
      gowasm-inspect size main.wasm --by function --top 50
      gowasm-inspect size main.wasm --strip           what -s / -w would save
      gowasm-inspect size main.wasm --strip --compress gzip,brotli
                                                      ... and what it all costs over the wire
    """
    algorithms = parse_algorithms(compress)
    no_cache = compression.pop("no_cache")
    # a compressed run is slow the first time; its repeats (CI, watch loops) are served from the cache whole
    reports, failed = analyze_each(files, debug, report_reader(bool(algorithms) and not no_cache))
    if predict_strip:
        from gowasm_inspect.strip_simulation import predict_strip as predict

        for report in reports:
            report.strip = predict(report)
    if algorithms:
        compress_reports(reports, algorithms, compression_settings(compression), no_cache)
    _render(reports, output_format, list(views) or ["section", "package"], top, several=len(files) > 1)
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="table for people; json for programs (an object per file, an array for several).")
@click.option("--debug", is_flag=True, help="Add a traceback to error messages.")
def info(files: tuple[Path, ...], output_format: str, debug: bool) -> None:
    """Show what built each FILE: Go version, target, modules, build settings.

    Read from the binary itself (runtime.modinfo, runtime.buildVersion, the
    go:buildid and name sections), which `go version -m` cannot do for wasm.
    A binary not built by Go says so and exits 0.
    """
    reports, failed = analyze_each(files, debug)
    if output_format == "json":
        from gowasm_inspect.report.json_format import render_info_json

        if reports or len(files) > 1:
            sys.stdout.write(render_info_json(reports, as_array=len(files) > 1))
    elif reports:
        from gowasm_inspect.report.info_table import render_info_table
        from gowasm_inspect.report.table import make_console

        render_info_table(reports, make_console())
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("file", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Where to write the result.")
@click.option("--in-place", is_flag=True, help="Replace FILE itself (atomically) instead of writing -o OUTPUT.")
@click.option("--all-custom", is_flag=True,
              help="Also drop every other custom section (producers, ...), except Go's build ID.")
@click.option("--drop-build-id", is_flag=True, help="Also drop the go:buildid section.")
@click.option("--debug", is_flag=True, help="Add a traceback to error messages.")
def strip(file: Path, output: Path | None, in_place: bool, all_custom: bool, drop_build_id: bool, debug: bool) -> None:
    """Write FILE without its name section, as -ldflags=-s would, without rebuilding.

    The result is a valid module that runs as before: function names for
    tracebacks live in Go's pclntab, which stays. It is written to a temporary
    file and renamed into place, so OUTPUT is never half-written. FILE is never
    overwritten unless --in-place says so.

    \b
    Examples:
      gowasm-inspect strip main.wasm -o main.stripped.wasm
      gowasm-inspect strip main.wasm --in-place --all-custom
    """
    from gowasm_inspect.sections.module import read_module
    from gowasm_inspect.stripping import sections_to_strip, write_without

    if in_place == (output is not None):
        raise click.UsageError("say where to write: -o OUTPUT, or --in-place to replace FILE")
    target = file if in_place else output
    assert target is not None
    if not in_place and target.exists() and file.exists() and target.resolve() == file.resolve():
        raise click.UsageError(f"{target} is FILE itself; use --in-place to replace it")
    modules, failed = analyze_each((file,), debug, read_module)
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    module = modules[0]
    removed = sections_to_strip(module, all_custom=all_custom, drop_build_id=drop_build_id)
    try:
        written = write_without(file, target, module.size, removed)
    except OSError as error:
        error_line(target, f"cannot write: {error.strerror or error}")
        sys.exit(EXIT_USAGE)
    if removed:
        what = ", ".join(f"{header.name} ({header.size:,} bytes)" for header in removed)
        click.echo(f"wrote {target}: {written:,} bytes, {module.size - written:,} fewer; removed {what}")
    else:
        click.echo(f"wrote {target}: {written:,} bytes; nothing to remove (no name section)")


def _render(reports: list[Report], output_format: str, views: list[str], top: int, several: bool) -> None:
    if output_format == "json":
        from gowasm_inspect.report.json_format import render_json

        if reports or several:
            sys.stdout.write(render_json(reports, as_array=several))
    elif reports:
        from gowasm_inspect.report.table import make_console, render_table

        render_table(reports, views, top, make_console())


from gowasm_inspect.cli_check import check  # noqa: E402  (commands in their own modules join the group here)
from gowasm_inspect.cli_diff import diff  # noqa: E402

main.add_command(check)
main.add_command(diff)


def run() -> None:
    """Console-script entry point: a closed pipe (`| head`) ends the output quietly."""
    try:
        main()
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(EXIT_OK)
