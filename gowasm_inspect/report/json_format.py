"""JSON output: the report model as documented in README (schema gowasm-inspect/report/v1)."""

from __future__ import annotations

import json

from gowasm_inspect.model import Report


def render_json(reports: list[Report], as_array: bool) -> str:
    """An array when several files were asked for (even if some could not be read), else one object."""
    documents = [report.to_dict() for report in reports]
    return json.dumps(documents if as_array else documents[0], indent=2) + "\n"
