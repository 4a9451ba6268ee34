"""`info`: what built a binary. A two-column table for people, JSON for programs; both from the model."""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from msgspec import to_builtins
from rich.console import Console
from rich.table import Table
from rich.text import Text

from gowasm_inspect.model.report import (
    NAMES_FROM_DWARF,
    NAMES_FROM_NAME_SECTION,
    NAMES_FROM_PCLNTAB,
    PACKAGES_COMPILE_UNITS,
    BuildFacts,
    Dependency,
    Report,
)
from gowasm_inspect.render.console import make_console, new_table
from gowasm_inspect.render.escape import inert_json, printable

FORMATS = ("table", "json")


def info_document(report: Report) -> dict[str, Any]:
    """What `info` reports: build facts and counts, from the same report model as `size`."""
    build = report.build
    return {
        "file": report.file,
        "is_go": build.is_go,
        "go_version": build.go_version,
        "goos": build.goos,
        "goarch": build.goarch,
        "target": build.target,
        "main": to_builtins(build.main) if build.main else None,
        "main_package": build.main_package,
        "deps": [to_builtins(dep) for dep in build.deps],
        "settings": build.settings,
        "build_id": build.build_id,
        "stripped": build.stripped,
        "trimpath": build.trimpath,
        "toolchain": build.toolchain,  # a compiler other than Go's, as the producers section names it
        "names": report.attribution.names,
        "packages": report.attribution.packages,  # exact, guessed, compile units, or null
        "counts": {"functions": len(report.functions), "packages": len(report.packages),
                   "modules": len(report.modules)},
    }


def render_info_json(reports: list[Report], as_array: bool) -> str:
    documents = [info_document(report) for report in reports]
    return inert_json(json.dumps(documents if as_array else documents[0], indent=2)) + "\n"


def _yes_no(value: bool | None, yes: str, no: str) -> str:
    return "unknown" if value is None else (yes if value else no)


def _dependency(dep: Dependency) -> str:
    text = " ".join(filter(None, [dep.path, dep.version, dep.sum]))
    if dep.replace:
        text += " => " + " ".join(filter(None, [dep.replace.path, dep.replace.version]))
    return text


def _build_rows(build: BuildFacts) -> list[tuple[str, str]]:
    target = f"{build.goos or 'unknown'}/{build.goarch or 'wasm'}" + (f" ({build.target})" if build.target else "")
    main = " ".join(filter(None, [build.main.path, build.main.version])) if build.main else ""
    return [
        ("Go version", build.go_version or "unknown"),
        ("target", target),
        ("main module", main or "none"),
        ("main package", build.main_package or "unknown"),
        *(("dependency", _dependency(dep)) for dep in build.deps),
        *((f"setting {key}", value) for key, value in build.settings.items()),
        ("build ID", build.build_id or "none"),
        ("name section", _yes_no(build.stripped, "stripped (-s)", "present")),
        ("source paths", _yes_no(build.trimpath, "trimmed (-trimpath)", "absolute paths recorded (no -trimpath)")),
    ]


def _rows(report: Report) -> list[tuple[str, str]]:
    if report.build.tinygo:
        return [("compiler", f"{report.build.toolchain} (not Go's toolchain: it records no pclntab, no Go version "
                             "and no module info)"),
                ("target", f"{report.build.goos}/wasm" if report.build.goos else
                           "wasm-unknown (no JavaScript or WASI imports)"),
                ("functions", f"{len(report.functions):,} (names from {report.attribution.names or 'nowhere'}; "
                              "packages by TinyGo's naming rules, modules inferred from package paths)"),
                *_code_counts(report)]
    if not report.build.is_go:
        source = report.attribution.names
        names = f"names from {_NAME_SOURCES.get(source, source)}" if source else "unnamed: no name section"
        return [("Go", "no: this binary was not built by the Go toolchain (no pclntab, no Go build info)"),
                ("producers", report.build.toolchain or "none named (no producers section, or an empty one)"),
                ("functions", f"{len(report.functions):,} ({names})"),
                *_compile_unit_rows(report)]
    return [
        *_build_rows(report.build),
        ("functions", f"{len(report.functions):,} (names from "
                      f"{report.attribution.names or 'nowhere: no usable pclntab and no name section'})"),
        *_code_counts(report),
    ]


_NAME_SOURCES = {NAMES_FROM_NAME_SECTION: "the name section", NAMES_FROM_DWARF: "DWARF", NAMES_FROM_PCLNTAB: "pclntab"}


def _compile_unit_rows(report: Report) -> list[tuple[str, str]]:
    if report.attribution.packages != PACKAGES_COMPILE_UNITS:
        return []
    units = [package for package in report.packages if package.functions and package.module != package.name]
    languages = sorted({package.module for package in units})
    return [("compile units", f"{len(units):,} in DWARF ({', '.join(languages)}): each function's package is "
                              "the compile unit that defines it")]


def _code_counts(report: Report) -> list[tuple[str, str]]:
    """Packages and modules that hold code; none when no function could be named, which says why
    (the build info above may still list the modules)."""
    packages = sum(1 for package in report.packages if package.functions)  # type metadata alone is not code
    if not packages and report.functions:
        why = "no function names to place code by"
        return [("packages with code", f"unknown: {why}"), ("modules with code", f"unknown: {why}")]
    modules = sum(1 for module in report.modules if module.size)
    return [("packages with code", f"{packages:,}"), ("modules with code", f"{modules:,}")]


def render_info_table(reports: list[Report], console: Console) -> None:
    for number, report in enumerate(reports):
        if number:
            console.print()
        table: Table = new_table(console, printable(report.file))
        table.show_header = False  # a list of facts; a rule as wide as the longest value would only wrap
        table.add_column("Fact")
        table.add_column("Value", overflow="fold")
        for key, value in _rows(report):
            table.add_row(Text(printable(key)), Text(printable(value)))
        console.print(table)
        for warning in report.warnings:
            console.print(Text("warning: " + printable(warning), style="yellow"))


def render_info(reports: list[Report], output_format: str, several: bool, stream: TextIO | None = None) -> None:
    stream = stream or sys.stdout
    if output_format == "json":
        if reports or several:
            stream.write(render_info_json(reports, as_array=several))
    elif reports:
        render_info_table(reports, make_console(stream))
