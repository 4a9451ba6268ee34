"""`gowasm-inspect size`: where the bytes of each file go."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    INPUT_PATH,
    check_output,
    compression_options,
    debug_option,
    emit,
    format_option,
    output_option,
    read_each,
    write_output,
)
from gowasm_inspect.cli.compressing import compress_reports, compression_settings, parse_algorithms, report_reader
from gowasm_inspect.cli.reflecting import Graphs, fill_retained, warning_of_reflection
from gowasm_inspect.render.size import DEFAULT_VIEWS, FORMATS, VIEWS, render_size


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, required=True, type=INPUT_PATH)
@format_option(FORMATS, "table for people; json (schema gowasm-inspect/report/v2) for programs: an object for "
               "one file, an array for several; html: one offline page with a zoomable treemap of one file.")
@output_option
@click.option("--by", "views", type=click.Choice(VIEWS), multiple=True,
              help="Which tables to show, in order; repeat for several. Default: section, then package. "
              "retained: what removing each of the --top largest packages would save (reads the reference graph).")
@click.option("--top", type=click.IntRange(min=0), default=20, show_default=True,
              help="How many rows of the package, module and function tables (0: none).")
@click.option("--strip", "predict_strip", is_flag=True,
              help="Also predict the size after relinking with -s, -w and -s -w, and say what each removes.")
@click.option("--compress", "compress", default="none", show_default=True, metavar="LIST",
              help="Compressed sizes: a comma-separated list of gzip, brotli, zstd, or none. With --strip, "
              "also of the stripped variant; with the section view, an estimate of each section's share.")
@compression_options
@debug_option
def size(files: tuple[Path, ...], output_format: str, output: str | None, views: tuple[str, ...], top: int,
         predict_strip: bool, compress: str, debug: bool, no_cache: bool, **compression: int) -> None:
    """Show how the bytes of each FILE divide into sections, Go packages, modules and functions.

    Every byte is accounted for: the module header, each section's id and size
    bytes, and its payload add up to the file size. Functions are sized as their
    body plus its length prefix. Names, packages and modules are exact: they come
    from Go's pclntab, which stripping (-s -w) keeps. Where there is none (TinyGo,
    other languages, binaries rewritten after linking) names come from the name
    section, packages follow TinyGo's naming rules or, for other languages, the
    DWARF compile units when the binary has them, else are guessed; the output
    says which. For a binary not built by Go, --strip predicts the file without
    its custom sections (as wasm-strip writes it). The data section is
    split into the regions Go keeps (function tables, funcdata, findfunctab, type
    metadata, strings, variables, ...) and the wasm framing around its segments:
    --by region lists them all, with what each holds.

    \b
    Examples:
      gowasm-inspect size main.wasm --by module --by package
      gowasm-inspect size main.wasm --by function --top 50
      gowasm-inspect size main.wasm --by region       where the data section goes
      gowasm-inspect size main.wasm --strip           what -s / -w would save
      gowasm-inspect size main.wasm --by retained     what removing each large package would save
      gowasm-inspect size main.wasm --strip --compress gzip,brotli
                                                      ... and what it all costs over the wire
      gowasm-inspect size main.wasm --format html -o size.html --compress brotli
                                                      a treemap to open in a browser
    """
    if output_format == "html" and len(files) > 1:
        raise click.UsageError("--format html shows one build: give one FILE")
    check_output(output, output_format)
    algorithms = parse_algorithms(compress)
    # a compressed run is slow the first time; its repeats (CI, watch loops) are served from the cache whole
    read = report_reader(bool(algorithms) and not no_cache)
    graphs = Graphs(cached=not no_cache)  # read once for the reflection warning and --by retained
    reports, failed = read_each(files, debug, warning_of_reflection(read, graphs))
    if predict_strip:
        from gowasm_inspect.analyses.relink import predict_relinks

        for report in reports:
            report.strip = predict_relinks(report)
    if "retained" in views:
        fill_retained(reports, top, graphs)
    if algorithms:
        compress_reports(reports, algorithms, compression_settings(compression), no_cache)
    shown = list(dict.fromkeys(views)) or list(DEFAULT_VIEWS)  # --by section --by section: one table
    if output_format == "html" and reports:
        from gowasm_inspect.render.html import size_page

        write_output(size_page(reports[0]), output, output_format)
    else:
        emit(lambda stream: render_size(reports, output_format, shown, top, len(files) > 1, stream), output,
             output_format)
    sys.exit(EXIT_BAD_INPUT if failed else EXIT_OK)
