"""Markdown for pull-request comments and job summaries, with untrusted names made inert."""

from __future__ import annotations

from gowasm_inspect.report.text import printable

# Punctuation that means something inside a line: code, emphasis, strikethrough, links and images, cells.
# (Characters that matter only at the start of a line never start one here: cells and headlines are ours.)
_BACKSLASHED = set("\\`*_[]|~")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "&#64;"}  # @ would mention someone


def escape_markdown(text: str) -> str:
    """Text shown literally in a Markdown paragraph or table cell, on one line."""
    out = []
    for char in printable(text):
        if char in _ENTITIES:
            out.append(_ENTITIES[char])
        elif char in _BACKSLASHED:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def markdown_table(header: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """A GitHub-flavoured table; cells must already be escaped (escape_markdown), headers are ours."""
    right = right or set()
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---:" if number in right else "---" for number in range(len(header))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines
