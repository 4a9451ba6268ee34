"""What every command shares: exit codes, one-line errors, reading inputs, compression options."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from gowasm_inspect.analysis import analyze
from gowasm_inspect.errors import InputError
from gowasm_inspect.model import Report

EXIT_OK = 0
EXIT_OVER_BUDGET = 1
EXIT_USAGE = 2
EXIT_BAD_INPUT = 3

T = TypeVar("T")

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  a budget or threshold was exceeded
  2  usage error: a bad option, argument or budget file
  3  an input is missing, unreadable or not valid WebAssembly
     (one line on stderr names the file and the byte offset)"""


def error_line(path: Path | str, message: str) -> None:
    click.echo(f"gowasm-inspect: {path}: {message}", err=True)


def analyze_each(paths: tuple[Path, ...], debug: bool, read: Callable[[Path], T] = analyze) -> tuple[list[T], bool]:
    """Read each path (by default into a report); report unreadable ones on stderr and say whether any failed."""
    results, failed = [], False
    for path in paths:
        try:
            results.append(read(path))
        except InputError as error:
            error_line(path, str(error))
            failed = True
            if debug:
                traceback.print_exc()
        except (RecursionError, MemoryError, ValueError, OverflowError) as error:
            # not expected from any input; still one line, and never a pass
            error_line(path, f"could not be read ({type(error).__name__}: {error}); run with --debug for details")
            failed = True
            if debug:
                traceback.print_exc()
    return results, failed



def compression_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--gzip-level, --brotli-quality, --brotli-window, --zstd-level and --no-cache, for any command."""
    options = [
        click.option("--gzip-level", type=click.IntRange(1, 9), default=9, show_default=True),
        click.option("--brotli-quality", type=click.IntRange(0, 11), default=11, show_default=True),
        click.option("--brotli-window", type=click.IntRange(10, 24), default=24, show_default=True,
                     help="log2 of brotli's window (the brotli CLI's default is 24)."),
        click.option("--zstd-level", type=click.IntRange(1, 22), default=19, show_default=True),
        click.option("--no-cache", is_flag=True,
                     help="Compress and parse again instead of reusing what is cached under "
                     "$XDG_CACHE_HOME/gowasm-inspect."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def compression_settings(options: dict[str, Any]) -> Any:
    from gowasm_inspect.compression import CompressionSettings

    return CompressionSettings(options["gzip_level"], options["brotli_quality"], options["brotli_window"],
                               options["zstd_level"])


def report_reader(cached: bool) -> Callable[[Path], Report]:
    """analyze, or (for slow compressed runs, whose repeats are common) analyze served from the report cache."""
    if not cached:
        return analyze
    from gowasm_inspect.report_cache import ReportCache, default_directory

    return ReportCache(default_directory()).analyze


def parse_algorithms(text: str) -> list[str]:
    from gowasm_inspect.compression import ALGORITHMS

    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if names in ([], ["none"]):
        return []
    unknown = [name for name in names if name not in ALGORITHMS]
    if unknown:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; choose from {', '.join(ALGORITHMS)} or none",
                                 param_hint="--compress")
    return list(dict.fromkeys(names))


def compress_reports(reports: list[Report], algorithms: list[str], settings: object, no_cache: bool) -> None:
    from gowasm_inspect.compression import (
        AS_IS,
        CompressionCache,
        attach_compression,
        compress_all,
        compression_variants,
        default_cache_directory,
        section_shares,
    )
    from gowasm_inspect.report.progress import progress

    cache = CompressionCache(None if no_cache else default_cache_directory())
    for report in reports:
        variants = compression_variants(report, Path(report.file).read_bytes())
        label = f"compressing {Path(report.file).name}"
        try:
            sizes = compress_all(variants, algorithms, settings, cache,  # type: ignore[arg-type]
                                 lambda steps, seconds, label=label: progress(label, steps, seconds))
        except OSError as error:  # a compressor that could not run: nothing wrong with the input
            error_line(report.file, f"cannot compress: {error}")
            sys.exit(EXIT_USAGE)
        attach_compression(report, sizes, algorithms, settings)  # type: ignore[arg-type]
        report.compressed_share = section_shares(report, variants[AS_IS], cache)




def require_compressed(reports: list[Report], algorithms: list[str], settings: Any) -> None:
    """Saved reports must hold the compressed sizes asked for, measured with the same settings."""
    for report in reports:
        for algorithm in algorithms:
            if algorithm not in report.compressed:
                raise click.UsageError(f"the saved report of {report.file} has no {algorithm} size; "
                                       f"save it with `size --compress {','.join(algorithms)} --format json`")
            recorded = report.compression.get(algorithm, {}).get("settings")
            if recorded is not None and recorded != settings.describe(algorithm):
                raise click.UsageError(f"{report.file}: its {algorithm} size was measured at {recorded}, "
                                       f"this run uses {settings.describe(algorithm)}; compare like with like")
