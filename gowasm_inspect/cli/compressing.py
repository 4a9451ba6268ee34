"""Compressed sizes for the commands: parse --compress, reuse cached reports, compress with progress."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gowasm_inspect.analyses.compression.settings import ALGORITHMS, CompressionSettings
from gowasm_inspect.cli.common import EXIT_USAGE, analyze, error_line
from gowasm_inspect.render.escape import printable

if TYPE_CHECKING:
    from gowasm_inspect.model.report import Report


def parse_algorithms(text: str) -> list[str]:
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    if names in ([], ["none"]):
        return []
    unknown = [name for name in names if name not in ALGORITHMS]
    if unknown:
        raise click.BadParameter(f"unknown {', '.join(unknown)}; choose from {', '.join(ALGORITHMS)} or none",
                                 param_hint="--compress")
    return list(dict.fromkeys(names))


def compression_settings(options: dict[str, int]) -> CompressionSettings:
    return CompressionSettings(options["gzip_level"], options["brotli_quality"], options["brotli_window"],
                               options["zstd_level"])


def report_reader(cached: bool) -> Callable[[Path], Report]:
    """analyze, or (for slow compressed runs, whose repeats are common) analyze served from the report cache."""
    if not cached:
        return analyze
    from gowasm_inspect.files.cache import ReportCache

    return ReportCache.default(analyze).analyze


def compress_reports(reports: list[Report], algorithms: list[str], settings: CompressionSettings,
                     no_cache: bool) -> None:
    from gowasm_inspect.analyses.compression.measure import compress_report
    from gowasm_inspect.files.cache import ResultCache
    from gowasm_inspect.render.progress import progress

    cache = ResultCache.default(enabled=not no_cache)
    for report in reports:
        label = f"compressing {Path(report.file).name}"

        def track(steps: int, seconds: float, label: str = label) -> AbstractContextManager[Callable[[], None]]:
            return progress(label, steps, seconds)

        try:
            compress_report(report, algorithms, settings, cache, track)
        except OSError as error:  # a compressor that could not run: nothing wrong with the input
            error_line(report.file, f"cannot compress: {error}")
            sys.exit(EXIT_USAGE)


def require_compressed(reports: list[Report], algorithms: list[str], settings: CompressionSettings) -> None:
    """Saved reports must hold the compressed sizes asked for, measured with the same settings."""
    for report in reports:
        for algorithm in algorithms:
            if algorithm not in report.compressed:
                raise click.UsageError(printable(f"the saved report of {report.file} has no {algorithm} size; "
                                                 f"save it with `size --compress {','.join(algorithms)} --format json`"))
            facts = report.compression.get(algorithm)
            if facts is not None and facts.settings != settings.describe(algorithm):
                raise click.UsageError(printable(f"{report.file}: its {algorithm} size was measured at {facts.settings}, "
                                                 f"this run uses {settings.describe(algorithm)}; compare like with like"))
