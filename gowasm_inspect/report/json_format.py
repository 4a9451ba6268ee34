"""JSON output: the report model as documented in README (schema gowasm-inspect/report/v1)."""

from __future__ import annotations

import json

from gowasm_inspect.model import Report


def render_json(reports: list[Report]) -> str:
    """One object for one file, an array for several."""
    documents = [report.to_dict() for report in reports]
    return json.dumps(documents[0] if len(documents) == 1 else documents, indent=2) + "\n"
