"""What a budget checks: the files each entry applies to, and the baseline each checked file is measured against."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from gowasm_inspect.analyses.budget.budget_file import Budget
from gowasm_inspect.model.report import Report


class TargetError(ValueError):
    """The files or baselines given do not fit the budget (a usage error, not a failed check)."""


def files_of(budget: Budget, files: Sequence[str]) -> dict[int, list[str]]:
    """Entry index -> the paths it checks: its glob's matches, or the `files` given to the check."""
    targets = {}
    for index, entry in enumerate(budget.entries):
        if entry.file_pattern is not None:
            targets[index] = [str(path) for path in entry.files]
        elif files:
            targets[index] = list(files)
        else:
            raise TargetError(f"the budget entry at {budget.path}:{entry.line} has no `file:`, "
                              "so give the builds to check as FILE arguments")
    if files and all(entry.file_pattern is not None for entry in budget.entries):
        raise TargetError("every budget entry names its own `file:`, so the FILE arguments would be ignored; "
                          "drop them, or add an entry without `file:` for them")
    return targets


def checked_paths(targets: dict[int, list[str]]) -> list[str]:
    """Every path some entry checks, once, in order."""
    return list(dict.fromkeys(path for paths in targets.values() for path in paths))


def pair_baselines(baselines: Sequence[Report], checked: Sequence[str]) -> dict[str, Report]:
    """Checked path -> its baseline: matched by file name, or paired when there is one of each."""
    if not baselines:
        return {}
    if len(baselines) == 1 and len(checked) == 1:
        return {checked[0]: baselines[0]}
    by_name = {Path(report.file).name: report for report in baselines}
    matched = {path: by_name[Path(path).name] for path in checked if Path(path).name in by_name}
    unmatched = sorted(set(by_name) - {Path(path).name for path in matched})
    if unmatched:
        raise TargetError(f"no checked file is named like the baseline {', '.join(unmatched)}; "
                          "baselines are paired with checked files by file name")
    return matched


def growth_algorithms(budget: Budget) -> list[str]:
    """The compressed sizes that growth limits compare, which a saved baseline must hold."""
    return sorted({spec.algorithm for entry in budget.entries for spec in entry.limits
                   if spec.kind == "growth" and spec.algorithm})
