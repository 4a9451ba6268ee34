"""`gowasm-inspect diff`: what a change did to the binary, for pull-request review."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_OVER_BUDGET,
    INPUT_PATH,
    analyze_without_digest,
    check_output,
    compression_options,
    debug_option,
    emit,
    error_line,
    format_option,
    output_option,
    read_each,
    write_output,
)
from gowasm_inspect.cli.compressing import (
    compress_reports,
    compression_settings,
    parse_algorithms,
    report_reader,
    require_compressed,
)
from gowasm_inspect.render.diff import FORMATS

if TYPE_CHECKING:
    from gowasm_inspect.analyses.budget.units import Limit
    from gowasm_inspect.analyses.diff import DiffRow
    from gowasm_inspect.model.report import Report
    from gowasm_inspect.wasm.forked import Pending

DEFAULT_VIEWS = ["section", "region", "module", "package", "data"]
_LEVEL_OF = {"section": "sections", "region": "regions", "module": "modules", "package": "packages",
             "data": "package_data", "function": "functions"}


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("old", type=INPUT_PATH)
@click.argument("new", type=INPUT_PATH)
@click.option("--by", "views", type=click.Choice(list(_LEVEL_OF)), multiple=True,
              help="Which levels to show, in order; repeat for several: section, region (of the data section), "
              "module, package (code), data (each package's function tables, type metadata and static data), function. "
              "Default: all but function.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True,
              help="Rows of the module, package and function tables (largest change first).")
@click.option("--all", "show_all", is_flag=True, help="Also show rows that did not change.")
@click.option("--compress", default="none", show_default=True, metavar="LIST",
              help="Also the compressed delta of the whole file: gzip, brotli, zstd (comma-separated).")
@format_option(FORMATS, "markdown is made for a pull-request comment; html is one offline page: the new "
               "build's treemap coloured by change, with what was removed and every level's changes.")
@output_option
@click.option("--min-change", metavar="SIZE|PCT",
              help="Leave out rows that changed by less than this (bytes such as 1 KiB, or a percentage of the "
              "old size such as 1%), and say how many; JSON keeps every row.")
@click.option("--fail-over", metavar="SIZE|PCT",
              help="Exit 1 when the file grows by more than this: bytes (50 KiB) or a percentage (2%).")
@compression_options
@debug_option
def diff(old: Path, new: Path, views: tuple[str, ...], top: int, show_all: bool, compress: str,
         output_format: str, output: str | None, min_change: str | None, fail_over: str | None, debug: bool,
         no_cache: bool,
         **compression: int) -> None:
    """Compare two builds: total, sections, data regions, modules, packages (code and data), functions.

    OLD and NEW are each a .wasm or a report saved with `size --format json`, so CI
    can keep the base branch's report instead of its binary. Functions are matched
    by exact Go name, not by index; numbered closures (func1, func2, ...) are
    grouped under the function that holds them. Rows are sorted by the size of
    their change; unchanged rows are hidden unless --all.

    \b
    Examples:
      gowasm-inspect diff base.wasm main.wasm
      gowasm-inspect diff base.json main.wasm --by function --top 30
      gowasm-inspect diff base.wasm main.wasm --compress brotli --format markdown > comment.md
      gowasm-inspect diff base.json main.wasm --fail-over 2%
      gowasm-inspect diff base.wasm main.wasm --format html -o diff.html
    """
    from gowasm_inspect.analyses.diff import diff_reports, function_sizes
    from gowasm_inspect.model.report import Report
    from gowasm_inspect.render.diff import render_diff

    check_output(output, output_format)
    limit = _quantity(fail_over, "--fail-over")
    minimum = _quantity(min_change, "--min-change")
    algorithms = parse_algorithms(compress)
    # a file's digest is shown only on the html page, and keys the caches of a compressed comparison
    read = report_reader(bool(algorithms) and not no_cache) if algorithms or output_format == "html" \
        else analyze_without_digest
    aside = _read_aside(old, new, read)  # OLD on another core while NEW is read here
    new_functions = None
    if aside is None:
        read_sides = [_one_report(old, debug, read), _one_report(new, debug, read)]
    else:
        new_side = _one_report(new, debug, read)
        new_functions = function_sizes(new_side[0])  # while OLD's child may still be at work
        early = aside.result()
        read_sides = [(Report.unpacked(early), True) if early is not None else _one_report(old, debug, read),
                      new_side]
    sides = [report for report, _ in read_sides]
    from_wasm = [report for report, is_binary in read_sides if is_binary]
    if algorithms:
        settings = compression_settings(compression)
        compress_reports(from_wasm, algorithms, settings, no_cache)
        require_compressed(sides, algorithms, settings)
    result = diff_reports(sides[0], sides[1], algorithms, new_functions)
    shown = result
    if minimum is not None and output_format in ("table", "markdown"):
        from gowasm_inspect.analyses.diff import without_small_changes

        shown = without_small_changes(result, float(minimum.value), minimum.is_percent, min_change or "")
    levels = list(dict.fromkeys(_LEVEL_OF[view] for view in views or DEFAULT_VIEWS))
    if output_format == "html":
        from gowasm_inspect.render.html import diff_page

        write_output(diff_page(sides[0], sides[1], result), output, output_format)
    else:
        emit(lambda stream: render_diff(shown, output_format, levels, top, show_all, stream), output, output_format)
    sys.exit(EXIT_OVER_BUDGET if limit is not None and _over(result.total, limit) else EXIT_OK)


def _quantity(text: str | None, option: str) -> Limit | None:
    if text is None:
        return None
    from gowasm_inspect.analyses.budget.units import UnitError, parse_quantity

    try:
        return parse_quantity(text, percent_allowed=True)
    except UnitError as error:
        raise click.BadParameter(str(error), param_hint=option) from None


def _over(total: DiffRow, limit: Limit) -> bool:
    grown = total.delta_pct if limit.is_percent else total.delta
    over = grown is not None and grown > limit.value
    if over:
        share = f" ({grown:+.2f}%)" if limit.is_percent else ""
        click.echo(f"gowasm-inspect: the file grew by {total.delta:+,} bytes{share}, over --fail-over "
                   f"{limit.describe()}", err=True)
    return over


def _read_aside(old: Path, new: Path, read: Callable[[Path], Report]) -> Pending[bytes | None] | None:
    """When both sides are binaries, OLD analysed in a forked child, its report `packed` (None when it
    failed: it is read again here, so that the error is reported once, by this process); None when no child
    runs."""
    from gowasm_inspect.errors import InputError
    from gowasm_inspect.files.inputs import is_wasm
    from gowasm_inspect.wasm.forked import JOBS_VARIABLE, Pending

    if os.environ.get(JOBS_VARIABLE) == "1":
        return None
    try:
        if not (is_wasm(old) and is_wasm(new)):
            return None
    except (InputError, OSError):  # said once, in order, when each side is read
        return None

    def quietly() -> bytes | None:
        os.environ[JOBS_VARIABLE] = "1"  # two analyses on two cores already: no helpers of their own
        try:
            return read(old).packed()
        except Exception:
            return None

    pending = Pending(quietly)
    if pending.forked:
        os.environ[JOBS_VARIABLE] = "1"  # and none for NEW's here: the two cores are taken
        return pending
    return None


def _one_report(path: Path, debug: bool, read: Callable[[Path], Report]) -> tuple[Report, bool]:
    """The report of one side; a saved file holding several reports is ambiguous."""
    from gowasm_inspect.files.inputs import is_wasm, load_reports

    loaded, failed = read_each((path,), debug, lambda p: load_reports(p, read))
    if failed:
        sys.exit(EXIT_BAD_INPUT)
    if len(loaded[0]) != 1:
        error_line(path, f"holds {len(loaded[0])} reports; diff compares one build with one "
                         "(save each with `size FILE --format json`)")
        sys.exit(EXIT_BAD_INPUT)
    return loaded[0][0], is_wasm(path)
