"""`gowasm-inspect check`: the CI gate. Budget file -> the builds it names -> one row per limit."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from gowasm_inspect.cli_support import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_OVER_BUDGET,
    EXIT_USAGE,
    analyze_each,
    compress_reports,
    compression_options,
    compression_settings,
    error_line,
    report_reader,
    require_compressed,
)
from gowasm_inspect.model import Report

# budget and YAML modules load inside the command, so that `size` does not pay for them


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--budget", "budget_path", required=True, type=click.Path(path_type=Path),
              help="The YAML budget file (see budgets.example.yaml).")
@click.option("--baseline", "baselines", multiple=True, type=click.Path(path_type=Path),
              help="The build to measure growth against: a .wasm, or a report saved with `size --format json`. "
              "Paired with the checked file of the same name (or with the only one); repeat for several.")
@click.option("--format", "output_format", type=click.Choice(["table", "json", "markdown", "github"]),
              default="table", show_default=True,
              help="github: ::error/::warning workflow commands at the budget file's lines, plus the Markdown "
              "table appended to $GITHUB_STEP_SUMMARY when it is set.")
@compression_options
@click.option("--debug", is_flag=True, help="Add a traceback to error messages.")
def check(files: tuple[Path, ...], budget_path: Path, baselines: tuple[Path, ...], output_format: str,
          debug: bool, **compression: Any) -> None:
    """Check builds against a size budget; exit 1 when any limit is exceeded.

    Entries with `file:` check the files their glob matches (relative to the
    budget file); entries without it check the FILEs given here. Every limit
    is shown with its actual value, headroom or excess, and status; failures
    first. Compresses only when a compressed limit asks for it. Fails closed:
    a missing or unreadable build is never a pass.

    \b
    Examples:
      gowasm-inspect check main.wasm --budget budgets.yaml
      gowasm-inspect check main.wasm --budget budgets.yaml --baseline base.json
      gowasm-inspect check --budget budgets.yaml --format github     in GitHub Actions
    """
    from gowasm_inspect.budget.budget_file import BudgetError, load_budget
    from gowasm_inspect.budget.evaluate import evaluate

    no_cache = compression.pop("no_cache")
    try:
        budget = load_budget(budget_path)
    except BudgetError as error:
        click.echo(f"gowasm-inspect: {error}", err=True)
        sys.exit(EXIT_USAGE)
    files_of = _files_of(budget, files)
    algorithms = budget.algorithms()
    read = report_reader(bool(algorithms) and not no_cache)
    unique = list(dict.fromkeys(path for paths in files_of.values() for path in paths))
    by_key, failed = _read_each(unique, debug, read)
    baseline_reports, from_wasm, baseline_failed = _baselines(baselines, unique, debug, read)
    if algorithms:
        settings = compression_settings(compression)
        compress_reports([*by_key.values(), *from_wasm], algorithms, settings, no_cache)
        require_compressed(list(baseline_reports.values()), _growth_algorithms(budget), settings)
    checkable = {index: [key for key in keys if key in by_key] for index, keys in files_of.items()}
    result = evaluate(budget, by_key, checkable, {k: v for k, v in baseline_reports.items() if k in by_key})
    _render(result, output_format)
    if failed or baseline_failed:
        sys.exit(EXIT_BAD_INPUT)  # fail closed: a build that cannot be read never passes
    sys.exit(EXIT_OK if result.passed else EXIT_OVER_BUDGET)


def _files_of(budget: Any, files: tuple[Path, ...]) -> dict[int, list[str]]:
    """Entry index -> the paths it checks: its glob's matches, or the FILEs given on the command line."""
    files_of = {}
    for index, entry in enumerate(budget.entries):
        if entry.file_pattern is not None:
            files_of[index] = [str(path) for path in entry.files]
        elif files:
            files_of[index] = [str(path) for path in files]
        else:
            raise click.UsageError(f"the budget entry at {budget.path}:{entry.line} has no `file:`, "
                                   "so give the builds to check as FILE arguments")
    if files and all(entry.file_pattern is not None for entry in budget.entries):
        raise click.UsageError("every budget entry names its own `file:`, so the FILE arguments would be ignored; "
                               "drop them, or add an entry without `file:` for them")
    return files_of


def _read_each(paths: list[str], debug: bool, read: Any) -> tuple[dict[str, Report], bool]:
    reports, failed = {}, False
    for path in paths:
        found, bad = analyze_each((Path(path),), debug, read)
        failed |= bad
        if found:
            reports[path] = found[0]
    return reports, failed


def _baselines(paths: tuple[Path, ...], checked: list[str], debug: bool,
               read: Any) -> tuple[dict[str, Report], list[Report], bool]:
    """Checked path -> its baseline report (matched by file name, or paired when there is one of each);
    also the baselines read from .wasm files, which may need compressing."""
    from gowasm_inspect.inputs import is_wasm, load_reports

    loaded, failed = analyze_each(paths, debug, lambda path: load_reports(path, read))
    reports = [report for group in loaded for report in group]
    from_wasm = [group[0] for path, group in zip(paths, loaded, strict=True) if is_wasm(path)] if not failed else []
    if not paths or failed:
        return {}, [], failed
    if len(reports) == 1 and len(checked) == 1:
        return {checked[0]: reports[0]}, from_wasm, False
    by_name = {Path(report.file).name: report for report in reports}
    matched = {path: by_name[Path(path).name] for path in checked if Path(path).name in by_name}
    unmatched = sorted(set(by_name) - {Path(path).name for path in matched})
    if unmatched:
        raise click.UsageError(f"no checked file is named like the baseline {', '.join(unmatched)}; "
                               "baselines are paired with checked files by file name")
    return matched, from_wasm, False


def _growth_algorithms(budget: Any) -> list[str]:
    """The compressed sizes that growth limits compare, which a saved baseline must hold."""
    return sorted({spec.algorithm for entry in budget.entries for spec in entry.limits
                   if spec.kind == "growth" and spec.algorithm})


def _render(result: Any, output_format: str) -> None:
    from gowasm_inspect.report import check_format

    if output_format == "json":
        sys.stdout.write(check_format.render_check_json(result))
    elif output_format == "markdown":
        sys.stdout.write(check_format.render_check_markdown(result))
    elif output_format == "github":
        sys.stdout.write(check_format.render_check_github(result))
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            try:
                with open(summary_path, "a", encoding="utf-8") as summary:
                    summary.write(check_format.render_check_markdown(result) + "\n")
            except OSError as error:
                error_line(summary_path, f"cannot append the job summary: {error.strerror or error}")
    else:
        from gowasm_inspect.report.table import make_console

        check_format.render_check_table(result, make_console())
