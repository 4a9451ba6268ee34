"""JSON output: the report model as documented in README (schema gowasm-inspect/report/v1)."""

from __future__ import annotations

import json

from gowasm_inspect.model import Report


def render_json(reports: list[Report], as_array: bool) -> str:
    """An array when several files were asked for (even if some could not be read), else one object."""
    documents = [report.to_dict() for report in reports]
    return json.dumps(documents if as_array else documents[0], indent=2) + "\n"


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
