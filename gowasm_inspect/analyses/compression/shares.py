"""Each section's estimated part of a compressed size.

Compressors find matches across section boundaries, so no exact split exists. Each
section is compressed alone with a fast proxy (zstd level 3) and each total is
divided in those proportions. Measured against each section's marginal cost (the
file compressed with and without it), code and data come within ~3 %; small
sections whose strings repeat elsewhere (name) are overestimated by up to ~20 %.
"""

from __future__ import annotations

from collections.abc import Callable

import zstandard

from gowasm_inspect.analyses.compression.engines import library
from gowasm_inspect.analyses.compression.parallel import ResultCache
from gowasm_inspect.model.report import Report, SectionShare, SectionShares

SHARE_METHOD = ("estimate: each section (id, size and payload) compressed alone with zstd level 3 "
                "(at most its own size), and each compressed total divided in those proportions, no section "
                "given more than its own size (a small section's excess goes to the others)")
_SHARE_PROXY_LEVEL = 3  # fast (~300 MB/s) and, on Go wasm, within a few percent for code and data


def _weights(cache: ResultCache, key: list[str], count: int) -> list[int] | None:
    weights = cache.get(key)
    if not isinstance(weights, list) or len(weights) != count:
        return None
    return weights if all(isinstance(w, int) and not isinstance(w, bool) for w in weights) else None


def section_shares(report: Report, load: Callable[[], bytes], cache: ResultCache) -> SectionShares:
    """The shares of each compressed size in `report`; those of each algorithm add up to its total exactly.
    `load` gives the file's bytes, asked for only when the weights are not cached."""
    key = [report.sha256, "section-weights", SHARE_METHOD, library("zstd")]
    weights = _weights(cache, key, len(report.sections))
    if weights is None:
        data = load()
        proxy = zstandard.ZstdCompressor(level=_SHARE_PROXY_LEVEL)
        # capped at the raw size: a tiny section is not charged the compressor's frame overhead
        weights = [min(len(proxy.compress(data[s.offset : s.offset + s.size])), s.size) for s in report.sections]
        cache.put(key, weights)
    sizes: list[dict[str, int]] = [{} for _ in report.sections]
    raw = [section.size for section in report.sections]
    for algorithm, total in report.compressed.items():
        for row, share in zip(sizes, apportion(total, weights, raw), strict=True):
            row[algorithm] = share
    return SectionShares(SHARE_METHOD, [SectionShare(section.name, section.offset, row)
                                        for section, row in zip(report.sections, sizes, strict=True)])


def apportion(total: int, weights: list[int], caps: list[int]) -> list[int]:
    """total split in proportion to weights, in whole bytes that add up to total, none above its cap
    while the caps allow: what a capped share cannot take is divided among the others, again by weight."""
    shares = [0] * len(weights)
    open_ = [index for index, weight in enumerate(weights) if weight > 0 and caps[index] > 0]
    left = total
    while left > 0 and open_:  # each round fills at least one share to its cap, or places everything
        parts = _largest_remainders(left, [weights[index] for index in open_])
        for index, part in zip(open_, parts, strict=True):
            taken = min(part, caps[index] - shares[index])
            shares[index] += taken
            left -= taken
        open_ = [index for index in open_ if shares[index] < caps[index]]
    if left > 0 and weights:  # more compressed bytes than raw ones: the largest weight takes the rest
        shares[max(range(len(weights)), key=lambda index: weights[index])] += left
    return shares


def _largest_remainders(total: int, weights: list[int]) -> list[int]:
    """total split in proportion to weights, in whole units that add up to total."""
    whole = sum(weights) or 1
    exact = [total * weight / whole for weight in weights]
    shares = [int(value) for value in exact]
    by_remainder = sorted(range(len(weights)), key=lambda index: shares[index] - exact[index])
    for index in by_remainder[: total - sum(shares)]:
        shares[index] += 1
    return shares
