"""Compressed sizes for one report: of the file as it is, of the variant `strip` writes, and per section."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from msgspec import structs

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


def _plans(report: Report) -> dict[str, tuple[str, ...]]:
    """Each variant to compress, with the sections it drops: the file as it is and, when strip predictions
    were asked for, as each would leave it."""
    plans: dict[str, tuple[str, ...]] = {AS_IS: ()}
    for prediction in report.strip:
        name, dropped = _variant(report, prediction)
        plans.setdefault(name, dropped)
    return plans


class _Variants(Mapping[str, bytes]):
    """The variants' bytes, read from the file and cut only when first asked for (a run served from the
    cache asks for none)."""

    def __init__(self, report: Report) -> None:
        self._report, self._plans = report, _plans(report)
        self._made: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self._made:
            if name == AS_IS:
                self._made[name] = Path(self._report.file).read_bytes()
            else:
                data, dropped = self[AS_IS], self._plans[name]
                kept = kept_ranges(len(data), [(s.offset, s.offset + s.size) for s in self._report.sections
                                               if s.name in dropped])
                self._made[name] = b"".join(data[start:end] for start, end in kept)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._plans)

    def __len__(self) -> int:
        return len(self._plans)

    def digests(self) -> dict[str, str]:
        """Names of each variant's contents: the file's SHA-256, and what is dropped from it."""
        return {name: self._report.sha256 + "".join(f"/-{section}" for section in dropped)
                for name, dropped in self._plans.items()}

    def lengths(self) -> dict[str, int]:
        return {name: self._report.size - sum(s.size for s in self._report.sections if s.name in dropped)
                for name, dropped in self._plans.items()}


def attach_compression(report: Report, sizes: dict[str, dict[str, int]], lengths: dict[str, int],
                       algorithms: list[str], settings: CompressionSettings) -> None:
    """Record compressed sizes in the report: of the file, and of each strip prediction's variant
    (with the length of the bytes compressed, which a relink's differs from by its recorded -ldflags)."""
    report.compressed = dict(sizes[AS_IS])
    report.compression = {a: CompressionFacts(settings.describe(a), library(a)) for a in algorithms}
    for number, prediction in enumerate(report.strip):
        variant, _ = _variant(report, prediction)
        variant = variant if variant in sizes else AS_IS
        report.strip[number] = structs.replace(prediction, compressed=dict(sizes[variant]), compressed_from=lengths[variant])


def compress_report(report: Report, algorithms: list[str], settings: CompressionSettings, cache: ResultCache,
                    track: Tracker | None = None) -> None:
    """Fill the report's compressed sizes and section shares; OSError when a compressor cannot run."""
    variants = _Variants(report)
    sizes = compress_all(variants, algorithms, settings, cache, track, variants.digests())
    attach_compression(report, sizes, variants.lengths(), algorithms, settings)
    report.compressed_share = section_shares(report, lambda: variants[AS_IS], cache)
