"""The data section by region: the `size --by region` table and the few lines the Sections table shows."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gowasm_inspect.model.report import DataRegion, Report
from gowasm_inspect.render.console import add_columns, new_table
from gowasm_inspect.render.escape import printable
from gowasm_inspect.render.figures import human_bytes, percent

SUMMARY_REGIONS = 4  # regions the Sections table lists under the data section; the rest in one line
_NUMERIC = ("Bytes", "Size", "Memory", "% of data", "% of file")
_DESCRIBED_FROM = 140  # columns


def summary_rows(report: Report) -> list[tuple[str, int]]:
    """(label, file bytes) lines for under the data section: the largest regions, then the rest."""
    regions = report.regions
    rows = [(region.name, region.size) for region in regions[:SUMMARY_REGIONS]]
    rest = regions[SUMMARY_REGIONS:]
    if rest:
        rows.append((f"{len(rest)} more (--by region)", sum(region.size for region in rest)))
    return rows


def regions_table(console: Console, report: Report) -> Table | None:
    if not report.regions:
        return None
    data = sum(region.size for region in report.regions)
    described = console.width >= _DESCRIBED_FROM  # a narrow terminal would fold each description to a word a line
    hint = "" if described else "; what each holds: a wider terminal, --format json or README"
    table = new_table(console, f"Data section by region (file bytes; memory: what it spans once loaded{hint})")
    add_columns(table, ["Region", "Bytes", "Size", "Memory", "% of data", "% of file",
                        *(["What it holds"] if described else [])], numeric=_NUMERIC)
    for region in report.regions:
        table.add_row(printable(region.name), f"{region.size:,}", human_bytes(region.size), _memory(region),
                      percent(region.size, data), percent(region.size, report.size),
                      *([Text(printable(region.description), style="dim")] if described else []))
    table.add_section()
    table.add_row(Text("data section", style="bold"), f"{data:,}", human_bytes(data), "", "100.0%",
                  percent(data, report.size), *([""] if described else []))
    return table


def _memory(region: DataRegion) -> str:
    return human_bytes(region.memory) if region.memory else ""
