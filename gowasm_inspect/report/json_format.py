"""JSON output: the report model as documented in README (schema gowasm-inspect/report/v1)."""

from __future__ import annotations

import json

from gowasm_inspect.model import Report


def render_json(reports: list[Report], as_array: bool) -> str:
    """An array when several files were asked for (even if some could not be read), else one object."""
    documents = [report.to_dict() for report in reports]
    if not as_array:
        return _layout(documents[0], "") + "\n"
    return "[\n" + ",\n".join("  " + _layout(d, "  ") for d in documents) + "\n]\n"


def _layout(document: dict, indent: str) -> str:
    """Top-level keys on their own lines and one row per line: readable, and encoded by json's C encoder
    (indent= would switch to its pure-Python one, several times slower on 100,000 rows)."""
    lines = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            rows = ",\n".join(f"{indent}    {json.dumps(row)}" for row in value)
            text = f"[\n{rows}\n{indent}  ]"
        else:
            text = json.dumps(value)
        lines.append(f"{indent}  {json.dumps(key)}: {text}")
    return "{\n" + ",\n".join(lines) + f"\n{indent}}}"


def info_document(report: Report) -> dict:
    """What `info` reports: build facts and counts, from the same report model as `size`."""
    build = report.build
    return {
        "file": report.file,
        "is_go": build.is_go,
        "go_version": build.go_version,
        "goos": build.goos,
        "goarch": build.goarch,
        "target": build.target,
        "main": build.main,
        "main_package": build.main_package,
        "deps": build.deps,
        "settings": build.settings,
        "build_id": build.build_id,
        "stripped": build.stripped,
        "trimpath": build.trimpath,
        "names": report.attribution.get("names"),
        "counts": {"functions": len(report.functions), "packages": len(report.packages),
                   "modules": len(report.modules)},
    }


def render_info_json(reports: list[Report], as_array: bool) -> str:
    documents = [info_document(report) for report in reports]
    return json.dumps(documents if as_array else documents[0], indent=2) + "\n"
