"""GitHub Actions workflow commands (::error, ::warning), their text escaped as the runner parses it."""

from __future__ import annotations

from gowasm_inspect.render.escape import escape_workflow_data, escape_workflow_property


def workflow_command(command: str, message: str, **properties: str | int | None) -> str:
    given = ",".join(f"{key}={escape_workflow_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{command}{' ' + given if given else ''}::{escape_workflow_data(message)}"
