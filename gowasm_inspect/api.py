"""The public Python API: the same analyses as the command line, for scripts.

    import gowasm_inspect
    report = gowasm_inspect.analyze("main.wasm")
    report.packages[0].name, report.packages[0].size

Every function takes paths as `str` or `os.PathLike`. Unreadable or malformed
input raises `gowasm_inspect.InputError` (what the CLI reports with exit code 3);
a bad budget file raises `BudgetError`, and files that do not fit it `TargetError`
(exit code 2). Compressed sizes are cached as the CLI caches them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gowasm_inspect.errors import InputError

if TYPE_CHECKING:
    from gowasm_inspect.analyses.budget.evaluate import CheckResult
    from gowasm_inspect.analyses.diff import BuildDiff
    from gowasm_inspect.model.report import Report

PathLike = str | os.PathLike[str]


def analyze(path: PathLike, *, compress: Iterable[str] = (), strip: bool = False) -> Report:
    """The report of a .wasm file; `compress` adds compressed sizes (gzip, brotli, zstd), `strip`
    relink predictions for -s / -w."""
    from gowasm_inspect.model.from_binary import analyze as analyze_binary

    report = analyze_binary(path)
    if strip:
        from gowasm_inspect.analyses.relink import predict_relinks

        report.strip = predict_relinks(report)
    _compress([report], list(compress))
    return report


def load_report(path: PathLike) -> Report:
    """A build's report from a .wasm file, or from a report saved with `size --format json`."""
    from gowasm_inspect.files.inputs import load_reports

    reports = load_reports(Path(path))
    if len(reports) != 1:
        raise InputError(f"{path} holds {len(reports)} reports, not one")
    return reports[0]


def diff(old: Report | PathLike, new: Report | PathLike, *, compress: Iterable[str] = ()) -> BuildDiff:
    """What changed from `old` to `new` (reports, .wasm files or saved reports), level by level."""
    from gowasm_inspect.analyses.diff import diff_reports

    sides = [_report(side) for side in (old, new)]
    algorithms = list(compress)
    _compress(sides, algorithms)
    return diff_reports(sides[0], sides[1], algorithms)


def check(budget: PathLike, files: Sequence[PathLike] = (), baselines: Sequence[Report | PathLike] = (),
          require_baseline: bool = False) -> CheckResult:
    """Check builds against a YAML budget file; `result.passed` says whether every limit was met.

    `files` are checked by the budget's entries without `file:`; `baselines` are paired with
    checked files by file name (or one with one), as `check --baseline` pairs them."""
    from gowasm_inspect.analyses.budget.budget_file import load_budget
    from gowasm_inspect.analyses.budget.evaluate import evaluate
    from gowasm_inspect.analyses.budget.targets import checked_paths, files_of, pair_baselines

    loaded = load_budget(Path(budget))
    targets = files_of(loaded, [str(path) for path in files])
    reports = {path: load_report(path) for path in checked_paths(targets)}
    paired = pair_baselines([_report(base) for base in baselines], checked_paths(targets))
    algorithms = loaded.algorithms()
    _compress([*reports.values(), *paired.values()], algorithms)
    return evaluate(loaded, reports, targets, paired, require_baseline)


def _report(side: Report | PathLike) -> Report:
    from gowasm_inspect.model.report import Report

    return side if isinstance(side, Report) else load_report(side)


def _compress(reports: list[Report], algorithms: list[str]) -> None:
    """Compressed sizes for reports read from .wasm files that lack them (a saved report keeps its own)."""
    if not algorithms:
        return
    from gowasm_inspect.analyses.compression.measure import compress_report
    from gowasm_inspect.analyses.compression.settings import CompressionSettings
    from gowasm_inspect.files.cache import ResultCache

    for report in reports:
        if all(algorithm in report.compressed for algorithm in algorithms):
            continue
        try:
            compress_report(report, algorithms, CompressionSettings(), ResultCache.default())
        except FileNotFoundError:
            raise InputError(f"{report.file}: no compressed sizes saved in its report, and the file is gone") from None
