"""Compressed sizes for one report: of the file as it is, of the variant `strip` writes, and per section."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gowasm_inspect.analyses.compression.engines import library
from gowasm_inspect.analyses.compression.parallel import ResultCache, Tracker, compress_all
from gowasm_inspect.analyses.compression.settings import CompressionSettings
from gowasm_inspect.analyses.compression.shares import section_shares
from gowasm_inspect.model.report import CompressionFacts, Report
from gowasm_inspect.wasm.ranges import kept_ranges
from gowasm_inspect.wasm.sections.names import NAME_SECTION

AS_IS = "as-is"
STRIPPED = "stripped"


def compression_variants(report: Report, data: bytes) -> dict[str, bytes]:
    """The file as it is and, when strip predictions were asked for, as `strip` would write it."""
    variants = {AS_IS: data}
    name = report.section(NAME_SECTION)
    if report.strip and name is not None:
        kept = kept_ranges(len(data), [(name.offset, name.offset + name.size)])
        variants[STRIPPED] = b"".join(data[start:end] for start, end in kept)
    return variants


def attach_compression(report: Report, sizes: dict[str, dict[str, int]], lengths: dict[str, int],
                       algorithms: list[str], settings: CompressionSettings) -> None:
    """Record compressed sizes in the report: of the file, and of each strip prediction's variant
    (with the length of the bytes compressed, which a relink's differs from by its recorded -ldflags)."""
    report.compressed = dict(sizes[AS_IS])
    report.compression = {a: CompressionFacts(settings.describe(a), library(a)) for a in algorithms}
    for number, prediction in enumerate(report.strip):
        variant = STRIPPED if "-s" in prediction.flags.split() and STRIPPED in sizes else AS_IS
        report.strip[number] = replace(prediction, compressed=dict(sizes[variant]), compressed_from=lengths[variant])


def compress_report(report: Report, algorithms: list[str], settings: CompressionSettings, cache: ResultCache,
                    track: Tracker | None = None) -> None:
    """Fill the report's compressed sizes and section shares; OSError when a compressor cannot run."""
    variants = compression_variants(report, Path(report.file).read_bytes())
    sizes = compress_all(variants, algorithms, settings, cache, track)
    attach_compression(report, sizes, {name: len(data) for name, data in variants.items()}, algorithms, settings)
    report.compressed_share = section_shares(report, variants[AS_IS], cache)
