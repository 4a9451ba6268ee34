"""One self-contained HTML page: a zoomable treemap of a build, or of a diff (the new build coloured by
change), with the build's facts, a table of the level shown, and search.

Offline by construction: the script and style are inline and a Content-Security-
Policy allows exactly them (by their SHA-256) and nothing else, so the page can
fetch nothing. Names from the binary travel as JSON inside a non-executed script
element, with `<`, `>` and `&` escaped so that no name can end that element, and
the page writes them only as text.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources
from typing import Any

from gowasm_inspect.analyses.diff import LEVELS, BuildDiff, DiffRow
from gowasm_inspect.analyses.size_tree import Node, diff_tree, size_tree
from gowasm_inspect.model.report import Report
from gowasm_inspect.render.figures import human_bytes

_REMOVED_SHOWN = 200
_LEVEL_TITLES = {"sections": "Sections", "regions": "Data regions", "modules": "Modules", "packages": "Packages",
                 "package_data": "Package data", "functions": "Functions"}


def size_page(report: Report) -> str:
    tree = size_tree(report)
    return _page(f"{report.file}: where the bytes go", _facts(report), tree, _measures(report, tree), diff=None)


def diff_page(old: Report, new: Report, result: BuildDiff) -> str:
    tree, removed = diff_tree(old, new)
    facts = [("old", f"{old.file} ({old.size:,} bytes)"), ("new", f"{new.file} ({new.size:,} bytes)"),
             ("change", _signed(result.total.delta) + " bytes"), *_facts(new)[1:]]
    tables = [{"title": f"Removed ({len(removed):,})" if removed else "Removed: nothing", "columns": ["Path", "Old bytes"],
               "rows": [[" \u203a ".join(path), f"{size:,}"] for path, size in removed[:_REMOVED_SHOWN]]}]
    for level in LEVELS:
        rows = [row for row in getattr(result, level) if row.delta]
        if rows:
            tables.append({"title": _LEVEL_TITLES[level], "columns": ["Name", "Old", "New", "Change", "Status"],
                           "rows": [_diff_cells(row) for row in rows]})
    return _page(f"{old.file} \u2192 {new.file}", facts, tree, {}, diff=tables)


def _diff_cells(row: DiffRow) -> list[str]:
    return [row.name, "" if row.old is None else f"{row.old:,}", "" if row.new is None else f"{row.new:,}",
            _signed(row.delta), row.status]


def _signed(number: int) -> str:
    return f"{number:+,}"


def _facts(report: Report) -> list[tuple[str, str]]:
    build = report.build
    facts = [("size", f"{report.size:,} bytes ({human_bytes(report.size)})"), ("sha256", report.sha256[:16])]
    if build.go_version:
        facts.append(("Go", build.go_version))
    if build.goos:
        facts.append(("target", f"{build.goos}/{build.goarch}" + (f" ({build.target})" if build.target else "")))
    if build.main:
        facts.append(("main module", build.main.path + (f" {build.main.version}" if build.main.version else "")))
    facts.append(("names", "stripped (-s)" if build.stripped else "name section kept"))
    if report.attribution.packages:
        facts.append(("packages", report.attribution.packages))
    return facts


def _measures(report: Report, tree: Node) -> dict[str, list[float]]:
    """Algorithm -> for each section (the tree's top level), its estimated share of the compressed file
    over its raw bytes; 1 where there is no estimate (the module header)."""
    if report.compressed_share is None:
        return {}
    by_offset = {share.offset: share.sizes for share in report.compressed_share.sections}
    found = {}
    for algorithm in report.compressed:
        found[algorithm] = [by_offset[node.offset].get(algorithm, node.size) / node.size
                            if node.offset in by_offset and node.size else 1.0 for node in tree.children]
    return found


def _encode(tree: Node, names: dict[str, int]) -> list[Any]:
    encoded: list[Any] = [tree.kind, names.setdefault(tree.name, len(names)), tree.size, tree.delta, int(tree.added)]
    if tree.children:
        encoded.append([_encode(child, names) for child in tree.children])
    return encoded


def _page(title: str, facts: list[tuple[str, str]], tree: Node, measures: dict[str, list[float]],
          diff: list[dict[str, Any]] | None) -> str:
    names: dict[str, int] = {}
    encoded = _encode(tree, names)
    data = {"title": title, "facts": facts, "names": list(names), "tree": encoded, "diff": diff is not None,
            "measures": measures, "tables": diff or []}
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    assets = resources.files("gowasm_inspect.render") / "assets"
    script, style = (assets / "treemap.js").read_text(), (assets / "treemap.css").read_text()
    policy = (f"default-src 'none'; script-src '{_digest(script)}'; style-src '{_digest(style)}'; "
              "base-uri 'none'; form-action 'none'")
    page = (assets / "page.html").read_text()
    for key, value in (("CSP", policy), ("TITLE", html.escape(title)), ("STYLE", style), ("SCRIPT", script),
                       ("DATA", text)):
        page = page.replace("{{" + key + "}}", value, 1)
    return page


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
