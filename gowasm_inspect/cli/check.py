"""`gowasm-inspect check`: the CI gate. Budget file -> the builds it names -> one row per limit."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gowasm_inspect.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_CODES_HELP,
    EXIT_OK,
    EXIT_OVER_BUDGET,
    EXIT_USAGE,
    INPUT_PATH,
    compression_options,
    debug_option,
    error_line,
    format_option,
    read_each,
    to_standard_output,
)
from gowasm_inspect.cli.compressing import compress_reports, compression_settings, report_reader, require_compressed
from gowasm_inspect.render.check import FORMATS
from gowasm_inspect.render.escape import printable

if TYPE_CHECKING:
    from gowasm_inspect.analyses.budget.budget_file import Budget
    from gowasm_inspect.analyses.budget.evaluate import CheckResult
    from gowasm_inspect.model.report import Report

# budget and YAML modules load inside the command, so that `size` does not pay for them


@click.command(epilog=EXIT_CODES_HELP)
@click.argument("files", nargs=-1, type=INPUT_PATH)
@click.option("--budget", "budget_path", required=True, type=INPUT_PATH,
              help="The YAML budget file (see budgets.example.yaml).")
@click.option("--baseline", "baselines", multiple=True, type=INPUT_PATH,
              help="The build to measure growth against: a .wasm, or a report saved with `size --format json`. "
              "Paired with the checked file of the same name (or with the only one); repeat for several.")
@format_option(FORMATS, "github: ::error/::warning workflow commands at the budget file's lines, plus the "
               "Markdown table appended to $GITHUB_STEP_SUMMARY when it is set.")
@click.option("--require-baseline", is_flag=True,
              help="Fail growth limits that have no --baseline, instead of skipping them (for pull requests).")
@compression_options
@debug_option
def check(files: tuple[Path, ...], budget_path: Path, baselines: tuple[Path, ...], output_format: str,
          require_baseline: bool, debug: bool, no_cache: bool, **compression: int) -> None:
    """Check builds against a size budget; exit 1 when any limit is exceeded.

    Entries with `file:` check the files their glob matches (relative to the
    budget file); entries without it check the FILEs given here. Every limit
    is shown with its actual value, headroom or excess, and status; failures
    first. Compresses only when a compressed limit asks for it. Fails closed:
    a missing or unreadable build is never a pass. An entry may limit the total
    (raw, gzip, brotli, zstd), sections, regions of the data section (size --by
    region), packages and modules (their code, or any of code, data and total),
    the largest function, and growth against --baseline.

    \b
    Examples:
      gowasm-inspect check main.wasm --budget budgets.yaml
      gowasm-inspect check main.wasm --budget budgets.yaml --baseline base.json
      gowasm-inspect check --budget budgets.yaml --format github     in GitHub Actions
    """
    from gowasm_inspect.analyses.budget.evaluate import evaluate
    from gowasm_inspect.analyses.budget.targets import checked_paths, files_of, pair_baselines

    budget = _load_budget(budget_path)
    with _usage_errors():
        targets = files_of(budget, [str(path) for path in files])
    algorithms = budget.algorithms()
    read = report_reader(bool(algorithms) and not no_cache)
    by_key, failed = _read_each(checked_paths(targets), debug, read)
    loaded, from_wasm, baseline_failed = _baselines(baselines, debug, read)
    with _usage_errors():
        paired = pair_baselines(loaded, checked_paths(targets)) if not baseline_failed else {}
    if algorithms:
        _compress(budget, [*by_key.values(), *from_wasm], list(paired.values()), compression, no_cache)
    checkable = {index: [key for key in keys if key in by_key] for index, keys in targets.items()}
    result = evaluate(budget, by_key, checkable, {k: v for k, v in paired.items() if k in by_key}, require_baseline)
    if failed and not result.rows:
        sys.exit(EXIT_BAD_INPUT)  # nothing could be read: an empty table would only look like a pass
    _render(result, output_format)
    if result.rows and not result.checked and result.passed:
        error_line(budget_path, "warning: nothing was checked: every limit is a growth limit and no --baseline was "
                                "given; give one, or --require-baseline to fail without it")
    if failed or baseline_failed:
        sys.exit(EXIT_BAD_INPUT)  # fail closed: a build that cannot be read never passes
    sys.exit(EXIT_OK if result.passed else EXIT_OVER_BUDGET)


@contextmanager
def _usage_errors() -> Iterator[None]:
    """Files or baselines that do not fit the budget: a usage error (exit 2), not a failed check."""
    from gowasm_inspect.analyses.budget.targets import TargetError

    try:
        yield
    except TargetError as error:
        raise click.UsageError(printable(str(error))) from None


def _load_budget(path: Path) -> Budget:
    from gowasm_inspect.analyses.budget.budget_file import BudgetError, load_budget

    try:
        return load_budget(path)
    except BudgetError as error:
        click.echo(f"gowasm-inspect: {printable(str(error))}", err=True)
        sys.exit(EXIT_USAGE)


def _read_each(paths: list[str], debug: bool, read: Callable[[Path], Report]) -> tuple[dict[str, Report], bool]:
    reports, failed = {}, False
    for path in paths:
        found, bad = read_each((Path(path),), debug, read)
        failed |= bad
        if found:
            reports[path] = found[0]
    return reports, failed


def _baselines(paths: tuple[Path, ...], debug: bool,
               read: Callable[[Path], Report]) -> tuple[list[Report], list[Report], bool]:
    """The baseline reports; also those read from .wasm files, which may need compressing."""
    from gowasm_inspect.files.inputs import is_wasm, load_reports

    loaded, failed = read_each(paths, debug, lambda path: load_reports(path, read))
    if failed:
        return [], [], True
    from_wasm = [group[0] for path, group in zip(paths, loaded, strict=True) if is_wasm(path)]
    return [report for group in loaded for report in group], from_wasm, False


def _compress(budget: Budget, reports: list[Report], baselines: list[Report], options: dict[str, int],
              no_cache: bool) -> None:
    from gowasm_inspect.analyses.budget.targets import growth_algorithms

    settings = compression_settings(options)
    compress_reports(reports, budget.algorithms(), settings, no_cache)
    require_compressed(baselines, growth_algorithms(budget), settings)


def _render(result: CheckResult, output_format: str) -> None:
    from gowasm_inspect.files.rewrite import append_text
    from gowasm_inspect.render.check import render_check, render_check_markdown

    to_standard_output(lambda: render_check(result, output_format))
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if output_format == "github" and summary_path:
        try:
            append_text(Path(summary_path), render_check_markdown(result) + "\n")
        except OSError as error:
            error_line(summary_path, f"cannot append the job summary: {error.strerror or error}")
