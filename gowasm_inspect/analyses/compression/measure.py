"""Compressed sizes for one report: of the file as it is, of the variant `strip` writes, and per section."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gowasm_inspect.analyses.compression.engines import library
from gowasm_inspect.analyses.compression.parallel import ResultCache, Tracker, compress_all
from gowasm_inspect.analyses.compression.settings import CompressionSettings
from gowasm_inspect.analyses.compression.shares import section_shares
from gowasm_inspect.model.report import CompressionFacts, Report, StripPrediction
from gowasm_inspect.wasm.ranges import kept_ranges
from gowasm_inspect.wasm.sections.names import NAME_SECTION

AS_IS = "as-is"
STRIPPED = "stripped"


def _variant(report: Report, prediction: StripPrediction) -> tuple[str, tuple[str, ...]]:
    """The variant that stands in for a prediction's result, and the sections it drops whole (Go's -s: the
    name section; TinyGo's -no-debug: that and DWARF; another language's strip: every custom section)."""
    dropped = tuple(sorted({change.section for change in prediction.changes if change.section and change.bytes < 0
                            and change.bytes == -sum(s.size for s in report.sections if s.name == change.section)}))
    if not dropped:
        return AS_IS, ()
    return (STRIPPED if dropped == (NAME_SECTION,) else "without " + ", ".join(dropped)), dropped


def compression_variants(report: Report, data: bytes) -> dict[str, bytes]:
    """The file as it is and, when strip predictions were asked for, as each would leave it."""
    variants = {AS_IS: data}
    for prediction in report.strip:
        name, dropped = _variant(report, prediction)
        if dropped and name not in variants:
            kept = kept_ranges(len(data), [(s.offset, s.offset + s.size) for s in report.sections if s.name in dropped])
            variants[name] = b"".join(data[start:end] for start, end in kept)
    return variants


def attach_compression(report: Report, sizes: dict[str, dict[str, int]], lengths: dict[str, int],
                       algorithms: list[str], settings: CompressionSettings) -> None:
    """Record compressed sizes in the report: of the file, and of each strip prediction's variant
    (with the length of the bytes compressed, which a relink's differs from by its recorded -ldflags)."""
    report.compressed = dict(sizes[AS_IS])
    report.compression = {a: CompressionFacts(settings.describe(a), library(a)) for a in algorithms}
    for number, prediction in enumerate(report.strip):
        variant, _ = _variant(report, prediction)
        variant = variant if variant in sizes else AS_IS
        report.strip[number] = replace(prediction, compressed=dict(sizes[variant]), compressed_from=lengths[variant])


def compress_report(report: Report, algorithms: list[str], settings: CompressionSettings, cache: ResultCache,
                    track: Tracker | None = None) -> None:
    """Fill the report's compressed sizes and section shares; OSError when a compressor cannot run."""
    variants = compression_variants(report, Path(report.file).read_bytes())
    sizes = compress_all(variants, algorithms, settings, cache, track)
    attach_compression(report, sizes, {name: len(data) for name, data in variants.items()}, algorithms, settings)
    report.compressed_share = section_shares(report, variants[AS_IS], cache)
