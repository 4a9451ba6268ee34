"""Reports checked against a budget: one row per limit and file, with its status.

A limit is met when the actual value is at most the limit; it warns when it is
met but above the entry's warn_at share of the limit. Growth is measured
against a baseline report of the same file; without one, growth rows are
skipped (shown, never failed), so one budget serves both pushes and pull requests.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from msgspec import Struct

from gowasm_inspect.analyses.budget.budget_file import Budget, BudgetEntry, LimitSpec
from gowasm_inspect.analyses.budget.patterns import matches
from gowasm_inspect.model.report import GoModuleEntry, PackageEntry, Report

OK, WARN, FAIL, SKIPPED = "ok", "warn", "FAIL", "skipped"
_STATUS_ORDER = {FAIL: 0, WARN: 1, OK: 2, SKIPPED: 3}
_SHOWN_MATCHES = 5


class CheckRow(Struct, frozen=True):
    file: str  # the wasm file checked
    spec: LimitSpec
    actual: int | Fraction | None  # bytes, or percent for a percentage growth limit; None when skipped
    status: str
    detail: str  # what the figure is made of, in words (may hold names from the binary: untrusted)

    @property
    def headroom(self) -> int | Fraction | None:
        """limit - actual: positive is room left, negative is the excess."""
        return None if self.actual is None else self.spec.limit.value - self.actual

    @property
    def label(self) -> str:
        if self.spec.kind == "function":
            return "largest function"
        measured = self.spec.kind in ("package", "module") and self.spec.measure != "code"
        return f"{self.spec.kind} {self.spec.name}" + (f" ({self.spec.measure})" if measured else "")


class CheckResult(Struct):
    budget: Path
    rows: list[CheckRow]

    def count(self, status: str) -> int:
        return sum(row.status == status for row in self.rows)

    @property
    def passed(self) -> bool:
        return self.count(FAIL) == 0

    @property
    def checked(self) -> int:
        """Limits measured: neither skipped nor failed for want of a baseline."""
        return sum(row.actual is not None for row in self.rows)


def evaluate(budget: Budget, reports: dict[str, Report], files_of: dict[int, list[str]],
             baselines: dict[str, Report], require_baseline: bool = False) -> CheckResult:
    """files_of: entry index -> the report keys it applies to; baselines: report key -> baseline report.
    With `require_baseline`, a growth limit without a baseline fails instead of being skipped."""
    rows = []
    for number, entry in enumerate(budget.entries):
        for key in files_of[number]:
            report = reports[key]
            rows += [_row(report, spec, entry, baselines.get(key), require_baseline) for spec in entry.limits]
    rows.sort(key=lambda row: _STATUS_ORDER[row.status])
    return CheckResult(budget.path, rows)


def _row(report: Report, spec: LimitSpec, entry: BudgetEntry, baseline: Report | None,
         require_baseline: bool) -> CheckRow:
    if spec.kind == "growth":
        if baseline is None:
            if require_baseline:
                return CheckRow(report.file, spec, None, FAIL, "no --baseline for this file (--require-baseline)")
            return CheckRow(report.file, spec, None, SKIPPED, "no --baseline for this file")
        actual, detail = _growth(report, baseline, spec)
    else:
        actual, detail = _measure(report, spec)
    return CheckRow(report.file, spec, actual, _status(actual, spec, entry.warn_at), detail)


def _status(actual: int | Fraction, spec: LimitSpec, warn_at: Fraction | None) -> str:
    limit = spec.limit.value
    if actual > limit:
        return FAIL
    if warn_at is not None and limit > 0 and actual > limit * warn_at / 100:
        return WARN
    return OK


def _measure(report: Report, spec: LimitSpec) -> tuple[int, str]:
    if spec.kind == "glue":
        return _glue(report, spec)
    if spec.kind == "total":
        if spec.name == "raw":
            return report.size, "file size"
        facts = report.compression.get(spec.name)
        return report.compressed[spec.name], facts.library if facts else ""
    if spec.kind == "section":
        found = [section for section in report.sections if section.name == spec.name]
        if not found:
            return 0, "no such section in this file"
        return sum(section.size for section in found), "id, size and payload bytes"
    if spec.kind == "region":
        regions = [region for region in report.regions if region.name == spec.name]
        if not regions:
            return 0, "no such region in this file's data section"
        return sum(region.size for region in regions), "file bytes of the data section"
    if spec.kind == "function":
        if not report.functions:
            return 0, "no function bodies"
        largest = max(report.functions, key=lambda function: function.size)
        return largest.size, f"largest: {largest.name or f'function {largest.index}'}"
    if spec.kind == "package":
        matched = [(_package_label(row.name, report), _measured(row, spec.measure)) for row in report.packages
                   if any(matches(spec.name, name) for name in _package_paths(row.name, report))]
    else:
        matched = [(row.path, _measured(row, spec.measure)) for row in report.modules if matches(spec.name, row.path)]
    return sum(size for _, size in matched), _matched(matched, spec.kind)


def _glue(report: Report, spec: LimitSpec) -> tuple[int, str]:
    """1 when the glue will fail to instantiate the build (the limit is 0), with V8's error; else 0."""
    from gowasm_inspect.model.glue import judge_file

    if spec.glue is None:
        return 1, "no glue file"
    try:
        data = spec.glue.read_bytes()
    except OSError as error:
        return 1, f"cannot read {spec.name}: {error.strerror or error}"
    verdict = judge_file(report, data, spec.name)
    if verdict.instantiates:
        releases = verdict.glue_releases
        named = (f"{releases[0]} to {releases[-1]}, {len(releases)} releases" if len(releases) > 1 else
                 releases[0] if releases else "an edited copy" if verdict.edited_from else "an unknown file")
        return 0, f"instantiates (glue of {named})"
    return 1, verdict.error or "will not instantiate"


def _measured(row: PackageEntry | GoModuleEntry, measure: str) -> int:
    return {"code": row.size, "data": row.data_size, "total": row.total}[measure]


def _package_paths(name: str, report: Report) -> list[str]:
    """Go names the program's own package "main"; patterns match it by its import path as well."""
    main_package = report.build.main_package
    return [name, main_package] if name == "main" and main_package else [name]


def _package_label(name: str, report: Report) -> str:
    paths = _package_paths(name, report)
    return f"{name} ({paths[1]})" if len(paths) > 1 else name


def _matched(matched: list[tuple[str, int]], kind: str) -> str:
    if not matched:
        return f"no {kind} matches"
    matched.sort(key=lambda pair: -pair[1])
    shown = ", ".join(name for name, _ in matched[:_SHOWN_MATCHES])
    more = f" and {len(matched) - _SHOWN_MATCHES} more" if len(matched) > _SHOWN_MATCHES else ""
    return f"{len(matched)} {kind}{'s' if len(matched) > 1 else ''}: {shown}{more}"


def _growth(report: Report, baseline: Report, spec: LimitSpec) -> tuple[int | Fraction, str]:
    if spec.name == "raw":
        old, new = baseline.size, report.size
    else:
        old, new = baseline.compressed[spec.name], report.compressed[spec.name]
    if spec.limit.is_percent:
        return Fraction(new - old, max(old, 1)) * 100, f"{old:,} B -> {new:,} B ({new - old:+,} B)"
    return new - old, f"{old:,} B -> {new:,} B"
