"""`size` as tables for people: one per view, then relink predictions and compressed sizes."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.table import Table
from rich.text import Text

from gowasm_inspect.model.report import (
    PACKAGES_COMPILE_UNITS,
    PACKAGES_EXACT,
    PACKAGES_GUESSED,
    STRIP_CUSTOM,
    TINYGO_NO_DEBUG,
    GoModuleEntry,
    PackageEntry,
    Report,
    StripChange,
    unnamed,
)
from gowasm_inspect.render.console import add_columns, new_table
from gowasm_inspect.render.escape import printable
from gowasm_inspect.render.figures import human_bytes, middle_ellipsis, percent
from gowasm_inspect.render.regions import regions_table, summary_rows
from gowasm_inspect.wasm.format import CUSTOM_SECTION_ID, DATA_SECTION_ID, MODULE_HEADER_SIZE

_FIGURES = ("Index", "Functions", "Offset", "Bytes", "Data", "Total", "Size", "Saved", "% of code", "% of file", "% saved",
            "% of compressed")


def _sections_table(console: Console, report: Report) -> Table:
    table = new_table(console, "Sections")
    add_columns(table, ["Section", "Offset", "Bytes", "Size", "% of file"], numeric=_FIGURES)
    for section in sorted(report.sections, key=lambda s: (-s.size, s.offset)):
        label = Text(printable(section.name))
        if section.id == CUSTOM_SECTION_ID:
            label.append(" (custom)", style="dim")
        table.add_row(label, f"0x{section.offset:x}", f"{section.size:,}", human_bytes(section.size),
                      percent(section.size, report.size))
        if section.id == DATA_SECTION_ID:
            for name, size in summary_rows(report):
                table.add_row(Text(f"  {printable(name)}", style="dim"), "", f"{size:,}", human_bytes(size),
                              percent(size, report.size), style="dim")
    table.add_row(Text("module header", style="dim"), "0x0", f"{MODULE_HEADER_SIZE:,}",
                  human_bytes(MODULE_HEADER_SIZE), percent(MODULE_HEADER_SIZE, report.size))
    table.add_section()
    table.add_row(Text("total", style="bold"), "", f"{report.size:,}", human_bytes(report.size), "100.0%")
    return table


def _code_size(report: Report) -> int:
    code = report.section("code")
    return code.size if code else 0


def _packages_table(console: Console, report: Report, top: int) -> Table:
    shown = report.packages[:top]
    how = {PACKAGES_GUESSED: " - guessed from name-section names",
           PACKAGES_COMPILE_UNITS: " - DWARF compile units"}.get(report.attribution.packages or "", "")
    table = new_table(console, f"Packages ({len(shown):,} of {len(report.packages):,}, by code size{how})")
    with_data = any(package.data for package in report.packages)
    add_columns(table, ["Package", "Module", "Functions", "Bytes", *_DATA_COLUMNS[with_data]], numeric=_FIGURES)
    code = _code_size(report)
    names = (console.width - 50) // 2  # what the figures and gaps leave, for two names
    width = _fit_names(console, table, {0: names, 1: names})
    for package in shown:
        table.add_row(Text(width(printable(package.name), 0)), Text(width(printable(package.module), 1)),
                      f"{package.functions:,}", f"{package.size:,}", *_data_cells(package, code, with_data))
    if with_data:
        table.title = f"{table.title}{_DATA_TITLE}"
    return table


# Bytes is the code; with data, Data and Total take the place of the code's share
_DATA_COLUMNS = {True: ["Data", "Total"], False: ["% of code"]}
# strings and variables are not attributed to packages; --by region shows them
_DATA_TITLE = "; Bytes: code, Data: its function tables, types and static data"


def _data_cells(entry: PackageEntry | GoModuleEntry, code: int, with_data: bool) -> list[str]:
    return [f"{entry.data_size:,}", f"{entry.total:,}"] if with_data else [percent(entry.size, code)]


def _fit_names(console: Console, table: Table, widths: dict[int, int]) -> Callable[[str, int], str]:
    """On a terminal, name columns get the widths given (column -> characters), one line each, names
    shortened in the middle to fit; piped, names stay whole, so that grep and cut see them."""
    if not console.is_terminal:
        return lambda name, column: name
    widths = {column: max(12, width) for column, width in widths.items()}
    for column, width in widths.items():
        table.columns[column].max_width, table.columns[column].no_wrap = width, True
    return lambda name, column: middle_ellipsis(name, widths[column])


def _within_package(name: str, package: str | None) -> str:
    """A function's name as its package's last element spells it, when the Package column names the rest."""
    if package and "/" in package and name.startswith(package + "."):
        return package.rsplit("/", 1)[1] + name[len(package) :]
    return name


def _modules_table(console: Console, report: Report, top: int) -> Table:
    shown = report.modules[:top]
    table = new_table(console, f"Modules ({len(shown):,} of {len(report.modules):,}, by code size)")
    with_data = any(module.data for module in report.modules)
    add_columns(table, ["Module", "Version", "Bytes", *_DATA_COLUMNS[with_data]], numeric=_FIGURES)
    code = _code_size(report)
    names = (console.width - 44) // 2  # what the figures and gaps leave, for the path and the version
    width = _fit_names(console, table, {0: names, 1: names})
    for module in shown:
        version = printable(module.version or "") + (f" => {printable(module.replace)}" if module.replace else "")
        table.add_row(Text(width(printable(module.path), 0)), Text(width(version, 1)), f"{module.size:,}",
                      *_data_cells(module, code, with_data))
    if with_data:
        table.title = f"{table.title}{_DATA_TITLE}"
    return table


def _retained_table(console: Console, report: Report, top: int) -> Table:
    shown = report.retained[:top]
    table = new_table(console, f"What removing a package would save ({len(shown):,} largest that hold no "
                               "export or entry point; an estimate: the bytes only it reaches, see "
                               "`gowasm-inspect why FILE PACKAGE`)")
    add_columns(table, ["Package", "Size", "Saved", "% of file"], numeric=_FIGURES)
    width = _fit_names(console, table, {0: console.width - 40})
    for package in shown:
        table.add_row(Text(width(printable(package.name), 0)), f"{package.size:,}", f"{package.retained:,}",
                      percent(package.retained, report.size))
    return table


def _functions_table(console: Console, report: Report, top: int) -> Table:
    largest = sorted(report.functions, key=lambda f: (-f.size, f.index))[:top]
    table = new_table(console, f"Largest functions ({len(largest):,} of {len(report.functions):,})")
    add_columns(table, ["Index", "Function", "Package", "Bytes", "% of code"], numeric=_FIGURES)
    code = _code_size(report)
    # on a terminal the Package column names the package, so the function is named within it
    names = console.width - 33  # index, figures and gaps take about 33 columns
    width = _fit_names(console, table, {1: names - names * 3 // 8, 2: names * 3 // 8})
    for function in largest:
        if function.name is None:
            name = Text(unnamed(function.index), style="dim")
        else:
            within = console.is_terminal and report.attribution.packages == PACKAGES_EXACT  # a guess may mislead
            shown = _within_package(function.name, function.package) if within else function.name
            name = Text(width(printable(shown), 1))
        package = Text(width(printable(function.package or ""), 2))
        table.add_row(str(function.index), name, package, f"{function.size:,}", percent(function.size, code))
    return table


def _strip_table(console: Console, report: Report) -> Table:
    flags = {prediction.flags for prediction in report.strip}
    table = new_table(console, "Rebuilt with TinyGo's -no-debug (predicted from the sections it omits)"
                      if TINYGO_NO_DEBUG in flags else
                      "Stripped of its custom sections (as `strip --all-custom` or wabt's wasm-strip writes it)"
                      if STRIP_CUSTOM in flags else
                      "Relinked with -s / -w (predicted to within a few bytes of a real relink)")
    add_columns(table, ["Flags", "Bytes", "Saved", "% saved", "Why"], numeric=_FIGURES)
    for prediction in report.strip:
        reasons = "; ".join(_reasons(prediction.changes))
        table.add_row(prediction.flags, f"{prediction.size:,}", f"{prediction.saved:,}",
                      percent(prediction.saved, report.size), Text(printable(reasons)))
    return table


def _reasons(changes: list[StripChange]) -> list[str]:
    """One line per change, the DWARF sections (.debug_*, often ten of them) as one."""
    def is_dwarf(change: StripChange) -> bool:
        return (change.section or "").startswith(".debug_")

    dwarf = [change for change in changes if is_dwarf(change)]
    lines = [(f"{change.section} {change.bytes:+,}: " if change.bytes else "") + change.reason
             for change in changes if not is_dwarf(change)]
    if dwarf:
        lines.insert(0, f"DWARF ({len(dwarf)} .debug_* sections) {sum(change.bytes for change in dwarf):+,}: "
                        "not needed to run")
    return lines


def _compressed_table(console: Console, report: Report) -> Table:
    how = "; ".join(f"{name}: {facts.settings} ({facts.library})" for name, facts in report.compression.items())
    table = new_table(console, f"Compressed ({how})")
    add_columns(table, ["File", "Bytes", *report.compressed], numeric=(*_FIGURES, *report.compressed))
    table.add_row("as it is", f"{report.size:,}", *(f"{size:,}" for size in report.compressed.values()))
    for prediction in report.strip:
        if prediction.compressed and prediction.saved and prediction.compressed_from is not None:
            stand_in = "as `strip` writes it" if prediction.compressed_from != report.size else "as it is"
            done = "stripped" if prediction.flags == STRIP_CUSTOM else f"relinked {prediction.flags}"
            table.add_row(f"{done} ≈ the file {stand_in}", f"{prediction.compressed_from:,}",
                          *(f"{prediction.compressed[a]:,}" for a in report.compressed))
    if report.strip and report.build.is_go:
        table.caption = "A relink differs from the bytes compressed by the -ldflags it records (tens of bytes)."
        table.caption_justify = "left"
    return table


def _compressed_share_table(console: Console, report: Report) -> Table | None:
    share = report.compressed_share
    if share is None:
        return None
    table = new_table(console, f"Compressed bytes by section ({share.method})")
    estimates = [f"{algorithm} ≈" for algorithm in report.compressed]
    # "% of compressed" is the same for every algorithm, by the method
    add_columns(table, ["Section", "Bytes", "% of compressed", *estimates], numeric=(*_FIGURES, *estimates))
    first, total = next(iter(report.compressed.items()))
    sizes = {section.offset: section.size for section in report.sections}
    for row in sorted(share.sections, key=lambda r: (-r.sizes[first], r.offset)):
        table.add_row(Text(printable(row.name)), f"{sizes[row.offset]:,}", percent(row.sizes[first], total),
                      *(f"{row.sizes[algorithm]:,}" for algorithm in report.compressed))
    return table


def _view_table(console: Console, report: Report, view: str, top: int) -> Table | None:
    if view == "section":
        return _sections_table(console, report)
    if view == "region":
        return regions_table(console, report)
    rows = {"package": report.packages, "module": report.modules, "function": report.functions,
            "retained": report.retained}[view]
    if not top or not rows:
        return None
    builders = {"package": _packages_table, "module": _modules_table, "function": _functions_table,
                "retained": _retained_table}
    return builders[view](console, report, top)


def _print_tables(console: Console, tables: list[Table | None]) -> None:
    for table in tables:
        if table is not None:
            console.print(table)
            console.print()


def render_table(reports: list[Report], views: list[str], top: int, console: Console) -> None:
    """Each report: a heading, then one table per view ("section", "package", "module", "function")."""
    for number, report in enumerate(reports):
        if number:
            console.print()
        console.print(Text(printable(report.file), style="bold"))
        console.print(f"{report.size:,} bytes ({human_bytes(report.size)}), sha256 {report.sha256[:16]}")
        _print_tables(console, [_view_table(console, report, view, top) for view in views])
        _print_tables(console, [
            _strip_table(console, report) if report.strip else None,
            _compressed_table(console, report) if report.compressed else None,
            _compressed_share_table(console, report) if report.compressed and "section" in views else None,
        ])
        if report.functions and report.attribution.names is None:
            why = "no usable Go pclntab and no name section" if report.build.is_go else "no name section"
            console.print(Text(f"No function names: {why}.", style="dim"))
        for warning in report.warnings:
            console.print(Text("warning: " + printable(warning), style="yellow"))
