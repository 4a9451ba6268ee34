"""`diff` as tables for people (loaded only for them: rich takes a tenth of a second to import)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from gowasm_inspect.analyses.diff import ADDED, GROWN, REMOVED, SHRUNK, UNCHANGED, BuildDiff
from gowasm_inspect.render.console import add_columns, new_table
from gowasm_inspect.render.diff import TITLES, folded_note, headline, is_identical, shown_rows, signed_pct, size_or_dash
from gowasm_inspect.render.escape import printable
from gowasm_inspect.render.figures import human_bytes, middle_ellipsis, signed

_STYLES = {ADDED: "red", GROWN: "red", REMOVED: "green", SHRUNK: "green", UNCHANGED: "dim"}


def render_diff_table(diff: BuildDiff, views: list[str], top: int, show_all: bool, console: Console) -> None:
    console.print(Text(printable(headline(diff)), style="bold"))
    console.print(Text(f"{diff.total.old:,} → {diff.total.new:,} bytes "
                       f"({human_bytes(diff.total.old or 0)} → {human_bytes(diff.total.new or 0)})"))
    if folded_note(diff):
        console.print(Text(f"({folded_note(diff)})", style="dim"))
    if is_identical(diff) and not show_all:
        return
    for view in views:
        rows = diff.level(view)
        shown = shown_rows(rows, None if view == "sections" else top, show_all)
        changed = sum(row.status != UNCHANGED for row in rows)
        console.print()
        if not shown:
            console.print(Text(f"{TITLES[view]}: no change", style="dim"))
            continue
        table = new_table(console, f"{TITLES[view]} ({len(shown):,} shown, {changed:,} changed)")
        notes = any(row.note for row in shown)  # an empty column would only take width
        add_columns(table, ["Name", "Old", "New", "Delta", "Delta %", "Status", *(["Note"] if notes else [])],
                    numeric=("Old", "New", "Delta", "Delta %"))
        for row in shown:
            name = printable(row.name)
            if console.is_terminal:  # the figures take about 50 columns; piped, names stay whole for grep
                name = middle_ellipsis(name, max(16, console.width - 50))
            cells: list[Text | str] = [Text(name), size_or_dash(row.old), size_or_dash(row.new),
                                       signed(row.delta), signed_pct(row), Text(row.status, style=_STYLES[row.status])]
            table.add_row(*cells, *([Text(printable(row.note))] if notes else []))
        console.print(table)
