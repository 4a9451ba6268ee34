"""GitHub Actions workflow commands, escaped as the runner parses them.

The runner reads `::command key=value,...::message` lines. In the message, `%`, CR
and LF are percent-encoded; in property values also `:` and `,`. Untrusted names
are also passed through printable() first, so nothing in them can end the line.
"""

from __future__ import annotations

from gowasm_inspect.report.text import printable


def escape_data(text: str) -> str:
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def workflow_command(command: str, message: str, **properties: str | int | None) -> str:
    given = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items() if value is not None)
    return f"::{command}{' ' + given if given else ''}::{escape_data(message)}"
